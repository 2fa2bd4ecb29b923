#include "LabProcess.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <csignal>
#include <sys/prctl.h>

namespace ops {

LabProcess::LabProcess(QString program, QString directory, QString config, QObject *parent)
    : QObject(parent), m_program(std::move(program)), m_directory(std::move(directory)), m_config(std::move(config))
{
    connect(&m_process, &QProcess::finished, this, [this](int code) { emit exited(code); });
}

LabProcess::~LabProcess()
{
    stop(500);
}

bool LabProcess::start()
{
    const QString exe = QStandardPaths::findExecutable(m_program);
    if (exe.isEmpty()) {
        m_error = QStringLiteral("%1 is not on PATH (install redis-server / redis-sentinel)").arg(m_program);
        return false;
    }
    QDir().mkpath(m_directory);
    const QString confPath = m_directory + QStringLiteral("/node.conf");
    QFile conf(confPath);
    if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate) || conf.write(m_config.toUtf8()) < 0) {
        m_error = QStringLiteral("cannot write %1: %2").arg(confPath, conf.errorString());
        return false;
    }
    conf.close();
    m_process.setWorkingDirectory(m_directory);
    m_process.setStandardOutputFile(m_directory + QStringLiteral("/server.log"));
    m_process.setStandardErrorFile(m_directory + QStringLiteral("/server.log"), QIODevice::Append);
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process.start(exe, {confPath});
    if (!m_process.waitForStarted(5000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(exe, m_process.errorString());
        return false;
    }
    m_pid = m_process.processId();
    return true;
}

QString LabProcess::logTail(int lines) const
{
    QFile f(m_directory + QStringLiteral("/server.log"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> all = f.readAll().trimmed().split('\n');
    QStringList tail;
    for (qsizetype i = std::max<qsizetype>(0, all.size() - lines); i < all.size(); ++i)
        tail << QString::fromUtf8(all[i]);
    return tail.join(QLatin1Char('\n'));
}

bool LabProcess::signal(int signo)
{
    if (m_pid <= 0 || !isRunning())
        return false;
    return ::kill(pid_t(m_pid), signo) == 0;
}

void LabProcess::stop(int graceMs)
{
    if (!isRunning())
        return;
    ::kill(pid_t(m_pid), SIGCONT); // a stopped process cannot handle SIGTERM
    m_process.terminate();
    if (!m_process.waitForFinished(graceMs)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

} // namespace ops
