#include "FixPlanner.h"

#include "ClusterMasters.h"
#include "ReshardChecks.h"

#include <QSet>

namespace ops {

namespace {

struct Open
{
    ReshardNode node;
    QByteArray peer;
};

QString keysText(qint64 n) { return n < 0 ? QStringLiteral("unknown") : QString::number(n); }

SlotFix judge(int slot, const ReshardSurvey &survey, const ClusterMasters &masters,
              const std::optional<ReshardNode> &assignEmptyTo)
{
    QList<Open> migrating;
    QList<Open> importing;
    for (const ClusterNodeView &v : survey.cluster.nodes) {
        const ClusterNodeLine *self = v.myself();
        if (self == nullptr)
            continue;
        const ReshardNode node{self->id, v.endpoint};
        for (const SlotTransfer &t : self->migrating)
            if (t.slot == slot)
                migrating << Open{node, t.peerId};
        for (const SlotTransfer &t : self->importing)
            if (t.slot == slot)
                importing << Open{node, t.peerId};
    }
    const QHash<QString, qint64> keys = survey.keysOnNodes.value(slot);
    auto keysOn = [&keys](const ReshardNode &n) { return keys.value(n.endpoint.toString(), -1); };
    const QByteArray ownerId = masters.owners()[slot];
    SlotFix f;
    f.slot = slot;

    if (ownerId.isEmpty() && migrating.isEmpty() && importing.isEmpty()) {
        QList<ReshardNode> holders;
        QStringList unknown;
        for (const ReshardNode &m : masters.masters()) {
            const qint64 n = keysOn(m);
            if (n < 0)
                unknown << m.endpoint.toString();
            else if (n > 0)
                holders << m;
        }
        if (!unknown.isEmpty()) {
            f.reason = QStringLiteral("no owner; keys unknown on %1").arg(unknown.join(QStringLiteral(", ")));
        } else if (holders.size() == 1) {
            f.kind = SlotFix::Kind::Assign;
            f.target = holders.first();
            f.reason = QStringLiteral("no owner; its %1 key(s) are all on %2: assigned there").arg(keysOn(f.target)).arg(f.target.label());
        } else if (holders.isEmpty() && assignEmptyTo) {
            f.kind = SlotFix::Kind::Assign;
            f.target = *assignEmptyTo;
            f.reason = QStringLiteral("no owner and no key anywhere: assigned to %1 (--assign-empty-to)").arg(f.target.label());
        } else if (holders.isEmpty()) {
            f.reason = QStringLiteral("no owner and no key anywhere: name its owner with --assign-empty-to");
        } else {
            QStringList where;
            for (const ReshardNode &h : std::as_const(holders))
                where << QStringLiteral("%1 (%2)").arg(h.endpoint.toString()).arg(keysOn(h));
            f.reason = QStringLiteral("no owner; keys on %1 masters: %2: not safe to choose").arg(holders.size()).arg(where.join(QStringLiteral(", ")));
        }
        return f;
    }
    for (const Open &o : std::as_const(migrating) + importing)
        if (keysOn(o.node) < 0) {
            f.reason = QStringLiteral("keys unknown on %1").arg(o.node.endpoint.toString());
            return f;
        }
    if (migrating.size() == 1 && migrating.first().node.id == ownerId) {
        const Open &m = migrating.first();
        const ReshardNode *dest = masters.master(m.peer);
        QList<ReshardNode> others;
        bool destImports = false;
        for (const Open &i : std::as_const(importing)) {
            if (i.node.id == m.peer && i.peer == m.node.id)
                destImports = true;
            else if (keysOn(i.node) == 0)
                others << i.node;
            else {
                f.reason = QStringLiteral("migrating on %1 to %2, but %3 imports it with %4 key(s): not safe")
                               .arg(m.node.endpoint.toString(), QString::fromLatin1(m.peer.left(8)), i.node.endpoint.toString())
                               .arg(keysOn(i.node));
                return f;
            }
        }
        if (destImports && dest != nullptr) {
            f.kind = SlotFix::Kind::FinishMove;
            f.source = m.node;
            f.target = *dest;
            f.stableFirst = others;
            f.reason = QStringLiteral("migrating on %1 (%2 keys) to %3, which imports it (%4 keys)%5: the move is finished")
                           .arg(m.node.endpoint.toString())
                           .arg(keysOn(m.node))
                           .arg(dest->endpoint.toString())
                           .arg(keysOn(*dest))
                           .arg(others.isEmpty() ? QString() : QStringLiteral("; %1 other importer(s) without keys are closed first").arg(others.size()));
            return f;
        }
        if (importing.isEmpty() && keysOn(m.node) == 0) {
            f.kind = SlotFix::Kind::Stable;
            f.source = m.node;
            f.reason = QStringLiteral("migrating on %1 with no key left and nobody importing: closed (STABLE)").arg(m.node.endpoint.toString());
            return f;
        }
        f.reason = QStringLiteral("migrating on %1 (%2 keys) to %3, which does not import it: not safe")
                       .arg(m.node.endpoint.toString())
                       .arg(keysOn(m.node))
                       .arg(QString::fromLatin1(m.peer.left(8)));
        return f;
    }
    if (migrating.isEmpty() && importing.size() == 1 && !ownerId.isEmpty() && importing.first().node.id != ownerId) {
        const Open &i = importing.first();
        f.kind = SlotFix::Kind::ReturnKeys;
        f.source = i.node;
        f.target = *masters.master(ownerId);
        f.reason = QStringLiteral("importing on %1 (%2 keys) with nobody migrating it: its keys go to the owner %3, then STABLE")
                       .arg(i.node.endpoint.toString())
                       .arg(keysOn(i.node))
                       .arg(f.target.label());
        return f;
    }
    QStringList seen;
    for (const Open &m : std::as_const(migrating))
        seen << QStringLiteral("migrating on %1 (%2 keys)").arg(m.node.endpoint.toString(), keysText(keysOn(m.node)));
    for (const Open &i : std::as_const(importing))
        seen << QStringLiteral("importing on %1 (%2 keys)").arg(i.node.endpoint.toString(), keysText(keysOn(i.node)));
    f.reason = QStringLiteral("%1; owner %2: not a case known to be safe")
                   .arg(seen.join(QStringLiteral(", ")),
                        ownerId.isEmpty() ? QStringLiteral("none") : QString::fromLatin1(ownerId.left(8)));
    return f;
}

} // namespace

FixPlan FixPlanner::plan(const ReshardSurvey &survey, const QString &assignEmptyTo)
{
    FixPlan plan;
    plan.deploymentId = survey.cluster.deploymentId();
    const ClusterMasters masters(survey.cluster);
    plan.masters = masters.masters();
    QList<int> fixSlots = survey.keysOnNodes.keys();
    std::sort(fixSlots.begin(), fixSlots.end());
    const QSet<int> expected(fixSlots.cbegin(), fixSlots.cend());
    plan.checks = ReshardChecks::common(survey, masters, expected, false);
    std::optional<ReshardNode> emptyOwner;
    if (!assignEmptyTo.isEmpty()) {
        QString error;
        emptyOwner = masters.resolve(assignEmptyTo, &error);
        if (!emptyOwner)
            plan.checks << makePreCheck(QStringLiteral("assign-empty-to"), QStringLiteral("--assign-empty-to is a master"),
                                        PreCheck::Status::Fail, error);
    }
    for (int s : std::as_const(fixSlots))
        plan.fixes << judge(s, survey, masters, emptyOwner);
    // Coverage first: while a slot has no owner the cluster is down (cluster-require-full-coverage)
    // and refuses MIGRATE; if one stays uncovered, no keys can move.
    QStringList stillUncovered;
    for (const SlotFix &f : std::as_const(plan.fixes))
        if (f.kind == SlotFix::Kind::Refused && masters.owners()[f.slot].isEmpty())
            stillUncovered << QString::number(f.slot);
    for (SlotFix &f : plan.fixes)
        if (!stillUncovered.isEmpty() && (f.kind == SlotFix::Kind::FinishMove || f.kind == SlotFix::Kind::ReturnKeys)) {
            f.kind = SlotFix::Kind::Refused;
            f.reason = QStringLiteral("would be %1 (%2), but slot(s) %3 keep no owner and the cluster refuses MIGRATE while "
                                      "it is down: give them an owner first (--assign-empty-to)")
                           .arg(f.reason.section(QLatin1Char(':'), 0, 0), f.reason.section(QLatin1Char(':'), 1).trimmed(),
                                stillUncovered.join(QLatin1Char(',')));
        }
    auto order = [](SlotFix::Kind k) {
        switch (k) {
        case SlotFix::Kind::Assign: return 0;
        case SlotFix::Kind::Stable: return 1;
        case SlotFix::Kind::ReturnKeys: return 2;
        case SlotFix::Kind::FinishMove: return 3;
        case SlotFix::Kind::Refused: return 4;
        }
        return 4;
    };
    std::stable_sort(plan.fixes.begin(), plan.fixes.end(),
                     [&order](const SlotFix &a, const SlotFix &b) { return order(a.kind) < order(b.kind); });
    plan.checks << makePreCheck(QStringLiteral("fixable"), QStringLiteral("Every open or uncovered slot is a safe case"),
                                plan.count(SlotFix::Kind::Refused) == 0 ? PreCheck::Status::Pass : PreCheck::Status::Warn,
                                QStringLiteral("%1 slot(s) to fix, %2 refused (left alone, see each slot)")
                                    .arg(plan.fixes.size() - plan.count(SlotFix::Kind::Refused))
                                    .arg(plan.count(SlotFix::Kind::Refused)));
    return plan;
}

} // namespace ops
