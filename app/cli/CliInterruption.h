#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace ops {

class SignalWatcher;

/**
 * @brief Ctrl-C (SIGINT), SIGTERM and SIGHUP while a guided action runs, in three steps:
 * - the first asks the running executor to stop at its next safe point (@p stop, with a reason
 *   naming the signal); the command goes on until the executor has undone what it safely can and
 *   journaled the end;
 * - another one says what it is still doing and that one more within kQuitWindowMs quits now;
 * - one within that window quits at once: the default action of the signal, so the journal keeps
 *   the operation unfinished, exactly as after a kill.
 * Installed only once the operation starts: before that (survey, plan, confirmation) the default
 * action ends the process with nothing sent.
 */
class CliInterruption : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kQuitWindowMs = 2000;

    CliInterruption(QString operationId, std::function<void(const QString &reason)> stop, QObject *parent = nullptr);
    ~CliInterruption() override;

    /** The operation named when quitting (known later than the handler, for a runbook run). */
    void setOperationId(const QString &id) { m_operationId = id; }
    /** The last thing the operation reported doing (its phase): the second signal repeats it. */
    void setStatus(const QString &text) { m_status = text; }
    /** True once a signal asked the operation to stop. */
    bool interrupted() const { return m_count > 0; }
    /** "interrupted by SIGINT (Ctrl-C)", for the outcome and the messages. */
    QString reason() const { return m_reason; }
    static QString signalName(int signo);

private:
    void onSignal(int signo);
    [[noreturn]] void quitNow(int signo);

    QString m_operationId;
    std::function<void(const QString &)> m_stop;
    SignalWatcher *m_watcher = nullptr;
    QString m_status;
    QString m_reason;
    int m_count = 0;
    qint64 m_lastMs = 0;
};

} // namespace ops
