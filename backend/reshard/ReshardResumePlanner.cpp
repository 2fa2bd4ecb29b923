#include "ReshardResumePlanner.h"

#include "ClusterMasters.h"
#include "ReshardChecks.h"
#include "ReshardPlanner.h"

#include <QSet>

namespace ops {

namespace {
using Status = PreCheck::Status;

bool ownsInOwnView(const ClusterNodeView *v, int slot)
{
    if (v == nullptr || v->myself() == nullptr)
        return false;
    for (const SlotRange &r : v->myself()->slotRanges)
        if (r.contains(slot))
            return true;
    return false;
}

bool listsOpen(const ClusterNodeView *v, int slot)
{
    if (v == nullptr || v->myself() == nullptr)
        return false;
    for (const SlotTransfer &t : v->myself()->migrating)
        if (t.slot == slot)
            return true;
    for (const SlotTransfer &t : v->myself()->importing)
        if (t.slot == slot)
            return true;
    return false;
}
} // namespace

ReshardPlan ReshardResumePlanner::plan(const ReshardSurvey &survey, const ReshardPlan &original)
{
    ReshardPlan plan;
    plan.request = original.request;
    plan.deploymentId = original.deploymentId;
    plan.authenticated = original.authenticated;
    const ClusterMasters masters(survey.cluster);
    plan.masters = masters.masters();

    QSet<int> ours;
    for (const SlotMovePair &p : original.pairs) {
        for (int s : p.slotList)
            ours.insert(s);
        for (int s : p.closeOnly)
            ours.insert(s);
    }
    plan.checks = ReshardChecks::common(survey, masters, ours);

    QStringList problems;
    QStringList leftOut;
    int done = 0;
    int reopened = 0;
    for (const SlotMovePair &p : original.pairs) {
        const ClusterNodeView *source = survey.cluster.nodeById(p.source.id);
        const ClusterNodeView *target = survey.cluster.nodeById(p.target.id);
        if (source == nullptr || !source->reachable() || target == nullptr || !target->reachable()) {
            problems << QStringLiteral("%1 -> %2: the %3 does not answer (fail it over, then resume)")
                            .arg(p.source.endpoint.toString(), p.target.endpoint.toString(),
                                 source == nullptr || !source->reachable() ? QStringLiteral("source")
                                                                           : QStringLiteral("target"));
            continue;
        }
        SlotMovePair rest{p.source, p.target, {}, 0, {}};
        QList<int> all = p.slotList + p.closeOnly;
        std::sort(all.begin(), all.end());
        for (int s : std::as_const(all)) {
            const bool targetOwns = ownsInOwnView(target, s);
            const bool sourceOwns = ownsInOwnView(source, s);
            if (targetOwns && !sourceOwns && !listsOpen(source, s) && !listsOpen(target, s)
                && masters.owners()[s] == p.target.id) {
                ++done;
                plan.alreadyMoved.insert(s, p.target.id);
            } else if (targetOwns) {
                rest.closeOnly << s;
            } else if (sourceOwns) {
                rest.slotList << s;
                reopened += listsOpen(source, s) || listsOpen(target, s) ? 1 : 0;
            } else {
                leftOut << QStringLiteral("%1 (now %2's)").arg(s).arg(QString::fromLatin1(masters.owners()[s].left(8)));
            }
        }
        if (!rest.slotList.isEmpty() || !rest.closeOnly.isEmpty())
            plan.pairs << rest;
    }
    if (!leftOut.isEmpty())
        plan.checks << makePreCheck(QStringLiteral("slots-elsewhere"), QStringLiteral("The plan's slots are still the source's or the target's"),
                                    Status::Warn,
                                    QStringLiteral("%1 slot(s) belong to another master now and are left out: %2")
                                        .arg(leftOut.size())
                                        .arg(leftOut.mid(0, 5).join(QStringLiteral(", "))));
    plan.checks << makePreCheck(QStringLiteral("resume"), QStringLiteral("What is left of the operation"),
                                problems.isEmpty() ? Status::Pass : Status::Fail,
                                problems.isEmpty()
                                    ? QStringLiteral("%1 slot(s) done already; %2 to move (%3 of them open); %4 only to close")
                                          .arg(done)
                                          .arg(plan.slotCount() - plan.closeOnlyCount())
                                          .arg(reopened)
                                          .arg(plan.closeOnlyCount())
                                    : problems.join(QStringLiteral("; ")));
    ReshardPlanner::complete(plan, survey, masters);
    return plan;
}

} // namespace ops
