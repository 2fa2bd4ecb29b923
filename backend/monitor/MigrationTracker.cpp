#include "MigrationTracker.h"

#include "core/Clock.h"

#include <QJsonObject>
#include <QLocale>

#include <algorithm>

namespace ops {

namespace {

SlotRanges rangesOf(const QSet<int> &slotSet)
{
    QList<int> sorted(slotSet.cbegin(), slotSet.cend());
    std::sort(sorted.begin(), sorted.end());
    SlotRanges out;
    for (int s : sorted) {
        if (!out.isEmpty() && out.last().last + 1 == s)
            out.last().last = s;
        else
            out << SlotRange{s, s};
    }
    return out;
}

QString rangesText(const SlotRanges &ranges)
{
    QStringList parts;
    for (const SlotRange &r : ranges)
        parts << r.toString();
    return parts.join(QLatin1Char(','));
}

} // namespace

qint64 MigrationTracker::Pair::keysMoved() const
{
    qint64 moved = keysFromFinished;
    for (auto it = keys.cbegin(); it != keys.cend(); ++it)
        if (it->first >= 0 && it->last >= 0)
            moved += it->first - it->last;
    return moved;
}

MigrationTracker::MigrationTracker(Clock *clock) : MigrationTracker(clock, Policy{}) {}
MigrationTracker::MigrationTracker(Clock *clock, Policy policy) : m_clock(clock), m_policy(policy) {}

OpsEvents MigrationTracker::update(const TopologySnapshot &snapshot)
{
    OpsEvents ended;
    if (snapshot.kind != TopologySnapshot::Kind::Cluster || !snapshot.slotMap)
        return ended;
    const qint64 now = m_clock->monotonicMs();
    m_deploymentId = snapshot.deploymentId;
    for (const Node &n : snapshot.nodes)
        m_addresses.insert(n.id, n.endpoint.toString());
    const SlotMap &map = *snapshot.slotMap;

    // Slots open now, by pair; a pair seen for the first time begins here.
    std::map<PairKey, QSet<int>> openNow;
    for (const SlotMap::Migration &m : map.migrations())
        if (!m.source.isEmpty() && !m.target.isEmpty() && m.source != m.target)
            openNow[{m.source, m.target}].insert(m.slot);
    for (const auto &[key, open] : openNow) {
        auto [it, added] = m_pairs.try_emplace(key);
        Pair &pair = it->second;
        if (added) {
            pair.source = key.first;
            pair.target = key.second;
            pair.startedMs = now;
            pair.startedWallMs = m_clock->wallMs();
        }
        pair.lastOpenMs = now;
        Q_UNUSED(open);
    }

    // Owner changes source -> target of the tracked pairs (also slots that moved between snapshots).
    if (m_previous) {
        for (auto &[key, pair] : m_pairs) {
            const int from = m_previous->indexOfOwner(pair.source);
            const int to = map.indexOfOwner(pair.target);
            if (from < 0 || to < 0)
                continue;
            for (int s = 0; s < kSlotCount; ++s)
                if (m_previous->ownerIndex(s) == from && map.ownerIndex(s) == to && !pair.finished.contains(s))
                    pair.finished.insert(s);
        }
    }

    // Slots that closed: finished when the target owns them, otherwise given up (keys back or never moved).
    for (auto &[key, pair] : m_pairs) {
        const QSet<int> open = openNow.count(key) ? openNow[key] : QSet<int>{};
        for (int s : std::as_const(pair.open))
            if (!open.contains(s))
                closeSlot(pair, s, map.ownerOf(s) == pair.target);
        for (int s : open)
            if (pair.finished.contains(s) && map.ownerOf(s) != pair.target)
                pair.finished.remove(s); // open again after a move back: not finished
        pair.open = open;
    }
    m_previous = snapshot.slotMap;
    matchOwn();

    for (auto it = m_pairs.begin(); it != m_pairs.end();) {
        Pair &pair = it->second;
        sample(pair);
        if (pair.open.isEmpty() && now - pair.lastOpenMs >= m_policy.graceMs) {
            if (!pair.own)
                ended << summaryOf(pair);
            it = m_pairs.erase(it);
        } else {
            ++it;
        }
    }
    return ended;
}

void MigrationTracker::closeSlot(Pair &pair, int slot, bool finished)
{
    const SlotKeys k = pair.keys.take(slot);
    if (finished) {
        pair.finished.insert(slot);
        if (k.first >= 0)
            pair.keysFromFinished += k.first; // every key it had when first counted has left
    } else if (k.first >= 0 && k.last >= 0) {
        pair.keysFromFinished += k.first - k.last;
    }
}

void MigrationTracker::setKeyCount(int slot, qint64 keys)
{
    if (keys < 0)
        return;
    for (auto &[key, pair] : m_pairs) {
        if (!pair.open.contains(slot))
            continue;
        SlotKeys &k = pair.keys[slot];
        k.first = std::max(k.first, keys);
        k.last = keys;
        k.countedMs = m_clock->monotonicMs();
        pair.keysKnown = true;
        sample(pair);
    }
}

void MigrationTracker::sample(Pair &pair)
{
    const qint64 now = m_clock->monotonicMs();
    Sample s{now, pair.keysMoved(), int(pair.finished.size()), pair.keysKnown};
    if (!pair.samples.empty() && pair.samples.back().atMs == now)
        pair.samples.back() = s;
    else
        pair.samples.push_back(s);
    // Keep the window, plus the one sample just before it (the span's start).
    while (pair.samples.size() > 2 && now - pair.samples[1].atMs >= m_policy.windowMs)
        pair.samples.pop_front();
}

void MigrationTracker::setOwnProgress(const ReshardProgress &progress)
{
    m_own = progress;
    m_ownRunning = true;
    matchOwn();
}

void MigrationTracker::clearOwnProgress()
{
    m_ownRunning = false;
    m_own = {};
}

void MigrationTracker::matchOwn()
{
    if (!m_ownRunning)
        return;
    for (auto &[key, pair] : m_pairs)
        for (const ReshardProgress::Stream &st : std::as_const(m_own.streams))
            if (st.source == endpointOf(pair.source) && st.target == endpointOf(pair.target))
                pair.own = true; // stays own after the reshard ends: it is journaled, not summarised
}

QList<MigrationTracker::Probe> MigrationTracker::probes() const
{
    struct Candidate
    {
        qint64 countedMs;
        int slot;
        QString source;
    };
    QList<Candidate> all;
    for (const auto &[key, pair] : m_pairs) {
        if (pair.own)
            continue; // its own progress counts its keys
        for (int s : pair.open)
            all << Candidate{pair.keys.value(s).countedMs, s, pair.source};
    }
    std::sort(all.begin(), all.end(), [](const Candidate &a, const Candidate &b) {
        return a.countedMs != b.countedMs ? a.countedMs < b.countedMs : a.slot < b.slot;
    });
    QList<Probe> out;
    for (const Candidate &c : std::as_const(all).mid(0, m_policy.maxProbes))
        out << Probe{c.slot, c.source};
    return out;
}

MigrationViews MigrationTracker::views() const
{
    MigrationViews out;
    for (const auto &[key, pair] : m_pairs)
        out << viewOf(pair);
    return out;
}

MigrationView MigrationTracker::viewOf(const Pair &pair) const
{
    const qint64 now = m_clock->monotonicMs();
    MigrationView v;
    v.sourceId = pair.source;
    v.targetId = pair.target;
    v.sourceLabel = labelOf(pair.source);
    v.targetLabel = labelOf(pair.target);
    v.openSlots = rangesOf(pair.open);
    v.slotsFinished = int(pair.finished.size());
    v.keysMoved = pair.keysMoved();
    v.startedWallMs = pair.startedWallMs;
    v.elapsedMs = now - pair.startedMs;
    v.own = pair.own;
    v.ended = pair.open.isEmpty() && now - pair.lastOpenMs >= m_policy.graceMs;

    // Keys left: only when every open slot has been counted.
    bool allCounted = !pair.open.isEmpty();
    qint64 left = 0;
    for (int s : pair.open) {
        const SlotKeys k = pair.keys.value(s);
        if (k.last < 0)
            allCounted = false;
        else
            left += k.last;
    }
    v.keysLeft = pair.open.isEmpty() ? 0 : allCounted ? left : -1;

    if (pair.samples.size() >= 2) {
        const Sample &a = pair.samples.front();
        const Sample &b = pair.samples.back();
        const qint64 span = b.atMs - a.atMs;
        if (span >= m_policy.minRateSpanMs)
            v.slotsPerSecond = double(b.slotsFinished - a.slotsFinished) * 1000.0 / double(span);
        // Keys from the first sample that had a count: the snapshot before the first count has none.
        const auto known = std::find_if(pair.samples.cbegin(), pair.samples.cend(), [](const Sample &x) { return x.keysKnown; });
        if (known != pair.samples.cend() && b.keysKnown && b.atMs - known->atMs >= m_policy.minRateSpanMs)
            v.keysPerSecond = double(std::max<qint64>(0, b.keysMoved - known->keysMoved)) * 1000.0 / double(b.atMs - known->atMs);
    }
    if (v.keysLeft == 0 && !pair.open.isEmpty())
        v.etaMs = 0;
    else if (v.keysLeft > 0 && v.keysPerSecond > 0)
        v.etaMs = qint64(double(v.keysLeft) * 1000.0 / v.keysPerSecond);

    if (pair.own && m_ownRunning) {
        v.operationId = m_own.operationId;
        int done = 0;
        int total = 0;
        qint64 moved = 0;
        for (const ReshardProgress::Stream &st : m_own.streams)
            if (st.source == endpointOf(pair.source) && st.target == endpointOf(pair.target)) {
                done += st.slotsDone;
                total += st.slotsTotal;
                moved += st.keysMoved;
            }
        v.slotsFinished = std::max(v.slotsFinished, done);
        v.slotsTotal = total;
        v.keysMoved = moved;
        // The action's rate is over all its pairs: this pair's share of it by keys moved.
        const double share = m_own.keysMoved > 0 ? double(moved) / double(m_own.keysMoved) : 1.0;
        v.keysPerSecond = m_own.keysPerSecond * share;
        v.keysLeft = -1;
        v.etaMs = m_own.etaMs;
    }
    return v;
}

OpsEvent MigrationTracker::summaryOf(const Pair &pair) const
{
    const MigrationView v = viewOf(pair);
    const SlotRanges moved = rangesOf(pair.finished);
    const qint64 durationMs = std::max<qint64>(0, pair.lastOpenMs - pair.startedMs);
    OpsEvent e;
    e.timestampMs = m_clock->wallMs();
    e.deploymentId = m_deploymentId;
    e.kind = OpsEvent::Kind::MigrationSummary;
    e.severity = OpsEvent::Severity::Info;
    e.source = OpsEvent::Source::Poll;
    e.nodeId = pair.source;
    e.endpoint = endpointOf(pair.source);
    const QLocale c = QLocale::c();
    e.message = QStringLiteral("slots moved outside the console: %1 -> %2, %3 slot(s)%4, %5 keys seen moving, %6 s")
                    .arg(v.sourceLabel, v.targetLabel)
                    .arg(pair.finished.size())
                    .arg(moved.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(rangesText(moved.mid(0, 8))))
                    .arg(c.toString(v.keysMoved))
                    .arg(double(durationMs) / 1000.0, 0, 'f', 1);
    e.details = QJsonObject{{QStringLiteral("source"), pair.source},
                            {QStringLiteral("target"), pair.target},
                            {QStringLiteral("sourceAddress"), endpointOf(pair.source)},
                            {QStringLiteral("targetAddress"), endpointOf(pair.target)},
                            {QStringLiteral("slotsMoved"), int(pair.finished.size())},
                            {QStringLiteral("slots"), rangesText(moved)},
                            {QStringLiteral("keysMoved"), v.keysMoved},
                            {QStringLiteral("startedMs"), pair.startedWallMs},
                            {QStringLiteral("durationMs"), durationMs},
                            {QStringLiteral("origin"), QStringLiteral("outside-console")}};
    return e;
}

QString MigrationTracker::endpointOf(const QString &id) const { return m_addresses.value(id); }

QString MigrationTracker::labelOf(const QString &id) const
{
    const QString address = m_addresses.value(id);
    return address.isEmpty() ? id.left(8) : address;
}

} // namespace ops
