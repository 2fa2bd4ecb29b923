#include "SignalWatcher.h"

#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace ops {

namespace {
int g_fds[2] = {-1, -1};

void onSignal(int signo)
{
    const char byte = char(signo);
    [[maybe_unused]] const auto written = ::write(g_fds[0], &byte, 1);
}
} // namespace

SignalWatcher::SignalWatcher(QObject *parent)
    : QObject(parent)
{
    if (g_fds[0] < 0 && ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_fds) != 0)
        return;
    m_notifier = new QSocketNotifier(g_fds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        if (::read(g_fds[1], &byte, 1) == 1)
            emit interrupted(int(byte));
    });
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int signo : {SIGINT, SIGTERM, SIGHUP})
        sigaction(signo, &sa, nullptr);
}

SignalWatcher::~SignalWatcher()
{
    struct sigaction sa {};
    sa.sa_handler = SIG_DFL;
    for (int signo : {SIGINT, SIGTERM, SIGHUP})
        sigaction(signo, &sa, nullptr);
}

} // namespace ops
