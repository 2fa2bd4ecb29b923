#include "RebalancePlanner.h"

#include "ClusterMasters.h"
#include "ReshardChecks.h"
#include "ReshardPlanner.h"

#include <algorithm>
#include <cmath>

namespace ops {

namespace {
using Status = PreCheck::Status;

/** @p total split by @p weights, largest remainder first: the shares sum to @p total exactly. */
QList<int> shares(int total, const QList<double> &weights)
{
    double sum = 0;
    for (double w : weights)
        sum += w;
    QList<int> out(weights.size(), 0);
    if (sum <= 0)
        return out;
    QList<QPair<double, int>> rest;
    int given = 0;
    for (qsizetype i = 0; i < weights.size(); ++i) {
        const double exact = double(total) * weights[i] / sum;
        out[i] = int(std::floor(exact));
        given += out[i];
        rest << qMakePair(exact - out[i], int(i));
    }
    std::stable_sort(rest.begin(), rest.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (qsizetype k = 0; given < total && k < rest.size(); ++k, ++given)
        ++out[rest[k].second];
    return out;
}

struct Member
{
    ReshardNode node;
    double weight = 1;
    QList<int> owned;
    int expected = 0;
    int balance() const { return int(owned.size()) - expected; } ///< > 0 gives, < 0 takes
};

/** Donors give their lowest slots to receivers, the biggest surplus to the biggest deficit first. */
QList<SlotMovePair> match(QList<Member> members)
{
    QList<SlotMovePair> pairs;
    QHash<QByteArray, int> given;
    for (;;) {
        auto donor = std::max_element(members.begin(), members.end(),
                                      [](const Member &a, const Member &b) { return a.balance() < b.balance(); });
        auto receiver = std::min_element(members.begin(), members.end(),
                                         [](const Member &a, const Member &b) { return a.balance() < b.balance(); });
        if (donor == members.end() || donor->balance() <= 0 || receiver->balance() >= 0)
            break;
        const int n = std::min(donor->balance(), -receiver->balance());
        QList<int> moved = donor->owned.mid(0, n);
        donor->owned.remove(0, n);
        receiver->owned << moved;
        auto existing = std::find_if(pairs.begin(), pairs.end(), [&](const SlotMovePair &p) {
            return p.source.id == donor->node.id && p.target.id == receiver->node.id;
        });
        if (existing != pairs.end())
            existing->slotList << moved;
        else
            pairs << SlotMovePair{donor->node, receiver->node, moved, 0, {}};
    }
    for (SlotMovePair &p : pairs)
        std::sort(p.slotList.begin(), p.slotList.end());
    return pairs;
}

ReshardPlan basePlan(const ReshardSurvey &survey, const RebalanceRequest &request, const ClusterMasters &masters)
{
    ReshardPlan plan;
    plan.request = request.tuning;
    plan.deploymentId = survey.cluster.deploymentId();
    plan.masters = masters.masters();
    plan.checks = ReshardChecks::common(survey, masters);
    return plan;
}

} // namespace

ReshardPlan RebalancePlanner::planRebalance(const ReshardSurvey &survey, const RebalanceRequest &request)
{
    const ClusterMasters masters(survey.cluster);
    ReshardPlan plan = basePlan(survey, request, masters);
    QStringList problems;
    QHash<QByteArray, double> weightById;
    for (auto it = request.weights.cbegin(); it != request.weights.cend(); ++it) {
        QString error;
        const std::optional<ReshardNode> n = masters.resolve(it.key(), &error);
        if (!n)
            problems << QStringLiteral("--weight %1: %2").arg(it.key(), error);
        else if (it.value() < 0)
            problems << QStringLiteral("--weight %1: a weight is 0 or more").arg(it.key());
        else
            weightById.insert(n->id, it.value());
    }
    QList<Member> members;
    for (const ReshardNode &m : masters.masters()) {
        const QList<int> owned = masters.slotsOf(m.id);
        if (owned.isEmpty() && !request.useEmptyMasters && !weightById.contains(m.id))
            continue; // an empty master stays empty unless asked
        members << Member{m, weightById.value(m.id, 1.0), owned, 0};
    }
    QList<double> weights;
    for (const Member &m : std::as_const(members))
        weights << m.weight;
    int covered = 0;
    for (const Member &m : std::as_const(members))
        covered += int(m.owned.size());
    const QList<int> expected = shares(covered, weights);
    double worst = 0;
    QString worstText;
    for (qsizetype i = 0; i < members.size(); ++i) {
        members[i].expected = expected[i];
        const double off = expected[i] > 0 ? 100.0 * std::abs(members[i].balance()) / expected[i]
                                           : (members[i].owned.isEmpty() ? 0.0 : 100.0);
        if (off > worst) {
            worst = off;
            worstText = QStringLiteral("%1 owns %2, its share is %3 (%4% off)")
                            .arg(members[i].node.label())
                            .arg(members[i].owned.size())
                            .arg(expected[i])
                            .arg(off, 0, 'f', 1);
        }
    }
    if (problems.isEmpty() && worst > request.thresholdPercent)
        plan.pairs = match(members);
    plan.checks << makePreCheck(QStringLiteral("request"), QStringLiteral("Weights and masters are valid"),
                                problems.isEmpty() ? Status::Pass : Status::Fail,
                                problems.isEmpty() ? QStringLiteral("%1 masters take part").arg(members.size())
                                                   : problems.join(QStringLiteral("; ")));
    plan.checks << makePreCheck(QStringLiteral("balance"), QStringLiteral("How far the masters are from their shares"),
                                Status::Pass,
                                worstText.isEmpty() ? QStringLiteral("every master owns exactly its share")
                                                    : worstText + (plan.pairs.isEmpty()
                                                                       ? QStringLiteral(": within the %1% threshold, nothing to move")
                                                                             .arg(request.thresholdPercent)
                                                                       : QString()));
    ReshardPlanner::complete(plan, survey, masters);
    return plan;
}

ReshardPlan RebalancePlanner::planDrain(const ReshardSurvey &survey, const RebalanceRequest &request)
{
    const ClusterMasters masters(survey.cluster);
    ReshardPlan plan = basePlan(survey, request, masters);
    QStringList problems;
    QString error;
    const std::optional<ReshardNode> drained = masters.resolve(request.drain, &error);
    if (!drained)
        problems << error;
    QList<ReshardNode> receivers;
    for (const QString &name : request.drainTo) {
        const std::optional<ReshardNode> n = masters.resolve(name, &error);
        if (!n)
            problems << QStringLiteral("--to %1: %2").arg(name, error);
        else if (drained && n->id == drained->id)
            problems << QStringLiteral("--to %1 is the master being drained").arg(name);
        else
            receivers << *n;
    }
    if (drained && request.drainTo.isEmpty())
        for (const ReshardNode &m : masters.masters())
            if (m.id != drained->id && !masters.slotsOf(m.id).isEmpty())
                receivers << m;
    if (drained && receivers.isEmpty() && problems.isEmpty())
        problems << QStringLiteral("no other master with slots to receive them (name one with --to)");
    const QList<int> owned = drained ? masters.slotsOf(drained->id) : QList<int>{};
    if (drained && owned.isEmpty() && problems.isEmpty())
        problems << QStringLiteral("%1 owns no slot: nothing to drain (remove it with redis-ops remove-node)").arg(drained->label());
    if (problems.isEmpty()) {
        QList<double> weights;
        for (const ReshardNode &r : std::as_const(receivers))
            weights << request.weights.value(r.endpoint.toString(), request.weights.value(QString::fromLatin1(r.id), 1.0));
        const QList<int> split = shares(int(owned.size()), weights);
        int from = 0;
        for (qsizetype i = 0; i < receivers.size(); ++i) {
            if (split[i] > 0)
                plan.pairs << SlotMovePair{*drained, receivers[i], owned.mid(from, split[i]), 0, {}};
            from += split[i];
        }
    }
    plan.checks << makePreCheck(QStringLiteral("request"), QStringLiteral("The master to drain and the receivers are valid"),
                                problems.isEmpty() ? Status::Pass : Status::Fail,
                                problems.isEmpty() ? QStringLiteral("%1 slots of %2 to %3 master(s)")
                                                         .arg(owned.size())
                                                         .arg(drained->label())
                                                         .arg(plan.pairs.size())
                                                   : problems.join(QStringLiteral("; ")));
    ReshardPlanner::complete(plan, survey, masters);
    return plan;
}

} // namespace ops
