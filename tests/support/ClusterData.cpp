#include "ClusterData.h"

#include "LabFixture.h"
#include "discovery/ClusterNodesParser.h"
#include "model/HashSlot.h"
#include "resp/RedisConnection.h"

#include <QHash>

#include <map>
#include <memory>

namespace labtest {

using namespace ops;

namespace {

QList<ClusterNodeLine> nodesOf(LocalLab &lab, const Endpoint &node)
{
    RedisConnection c(lab.topology().connectionOptions(node));
    const RedisResult r = execute(c, RespCommand{"CLUSTER", "NODES"}, 2000, 5000);
    if (!r.ok())
        return {};
    Parsed<QList<ClusterNodeLine>> lines = parseClusterNodes(r.value().bytes());
    return lines.ok() ? lines.take() : QList<ClusterNodeLine>{};
}

QList<ClusterNodeLine> anyNodes(LocalLab &lab)
{
    for (const LabNode &n : lab.topology().nodesWithRole(LabNode::Role::Master)) {
        QList<ClusterNodeLine> lines = nodesOf(lab, n.endpoint);
        if (!lines.isEmpty())
            return lines;
    }
    return {};
}

QByteArray keyOf(const QByteArray &prefix, int i) { return prefix + QByteArray::number(i); }

} // namespace

QByteArray seedValue(int index, int bytes)
{
    QByteArray v = QByteArray::number(index) + ':';
    while (v.size() < bytes)
        v += char('a' + (v.size() + index) % 26);
    return v.left(std::max<qsizetype>(bytes, QByteArray::number(index).size() + 1));
}

QVector<Endpoint> slotOwners(LocalLab &lab)
{
    QVector<Endpoint> owners(kSlotCount);
    for (const ClusterNodeLine &l : anyNodes(lab))
        if (l.isMaster())
            for (const SlotRange &r : l.slotRanges)
                for (int s = r.first; s <= r.last; ++s)
                    owners[s] = Endpoint{l.host, l.port};
    return owners;
}

QString seedKeys(LocalLab &lab, const QByteArray &prefix, int count, int bytes)
{
    const QVector<Endpoint> owners = slotOwners(lab);
    std::map<QString, QList<RespCommand>> byOwner;
    for (int i = 0; i < count; ++i) {
        const QByteArray key = keyOf(prefix, i);
        const Endpoint owner = owners[HashSlot::of(key)];
        if (!owner.isValid())
            return QStringLiteral("slot %1 has no owner").arg(HashSlot::of(key));
        byOwner[owner.toString()] << RespCommand{"SET", key, seedValue(i, bytes)};
    }
    for (const auto &[owner, commands] : byOwner) {
        RedisConnection c(lab.topology().connectionOptions(Endpoint::parse(owner)));
        for (qsizetype from = 0; from < commands.size(); from += 5000) {
            const QList<RedisResult> results = executeAll(c, commands.mid(from, 5000), 30000);
            for (const RedisResult &r : results)
                if (!r.ok())
                    return QStringLiteral("%1: %2").arg(owner, QString::fromUtf8(describe(r)));
        }
    }
    return {};
}

QString ReadBack::toString() const
{
    QStringList ex;
    for (const QByteArray &k : examples)
        ex << QString::fromUtf8(k);
    return QStringLiteral("present %1, missing %2, wrong %3%4%5")
        .arg(present)
        .arg(missing)
        .arg(wrong)
        .arg(error.isEmpty() ? QString() : QStringLiteral(", error: ") + error)
        .arg(ex.isEmpty() ? QString() : QStringLiteral(" (e.g. %1)").arg(ex.join(QStringLiteral(", "))));
}

ReadBack readBack(LocalLab &lab, const QByteArray &prefix, int count, int bytes)
{
    ReadBack rb;
    const QVector<Endpoint> owners = slotOwners(lab);
    std::map<QString, QList<int>> byOwner;
    for (int i = 0; i < count; ++i)
        byOwner[owners[HashSlot::of(keyOf(prefix, i))].toString()] << i;
    for (const auto &[owner, indexes] : byOwner) {
        RedisConnection c(lab.topology().connectionOptions(Endpoint::parse(owner)));
        for (qsizetype from = 0; from < indexes.size(); from += 5000) {
            QList<RespCommand> gets;
            const QList<int> part = indexes.mid(from, 5000);
            for (int i : part)
                gets << RespCommand{"GET", keyOf(prefix, i)};
            const QList<RedisResult> results = executeAll(c, gets, 30000);
            for (qsizetype k = 0; k < part.size(); ++k) {
                const RedisResult &r = results.value(k, RedisResult(RespValue()));
                if (!r.ok()) {
                    if (rb.error.isEmpty())
                        rb.error = QStringLiteral("%1: %2").arg(owner, QString::fromUtf8(describe(r)));
                    continue;
                }
                const QByteArray key = keyOf(prefix, part[k]);
                if (r.value().isNil()) {
                    ++rb.missing;
                    if (rb.examples.size() < 5)
                        rb.examples << key;
                } else if (r.value().bytes() != seedValue(part[k], bytes)) {
                    ++rb.wrong;
                    if (rb.examples.size() < 5)
                        rb.examples << key;
                } else {
                    ++rb.present;
                }
            }
        }
    }
    return rb;
}

QStringList openSlots(LocalLab &lab)
{
    QStringList open;
    for (const LabNode &n : lab.topology().nodes) {
        for (const ClusterNodeLine &l : nodesOf(lab, n.endpoint)) {
            if (!l.has(ClusterNodeLine::Myself))
                continue;
            for (const SlotTransfer &t : l.migrating)
                open << QStringLiteral("slot %1 migrating on %2").arg(t.slot).arg(n.endpoint.toString());
            for (const SlotTransfer &t : l.importing)
                open << QStringLiteral("slot %1 importing on %2").arg(t.slot).arg(n.endpoint.toString());
        }
    }
    return open;
}

QList<Endpoint> mastersBySlot(LocalLab &lab)
{
    QList<ClusterNodeLine> masters;
    for (const ClusterNodeLine &l : anyNodes(lab))
        if (l.isMaster() && l.slotCount() > 0)
            masters << l;
    std::sort(masters.begin(), masters.end(),
              [](const auto &a, const auto &b) { return a.slotRanges.first().first < b.slotRanges.first().first; });
    QList<Endpoint> out;
    for (const ClusterNodeLine &l : std::as_const(masters))
        out << Endpoint{l.host, l.port};
    return out;
}

} // namespace labtest
