#include "SyntheticCluster.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <algorithm>

namespace synthetic {

namespace {
constexpr qint64 kBaseTimeMs = 1700000000000;
}

QByteArray nodeId(int index, quint32 seed)
{
    const QByteArray key = QByteArray::number(seed) + ':' + QByteArray::number(index);
    return QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex(); // 40 hex chars
}

ops::SlotRange slotRangeOf(int master, int masters)
{
    const int base = ops::kSlotCount / masters;
    const int extra = ops::kSlotCount % masters;
    const int first = master * base + std::min(master, extra);
    const int count = base + (master < extra ? 1 : 0);
    return {first, first + count - 1};
}

QByteArray clusterNodesText(const ClusterSpec &spec)
{
    const int n = spec.masters * (1 + spec.replicasPerMaster);
    QList<QByteArray> lines;
    lines.reserve(n);
    for (int i = 0; i < n; ++i) {
        const bool isMasterSlot = i < spec.masters;
        const int perMaster = std::max(1, spec.replicasPerMaster);
        const int master = isMasterSlot ? i : (i - spec.masters) / perMaster;
        const int replica = isMasterSlot ? -1 : (i - spec.masters) % perMaster;
        // After a failover the first replica is the master and the old master its failed replica.
        const bool promoted = spec.replicasPerMaster > 0 && spec.failedOver.contains(master);
        const int firstReplica = spec.masters + master * spec.replicasPerMaster;
        const bool actsAsMaster = promoted ? replica == 0 : isMasterSlot;
        const bool failed = promoted && isMasterSlot;
        const int masterIndex = promoted ? firstReplica : master;
        const quint64 epoch = quint64(master) + 1 + (promoted ? quint64(spec.masters) : 0);
        const int port = spec.basePort + i;

        QByteArray line;
        line.reserve(actsAsMaster ? 128 : 160);
        line += nodeId(i, spec.seed);
        line += " 127.0.0.1:" + QByteArray::number(port) + '@' + QByteArray::number(port + spec.busPortOffset) + ' ';
        if (i == spec.myselfIndex)
            line += "myself,";
        line += actsAsMaster ? "master" : "slave";
        if (failed)
            line += ",fail";
        line += ' ';
        line += actsAsMaster ? QByteArray("-") : nodeId(masterIndex, spec.seed);
        line += failed ? " " + QByteArray::number(kBaseTimeMs - 5000) : QByteArray(" 0");
        line += ' ' + QByteArray::number(kBaseTimeMs + i) + ' ' + QByteArray::number(epoch);
        line += failed ? " disconnected" : " connected";
        if (actsAsMaster) {
            const ops::SlotRange r = slotRangeOf(master, spec.masters);
            line += ' ' + r.toString().toLatin1();
        }
        line += '\n';
        lines.append(std::move(line));
    }
    if (spec.shuffled) {
        QRandomGenerator rng(spec.seed);
        std::shuffle(lines.begin(), lines.end(), rng);
    }
    QByteArray text;
    text.reserve(n * 150);
    for (const QByteArray &l : std::as_const(lines))
        text += l;
    return text;
}

} // namespace synthetic
