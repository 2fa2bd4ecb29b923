#include "DistributionRules.h"

#include "model/SlotMap.h"

#include <cmath>

namespace ops {

namespace {

using Severity = HealthFinding::Severity;
const QList<TopologySnapshot::Kind> kClusterOnly{TopologySnapshot::Kind::Cluster};
constexpr int kListedHotSlots = 8;

QList<HealthFinding> keySkew(const HealthInput &in)
{
    const TopologySnapshot &s = in.snapshot;
    QList<const Node *> owners;
    qint64 keys = 0;
    int slotTotal = 0;
    QStringList unread;
    for (const Node *m : s.masters()) {
        if (m->slotCount == 0)
            continue;
        if (m->keys < 0) {
            unread << HealthRule::label(*m);
            continue;
        }
        owners << m;
        keys += m->keys;
        slotTotal += m->slotCount;
    }
    if (!unread.isEmpty())
        return {HealthFinding::unknown(QStringLiteral("no INFO keyspace from %1 yet").arg(unread.join(QStringLiteral(", "))))};
    if (owners.size() < 2 || slotTotal == 0)
        return owners.isEmpty() ? QList<HealthFinding>{HealthFinding::unknown(QStringLiteral("no master with slots known yet"))}
                                : QList<HealthFinding>{};
    const HealthThresholds &t = in.thresholds;
    HealthFinding f = HealthFinding::fire(Severity::Warning, QString(),
                                          QStringLiteral("Look for hash tags that funnel keys into a few slots (cluster.hot-slots, "
                                                         "the Slots page's key counts); move slots from the fullest master to the "
                                                         "emptiest (redis-ops reshard) only once the keys themselves are spread."));
    QStringList off;
    for (const Node *m : owners) {
        const double expected = double(keys) * m->slotCount / slotTotal;
        const double deviation = double(m->keys) - expected;
        if (std::abs(deviation) <= t.keySkew * expected || std::abs(deviation) < double(t.keySkewMinKeys))
            continue;
        off << QStringLiteral("%1 %2 keys, %3 expected for its %4 slots")
                   .arg(HealthRule::label(*m)).arg(m->keys).arg(qint64(std::llround(expected))).arg(m->slotCount);
        f.on(m->id).with(HealthRule::label(*m), QStringLiteral("%1 keys / %2 expected").arg(m->keys).arg(qint64(std::llround(expected))));
    }
    if (off.isEmpty())
        return {};
    f.summary = QStringLiteral("keys unevenly spread against the slots: %1").arg(off.join(QStringLiteral("; ")));
    f.with(QStringLiteral("keys"), keys).with(QStringLiteral("tolerance"), QStringLiteral("%1 %").arg(t.keySkew * 100));
    return {f};
}

QList<HealthFinding> hotSlots(const HealthInput &in)
{
    const SlotKeyCountsPtr &census = in.context.keyCensus;
    if (!census)
        return {HealthFinding::unknown(in.context.keyCensusProblem)};
    if (!census->problem().isEmpty())
        return {HealthFinding::unknown(QStringLiteral("per-slot key counts failed: %1").arg(census->problem()))};
    const QList<int> &hot = census->hotSlots();
    if (hot.isEmpty()) {
        if (!census->isComplete())
            return {HealthFinding::unknown(QStringLiteral("per-slot key counts incomplete: %1").arg(census->errors().join(QStringLiteral("; "))))};
        return {};
    }
    qint64 hotKeys = 0;
    QStringList listed;
    HealthFinding f = HealthFinding::fire(Severity::Warning, QString(),
                                          QStringLiteral("Keys sharing a hash tag ({user42}:…) all land in one slot: spread the tag "
                                                         "(add a shard suffix to it), or give the hot slot a master of its own "
                                                         "(redis-ops reshard --slots N) so its load is not shared with others."));
    for (int slot : hot) {
        hotKeys += census->count(slot);
        if (listed.size() < kListedHotSlots)
            listed << QStringLiteral("%1:%2").arg(slot).arg(census->count(slot));
        const QString owner = census->ownerAt(slot);
        if (!owner.isEmpty() && !f.nodes.contains(owner))
            f.on(owner);
    }
    const double share = census->totalKeys() > 0 ? double(hotKeys) / double(census->totalKeys()) : 0;
    f.summary = QStringLiteral("%1 hot slot(s) hold %2 % of the keys (the mean is %3 keys per slot)")
                    .arg(hot.size()).arg(share * 100, 0, 'f', 1).arg(census->meanPerSlot(), 0, 'f', 2);
    f.with(QStringLiteral("hot"), hot.size())
        .with(QStringLiteral("slots"), listed.join(QLatin1Char(' ')))
        .with(QStringLiteral("keys"), census->totalKeys())
        .with(QStringLiteral("rule"), QStringLiteral(">= %1 x the mean and >= %2 keys").arg(SlotKeyCounts::kHotFactor).arg(SlotKeyCounts::kHotMinKeys));
    return {f};
}

} // namespace

QList<HealthRule> distributionRules()
{
    return {
        {QStringLiteral("cluster.key-skew"), QStringLiteral("Keys spread like the slots"),
         QStringLiteral("Each master should hold about its share of the slots' keys: one holding far more fills its memory and "
                        "takes more of the load first, and resharding by slot count does not fix it."),
         kClusterOnly, keySkew},
        {QStringLiteral("cluster.hot-slots"), QStringLiteral("No hot slots"),
         QStringLiteral("A slot holding many times the mean keys (usually a hash tag every key shares) cannot be split: its "
                        "master takes that load alone. Counted with CLUSTER COUNTKEYSINSLOT for every slot, at the settings "
                        "cadence."),
         kClusterOnly, hotSlots},
    };
}

} // namespace ops
