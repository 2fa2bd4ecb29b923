#include "CliInterruption.h"

#include "SignalWatcher.h"
#include "core/Clock.h"

#include <csignal>
#include <cstdio>

namespace ops {

namespace {
void say(const QString &text)
{
    std::fputs((text + QLatin1Char('\n')).toUtf8().constData(), stderr);
    std::fflush(stderr);
}
} // namespace

CliInterruption::CliInterruption(QString operationId, std::function<void(const QString &)> stop, QObject *parent)
    : QObject(parent), m_operationId(std::move(operationId)), m_stop(std::move(stop)), m_watcher(new SignalWatcher(this))
{
    connect(m_watcher, &SignalWatcher::interrupted, this, &CliInterruption::onSignal);
}

CliInterruption::~CliInterruption() = default;

QString CliInterruption::signalName(int signo)
{
    switch (signo) {
    case SIGINT:
        return QStringLiteral("SIGINT (Ctrl-C)");
    case SIGTERM:
        return QStringLiteral("SIGTERM");
    case SIGHUP:
        return QStringLiteral("SIGHUP");
    default:
        return QStringLiteral("signal %1").arg(signo);
    }
}

void CliInterruption::onSignal(int signo)
{
    const qint64 now = Clock::system()->monotonicMs();
    ++m_count;
    if (m_count == 1) {
        m_lastMs = now;
        m_reason = QStringLiteral("interrupted by %1").arg(signalName(signo));
        m_stop(m_reason);
        return;
    }
    if (now - m_lastMs <= kQuitWindowMs)
        quitNow(signo);
    m_lastMs = now;
    say(QStringLiteral("redis-ops: still stopping (%1); %2 again within %3 s to quit now, leaving operation %4 unfinished")
            .arg(m_status.isEmpty() ? QStringLiteral("waiting for the next safe point") : m_status,
                 signo == SIGINT ? QStringLiteral("Ctrl-C") : signalName(signo))
            .arg(kQuitWindowMs / 1000)
            .arg(m_operationId));
}

void CliInterruption::quitNow(int signo)
{
    say(QStringLiteral("redis-ops: quitting now: operation %1 stays unfinished in the journal, as after a kill; what it "
                       "changed may stay changed: check the deployment and `redis-ops history --operations --operation %1`")
            .arg(m_operationId));
    // The signal's own default action: the shell sees the process ended by it (128 + signo).
    struct sigaction sa {};
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(signo, &sa, nullptr);
    std::raise(signo);
    std::_Exit(128 + signo); // not reached: the default action of these signals ends the process
}

} // namespace ops
