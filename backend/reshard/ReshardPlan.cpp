#include "ReshardPlan.h"

#include <QJsonArray>

#include <algorithm>

namespace ops {

namespace {

QJsonArray rangesJson(const SlotRanges &ranges)
{
    QJsonArray a;
    for (const SlotRange &r : ranges)
        a.append(QJsonArray{r.first, r.last});
    return a;
}

bool rangesFromJson(const QJsonArray &a, SlotRanges *out)
{
    for (const QJsonValue &v : a) {
        const QJsonArray r = v.toArray();
        if (r.size() != 2)
            return false;
        const int first = r.at(0).toInt(-1);
        const int last = r.at(1).toInt(-1);
        if (first < 0 || last < first || last >= kSlotCount)
            return false;
        out->append({first, last});
    }
    return true;
}

QJsonArray distributionJson(const QList<QPair<QString, int>> &d)
{
    QJsonArray a;
    for (const auto &[label, slotList] : d)
        a.append(QJsonObject{{QStringLiteral("node"), label}, {QStringLiteral("slots"), slotList}});
    return a;
}

} // namespace

SlotRanges slotRangesOf(const QList<int> &slotList)
{
    SlotRanges ranges;
    for (int s : slotList) {
        if (!ranges.isEmpty() && ranges.last().last + 1 == s)
            ranges.last().last = s;
        else
            ranges.append({s, s});
    }
    return ranges;
}

QString slotListText(const QList<int> &slotList)
{
    QStringList parts;
    for (const SlotRange &r : slotRangesOf(slotList))
        parts << r.toString();
    return parts.join(QLatin1Char(','));
}

QJsonObject ReshardNode::toJson() const
{
    return {{QStringLiteral("id"), QString::fromLatin1(id)}, {QStringLiteral("address"), endpoint.toString()}};
}

std::optional<ReshardNode> ReshardNode::fromJson(const QJsonObject &o)
{
    bool ok = false;
    ReshardNode n;
    n.id = o.value(QStringLiteral("id")).toString().toLatin1();
    n.endpoint = Endpoint::parse(o.value(QStringLiteral("address")).toString(), 6379, &ok);
    if (!ok || n.id.isEmpty())
        return std::nullopt;
    return n;
}

QJsonObject SlotMovePair::toJson() const
{
    return {{QStringLiteral("source"), source.toJson()},
            {QStringLiteral("target"), target.toJson()},
            {QStringLiteral("slots"), rangesJson(slotRangesOf(slotList))},
            {QStringLiteral("slotCount"), int(slotList.size())},
            {QStringLiteral("closeOnly"), rangesJson(slotRangesOf(closeOnly))},
            {QStringLiteral("estimatedKeys"), estimatedKeys}};
}

std::optional<SlotMovePair> SlotMovePair::fromJson(const QJsonObject &o)
{
    const auto source = ReshardNode::fromJson(o.value(QStringLiteral("source")).toObject());
    const auto target = ReshardNode::fromJson(o.value(QStringLiteral("target")).toObject());
    SlotRanges ranges;
    if (!source || !target || !rangesFromJson(o.value(QStringLiteral("slots")).toArray(), &ranges))
        return std::nullopt;
    SlotMovePair p{*source, *target, {}, o.value(QStringLiteral("estimatedKeys")).toInteger(), {}};
    for (const SlotRange &r : std::as_const(ranges))
        for (int s = r.first; s <= r.last; ++s)
            p.slotList << s;
    SlotRanges close;
    if (!rangesFromJson(o.value(QStringLiteral("closeOnly")).toArray(), &close))
        return std::nullopt;
    for (const SlotRange &r : std::as_const(close))
        for (int s = r.first; s <= r.last; ++s)
            p.closeOnly << s;
    return p;
}

QJsonObject ReshardRequest::toJson() const
{
    return {{QStringLiteral("sources"), QJsonArray::fromStringList(sources)},
            {QStringLiteral("target"), target},
            {QStringLiteral("slotCount"), slotCount},
            {QStringLiteral("ranges"), rangesJson(ranges)},
            {QStringLiteral("batchKeys"), batchKeys},
            {QStringLiteral("slotsInFlight"), slotsInFlight},
            {QStringLiteral("streamsPerPair"), streamsPerPair},
            {QStringLiteral("maxStreamsPerNode"), maxStreamsPerNode},
            {QStringLiteral("maxKeysPerSecond"), maxKeysPerSecond},
            {QStringLiteral("migrateTimeoutMs"), migrateTimeoutMs},
            {QStringLiteral("replaceConflicts"), replaceConflicts},
            {QStringLiteral("bigKeyBytes"), bigKeyBytes}};
}

ReshardRequest ReshardRequest::fromJson(const QJsonObject &o)
{
    ReshardRequest r;
    for (const QJsonValue &v : o.value(QStringLiteral("sources")).toArray())
        r.sources << v.toString();
    r.target = o.value(QStringLiteral("target")).toString();
    r.slotCount = o.value(QStringLiteral("slotCount")).toInt();
    rangesFromJson(o.value(QStringLiteral("ranges")).toArray(), &r.ranges);
    r.batchKeys = o.value(QStringLiteral("batchKeys")).toInt(r.batchKeys);
    r.slotsInFlight = o.value(QStringLiteral("slotsInFlight")).toInt(r.slotsInFlight);
    r.streamsPerPair = o.value(QStringLiteral("streamsPerPair")).toInt(r.streamsPerPair);
    r.maxStreamsPerNode = o.value(QStringLiteral("maxStreamsPerNode")).toInt(r.maxStreamsPerNode);
    r.maxKeysPerSecond = o.value(QStringLiteral("maxKeysPerSecond")).toInteger(r.maxKeysPerSecond);
    r.migrateTimeoutMs = o.value(QStringLiteral("migrateTimeoutMs")).toInt(r.migrateTimeoutMs);
    r.replaceConflicts = o.value(QStringLiteral("replaceConflicts")).toBool();
    r.bigKeyBytes = o.value(QStringLiteral("bigKeyBytes")).toInteger(r.bigKeyBytes);
    return r;
}

int ReshardPlan::slotCount() const
{
    int n = 0;
    for (const SlotMovePair &p : pairs)
        n += int(p.slotList.size() + p.closeOnly.size());
    return n;
}

int ReshardPlan::closeOnlyCount() const
{
    int n = 0;
    for (const SlotMovePair &p : pairs)
        n += int(p.closeOnly.size());
    return n;
}

qint64 ReshardPlan::estimatedKeys() const
{
    qint64 n = 0;
    for (const SlotMovePair &p : pairs)
        n += p.estimatedKeys;
    return n;
}

int ReshardPlan::effectiveBatchKeys() const
{
    if (bigKeys.isEmpty())
        return request.batchKeys;
    // Keep a batch of big keys under ~64 MB on the wire: MIGRATE holds the source while it sends.
    const qint64 biggest = std::max_element(bigKeys.cbegin(), bigKeys.cend(), [](const BigKey &a, const BigKey &b) {
                               return a.bytes < b.bytes;
                           })->bytes;
    const qint64 fit = std::max<qint64>(1, (64LL << 20) / std::max<qint64>(biggest, 1));
    return int(std::clamp<qint64>(fit, 1, request.batchKeys));
}

int ReshardPlan::windowSlotsFor(const SlotMovePair &pair) const
{
    const qint64 slotsMoved = std::max<qint64>(1, pair.slotList.size());
    const qint64 keysPerSlot = std::max<qint64>(1, pair.estimatedKeys / slotsMoved);
    return int(std::clamp<qint64>(kWindowKeys / keysPerSlot, 1, std::max(1, request.slotsInFlight)));
}

int ReshardPlan::effectiveMigrateTimeoutMs() const
{
    if (bigKeys.isEmpty())
        return request.migrateTimeoutMs;
    qint64 biggest = 0;
    for (const BigKey &k : bigKeys)
        biggest = std::max(biggest, k.bytes);
    // ~50 MB/s as the slowest link we plan for, at least the request's timeout.
    return int(std::clamp<qint64>(request.migrateTimeoutMs + biggest / 50'000, request.migrateTimeoutMs, 120'000));
}

QStringList ReshardPlan::oneSlotCommands() const
{
    if (pairs.isEmpty() || pairs.first().slotList.isEmpty())
        return {};
    const SlotMovePair &p = pairs.first();
    const QString slot = QString::number(p.slotList.first());
    const QString src = QString::fromLatin1(p.source.id);
    const QString dst = QString::fromLatin1(p.target.id);
    QStringList c;
    c << QStringLiteral("%1: CLUSTER SETSLOT %2 IMPORTING %3").arg(p.target.endpoint.toString(), slot, src)
      << QStringLiteral("%1: CLUSTER SETSLOT %2 MIGRATING %3").arg(p.source.endpoint.toString(), slot, dst)
      << QStringLiteral("%1: CLUSTER GETKEYSINSLOT %2 %3").arg(p.source.endpoint.toString(), slot).arg(effectiveBatchKeys())
      << QStringLiteral("%1: MIGRATE %2 %3 \"\" 0 %4%5 KEYS <the keys>   (repeated until no key is left)")
             .arg(p.source.endpoint.toString(), p.target.endpoint.host)
             .arg(p.target.endpoint.port)
             .arg(effectiveMigrateTimeoutMs())
             .arg(authenticated ? QStringLiteral(" AUTH2 (redacted)") : QString())
      << QStringLiteral("%1: CLUSTER SETSLOT %2 NODE %3").arg(p.target.endpoint.toString(), slot, dst)
      << QStringLiteral("%1: CLUSTER SETSLOT %2 NODE %3").arg(p.source.endpoint.toString(), slot, dst);
    for (const ReshardNode &m : masters)
        if (m.id != p.source.id && m.id != p.target.id)
            c << QStringLiteral("%1: CLUSTER SETSLOT %2 NODE %3").arg(m.endpoint.toString(), slot, dst);
    return c;
}

QJsonObject ReshardPlan::toJson() const
{
    QJsonArray m;
    for (const ReshardNode &n : masters)
        m.append(n.toJson());
    QJsonArray p;
    for (const SlotMovePair &pair : pairs)
        p.append(pair.toJson());
    QJsonArray big;
    for (const BigKey &k : bigKeys)
        big.append(QJsonObject{{QStringLiteral("node"), k.node.toString()},
                               {QStringLiteral("slot"), k.slot},
                               {QStringLiteral("key"), QString::fromUtf8(k.key)},
                               {QStringLiteral("bytes"), k.bytes}});
    return {{QStringLiteral("request"), request.toJson()},
            {QStringLiteral("deploymentId"), deploymentId},
            {QStringLiteral("masters"), m},
            {QStringLiteral("pairs"), p},
            {QStringLiteral("slotCount"), slotCount()},
            {QStringLiteral("estimatedKeys"), estimatedKeys()},
            {QStringLiteral("averageKeyBytes"), averageKeyBytes},
            {QStringLiteral("bigKeys"), big},
            {QStringLiteral("batchKeys"), effectiveBatchKeys()},
            {QStringLiteral("migrateTimeoutMs"), effectiveMigrateTimeoutMs()},
            {QStringLiteral("authenticated"), authenticated},
            {QStringLiteral("slotsBefore"), distributionJson(slotsBefore)},
            {QStringLiteral("slotsAfter"), distributionJson(slotsAfter)},
            {QStringLiteral("checks"), preChecksJson(checks)},
            {QStringLiteral("oneSlotCommands"), QJsonArray::fromStringList(oneSlotCommands())},
            {QStringLiteral("allowed"), allowed()}};
}

std::optional<ReshardPlan> ReshardPlan::fromJson(const QJsonObject &o, QString *error)
{
    ReshardPlan plan;
    plan.request = ReshardRequest::fromJson(o.value(QStringLiteral("request")).toObject());
    plan.deploymentId = o.value(QStringLiteral("deploymentId")).toString();
    plan.averageKeyBytes = o.value(QStringLiteral("averageKeyBytes")).toInteger();
    plan.authenticated = o.value(QStringLiteral("authenticated")).toBool();
    for (const QJsonValue &v : o.value(QStringLiteral("masters")).toArray()) {
        const auto n = ReshardNode::fromJson(v.toObject());
        if (!n) {
            *error = QStringLiteral("the plan names a master without id or address");
            return std::nullopt;
        }
        plan.masters << *n;
    }
    for (const QJsonValue &v : o.value(QStringLiteral("pairs")).toArray()) {
        const auto p = SlotMovePair::fromJson(v.toObject());
        if (!p) {
            *error = QStringLiteral("the plan has a move without source, target or valid slots");
            return std::nullopt;
        }
        plan.pairs << *p;
    }
    for (const QJsonValue &v : o.value(QStringLiteral("bigKeys")).toArray()) {
        const QJsonObject k = v.toObject();
        plan.bigKeys << BigKey{Endpoint::parse(k.value(QStringLiteral("node")).toString()),
                               k.value(QStringLiteral("slot")).toInt(),
                               k.value(QStringLiteral("key")).toString().toUtf8(),
                               k.value(QStringLiteral("bytes")).toInteger()};
    }
    if (plan.pairs.isEmpty()) {
        *error = QStringLiteral("the plan moves no slot");
        return std::nullopt;
    }
    return plan;
}

QStringList ReshardPlan::describe(qint64 estimatedKeysPerSecond) const
{
    QStringList lines;
    lines << QStringLiteral("Reshard of %1: %2 slots, ~%3 keys").arg(deploymentId).arg(slotCount()).arg(estimatedKeys());
    for (const SlotMovePair &p : pairs) {
        lines << QStringLiteral("  %1 -> %2: %3 slots (%4), ~%5 keys")
                     .arg(p.source.label(), p.target.label())
                     .arg(p.slotList.size())
                     .arg(slotListText(p.slotList).left(120))
                     .arg(p.estimatedKeys);
        if (!p.closeOnly.isEmpty())
            lines << QStringLiteral("    and %1 slot(s) whose keys are on the target already: only SETSLOT NODE left (%2)")
                         .arg(p.closeOnly.size())
                         .arg(slotListText(p.closeOnly).left(120));
    }
    lines << QStringLiteral("Slots per master, before -> after:");
    for (qsizetype i = 0; i < slotsBefore.size(); ++i)
        lines << QStringLiteral("  %1: %2 -> %3")
                     .arg(slotsBefore[i].first)
                     .arg(slotsBefore[i].second)
                     .arg(i < slotsAfter.size() ? slotsAfter[i].second : slotsBefore[i].second);
    lines << QStringLiteral("Batches: %1 keys per MIGRATE, timeout %2 ms, up to %3 slots in flight per stream, %4 stream(s) per pair%5")
                 .arg(effectiveBatchKeys())
                 .arg(effectiveMigrateTimeoutMs())
                 .arg(request.slotsInFlight)
                 .arg(request.streamsPerPair)
                 .arg(request.maxKeysPerSecond > 0 ? QStringLiteral(", at most %1 keys/s").arg(request.maxKeysPerSecond)
                                                   : QString());
    if (estimatedKeysPerSecond > 0)
        lines << QStringLiteral("Estimated duration: ~%1 s").arg(double(estimatedKeys()) / double(estimatedKeysPerSecond), 0, 'f', 1);
    for (const BigKey &k : bigKeys)
        lines << QStringLiteral("Warning: big key in slot %1 on %2: %3 bytes (smaller batches, longer timeout)")
                     .arg(k.slot)
                     .arg(k.node.toString())
                     .arg(k.bytes);
    lines << preChecksLines(checks);
    lines << QStringLiteral("Commands for one slot:");
    for (const QString &c : oneSlotCommands())
        lines << QStringLiteral("  ") + c;
    return lines;
}

} // namespace ops
