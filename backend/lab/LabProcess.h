#pragma once

#include <QProcess>
#include <QString>

namespace ops {

/**
 * @brief One redis-server or redis-sentinel process of a lab, started from PATH with a config
 * file in its own directory; output goes to `server.log` there. The process is told to die with
 * its parent (PR_SET_PDEATHSIG), so a crashed test or console leaves nothing behind.
 */
class LabProcess : public QObject
{
    Q_OBJECT
public:
    LabProcess(QString program, QString directory, QString config, QObject *parent = nullptr);
    ~LabProcess() override;

    /** Writes the config and starts the process; false (with error()) if it cannot start. */
    bool start();
    qint64 pid() const { return m_pid; }
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    const QString &directory() const { return m_directory; }
    QString error() const { return m_error; }
    /** The last lines the server logged (for error messages). */
    QString logTail(int lines = 8) const;

    /** Sends a signal to the process (SIGKILL, SIGSTOP, SIGCONT, ...). */
    bool signal(int signo);
    /** SIGCONT + SIGTERM, waits up to @p graceMs, then SIGKILL; blocks until reaped. */
    void stop(int graceMs = 2000);

signals:
    void exited(int exitCode);

private:
    QString m_program;
    QString m_directory;
    QString m_config;
    QProcess m_process;
    qint64 m_pid = 0;
    QString m_error;
};

} // namespace ops
