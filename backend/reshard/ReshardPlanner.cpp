#include "ReshardPlanner.h"

#include "ClusterMasters.h"
#include "ReshardChecks.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace ops {

namespace {
using Status = PreCheck::Status;

/** N split over @p weights by largest remainder (the sum is exactly N when N <= sum(weights)). */
QList<int> apportion(int n, const QList<int> &weights)
{
    const qint64 total = std::accumulate(weights.cbegin(), weights.cend(), qint64(0));
    QList<int> shares(weights.size(), 0);
    if (total <= 0)
        return shares;
    QList<QPair<qint64, int>> remainders;
    int given = 0;
    for (qsizetype i = 0; i < weights.size(); ++i) {
        const qint64 exact = qint64(n) * weights[i];
        shares[i] = int(exact / total);
        given += shares[i];
        remainders << qMakePair(exact % total, int(i));
    }
    std::stable_sort(remainders.begin(), remainders.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (qsizetype k = 0; given < n && k < remainders.size(); ++k, ++given)
        ++shares[remainders[k].second];
    return shares;
}

} // namespace

void ReshardPlanner::complete(ReshardPlan &plan, const ReshardSurvey &survey, const ClusterMasters &masters)
{
    // Estimated keys, big keys of the sources, the distribution after.
    QHash<QByteArray, int> delta;
    for (SlotMovePair &p : plan.pairs) {
        p.estimatedKeys = 0;
        for (int s : std::as_const(p.slotList))
            p.estimatedKeys += std::max<qint64>(0, survey.keysInSlot[s]);
        delta[p.source.id] -= int(p.slotList.size() + p.closeOnly.size());
        delta[p.target.id] += int(p.slotList.size() + p.closeOnly.size());
        for (const BigKey &k : survey.sample)
            if (k.node == p.source.endpoint && k.bytes >= plan.request.bigKeyBytes)
                plan.bigKeys << k;
    }
    plan.averageKeyBytes = survey.averageKeyBytes();
    plan.slotsBefore = masters.distribution();
    for (qsizetype i = 0; i < masters.masters().size(); ++i)
        plan.slotsAfter << qMakePair(plan.slotsBefore[i].first,
                                     plan.slotsBefore[i].second + delta.value(masters.masters()[i].id));
    if (!plan.bigKeys.isEmpty()) {
        QStringList keys;
        for (const BigKey &k : std::as_const(plan.bigKeys))
            keys << QStringLiteral("slot %1: %2 bytes").arg(k.slot).arg(k.bytes);
        plan.checks << makePreCheck(QStringLiteral("big-keys"), QStringLiteral("No big key in the sample"), Status::Warn,
                                    QStringLiteral("%1 (MIGRATE blocks the source while it sends one; batches of %2 "
                                                   "keys, timeout %3 ms)")
                                        .arg(keys.join(QStringLiteral(", ")))
                                        .arg(plan.effectiveBatchKeys())
                                        .arg(plan.effectiveMigrateTimeoutMs()));
    }
}

ReshardPlan ReshardPlanner::planMove(const ReshardSurvey &survey, const ReshardRequest &request)
{
    ReshardPlan plan;
    plan.request = request;
    plan.deploymentId = survey.cluster.deploymentId();
    const ClusterMasters masters(survey.cluster);
    plan.masters = masters.masters();
    plan.checks = ReshardChecks::common(survey, masters);

    QStringList problems;
    QString error;
    const std::optional<ReshardNode> target = masters.resolve(request.target, &error);
    if (!target)
        problems << QStringLiteral("target: ") + error;
    QList<ReshardNode> sources;
    for (const QString &name : request.sources) {
        const std::optional<ReshardNode> s = masters.resolve(name, &error);
        if (!s)
            problems << QStringLiteral("source: ") + error;
        else if (target && s->id == target->id)
            problems << QStringLiteral("source %1 is the target").arg(name);
        else if (!std::any_of(sources.cbegin(), sources.cend(), [&](const ReshardNode &n) { return n.id == s->id; }))
            sources << *s;
    }

    std::map<QByteArray, QList<int>> bySource; // ordered: the same survey gives the same plan
    if (target && problems.isEmpty()) {
        if (!request.ranges.isEmpty()) {
            QStringList wrongOwner;
            for (const SlotRange &r : request.ranges)
                for (int s = r.first; s <= r.last; ++s) {
                    const QByteArray owner = masters.owners()[s];
                    const bool fromSource = sources.isEmpty()
                        ? (!owner.isEmpty() && owner != target->id)
                        : std::any_of(sources.cbegin(), sources.cend(), [&](const ReshardNode &n) { return n.id == owner; });
                    if (fromSource)
                        bySource[owner] << s;
                    else
                        wrongOwner << QStringLiteral("%1 (%2)").arg(s).arg(
                            owner.isEmpty() ? QStringLiteral("no owner")
                                            : owner == target->id ? QStringLiteral("already the target's")
                                                                  : QStringLiteral("owned by %1").arg(QString::fromLatin1(owner.left(8))));
                }
            if (!wrongOwner.isEmpty())
                problems << QStringLiteral("%1 slot(s) cannot move from the sources: %2")
                                .arg(wrongOwner.size())
                                .arg(wrongOwner.mid(0, 5).join(QStringLiteral(", ")));
        } else if (sources.isEmpty()) {
            problems << QStringLiteral("--slots needs at least one --from node");
        } else {
            QList<int> owned;
            for (const ReshardNode &s : std::as_const(sources))
                owned << int(masters.slotsOf(s.id).size());
            const int available = std::accumulate(owned.cbegin(), owned.cend(), 0);
            if (request.slotCount <= 0 || request.slotCount > available)
                problems << QStringLiteral("%1 slots asked, the sources own %2").arg(request.slotCount).arg(available);
            else {
                const QList<int> shares = apportion(request.slotCount, owned);
                for (qsizetype i = 0; i < sources.size(); ++i)
                    if (shares[i] > 0)
                        bySource[sources[i].id] = masters.slotsOf(sources[i].id).mid(0, shares[i]);
            }
        }
    }
    if (target && problems.isEmpty())
        for (auto &[id, slotList] : bySource) {
            std::sort(slotList.begin(), slotList.end());
            plan.pairs << SlotMovePair{*masters.master(id), *target, slotList, 0, {}};
        }
    plan.checks << makePreCheck(QStringLiteral("request"), QStringLiteral("Sources, target and slots are valid"),
                                problems.isEmpty() ? Status::Pass : Status::Fail,
                                problems.isEmpty() ? QStringLiteral("%1 slots from %2 master(s) to %3")
                                                         .arg(plan.slotCount())
                                                         .arg(plan.pairs.size())
                                                         .arg(target->label())
                                                   : problems.join(QStringLiteral("; ")));
    complete(plan, survey, masters);
    return plan;
}

} // namespace ops
