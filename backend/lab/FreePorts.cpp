#include "FreePorts.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTcpServer>

#include <memory>
#include <utility>
#include <vector>

namespace ops {

namespace {

/** Lowest port handed out: clear of well-known services and Redis's defaults (6379, 16379, 26379). */
constexpr int kLowest = 20000;

} // namespace

std::pair<quint16, quint16> FreePorts::ephemeralRange()
{
    QFile f(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
    if (f.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> parts = f.readAll().simplified().split(' ');
        bool okFirst = false, okLast = false;
        const int first = parts.value(0).toInt(&okFirst), last = parts.value(1).toInt(&okLast);
        if (okFirst && okLast && first > 0 && first <= last && last <= 65535)
            return {quint16(first), quint16(last)};
    }
    return {32768, 60999};
}

QList<quint16> FreePorts::allocate(int count)
{
    // Holding every listener until all are chosen guarantees the ports are distinct.
    std::vector<std::unique_ptr<QTcpServer>> holders;
    QList<quint16> ports;
    const auto hold = [&](quint16 port) {
        auto server = std::make_unique<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, port))
            return false;
        ports << server->serverPort();
        holders.push_back(std::move(server));
        return true;
    };
    const int below = int(ephemeralRange().first) - kLowest; // candidates: [kLowest, ephemeral first)
    if (below >= 4 * count) {
        // Consecutive from a random start (wrapping), skipping ports in use.
        const int start = int(QRandomGenerator::global()->bounded(below));
        for (int i = 0; i < below && ports.size() < count; ++i)
            hold(quint16(kLowest + (start + i) % below));
        if (ports.size() == count)
            return ports;
        holders.clear();
        ports.clear();
    }
    for (int i = 0; i < count; ++i)
        if (!hold(0))
            return {};
    return ports;
}

} // namespace ops
