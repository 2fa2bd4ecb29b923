#include "ReshardResumePreview.h"

#include "ReshardResumption.h"
#include "actions/ClusterSurvey.h"

#include <QSet>

#include <QCoreApplication>

#include <algorithm>

namespace ops {

namespace {
QString tr(const char *text) { return QCoreApplication::translate("ReshardResumePreview", text); }
} // namespace

QList<int> ReshardResumePreview::openSlotsOf(const ReshardPlan &rest, const ClusterSurvey &survey)
{
    QSet<int> ours;
    for (const SlotMovePair &p : rest.pairs) {
        for (int s : p.slotList)
            ours.insert(s);
        for (int s : p.closeOnly)
            ours.insert(s);
    }
    QSet<int> open;
    for (const ClusterNodeView &v : survey.nodes)
        if (const ClusterNodeLine *self = v.myself()) {
            for (const SlotTransfer &t : self->migrating)
                if (ours.contains(t.slot))
                    open.insert(t.slot);
            for (const SlotTransfer &t : self->importing)
                if (ours.contains(t.slot))
                    open.insert(t.slot);
        }
    QList<int> out(open.cbegin(), open.cend());
    std::sort(out.begin(), out.end());
    return out;
}

ActionPreview ReshardResumePreview::build(const OperationRecord &record, const ReshardPlan &rest, const QList<int> &openNow,
                                          qint64 surveyedAtMs)
{
    ActionPreview p;
    p.kind = ReshardResumption::kind();
    p.mode = QStringLiteral("resume");
    p.surveyedAtMs = surveyedAtMs;
    p.target = record.target;
    const int closeOnly = rest.closeOnlyCount();
    const int toMove = rest.slotCount() - closeOnly;
    const int done = int(rest.alreadyMoved.size());
    p.title = tr("Resume %1 (%2 of %3): %4 slot(s) to move again, %5 only to close, %6 done")
                  .arg(record.id.left(8), record.mode.isEmpty() ? QStringLiteral("reshard") : record.mode, record.target)
                  .arg(toMove)
                  .arg(closeOnly)
                  .arg(done);
    p.plan << tr("What is left on the cluster now (a fresh survey):");
    p.plan << tr("  done already (the target owns them, nothing open): %1 slot(s)").arg(done);
    QList<int> closing;
    QList<int> moving;
    for (const SlotMovePair &pair : rest.pairs) {
        closing += pair.closeOnly;
        moving += pair.slotList;
    }
    std::sort(closing.begin(), closing.end());
    std::sort(moving.begin(), moving.end());
    p.plan << tr("  only to close (keys on the target, SETSLOT NODE left): %1 slot(s)%2")
                  .arg(closeOnly)
                  .arg(closing.isEmpty() ? QString() : QStringLiteral(": ") + slotListText(closing).left(160));
    p.plan << tr("  to move again (still the source's; open ones are reopened): %1 slot(s)%2")
                  .arg(toMove)
                  .arg(moving.isEmpty() ? QString() : QStringLiteral(": ") + slotListText(moving).left(160));
    p.plan << tr("  open now (MIGRATING / IMPORTING left by the interrupted run): %1 slot(s)%2")
                  .arg(openNow.size())
                  .arg(openNow.isEmpty() ? QString() : QStringLiteral(": ") + slotListText(openNow).left(160));
    p.plan << QString();
    p.plan << rest.describe();
    p.checks = rest.checks;
    p.commands = rest.oneSlotCommands();
    if (rest.pairs.isEmpty() && rest.allowed())
        p.warnings << tr("Every slot is in place: resuming only verifies the cluster and closes the operation in the journal.");
    if (!record.isFinished())
        p.warnings << tr("The journal says %1 was still running. If another console or redis-ops process is still running it, "
                         "do not resume here.")
                          .arg(record.id.left(8));
    p.confirmText = ReshardResumption::confirmText(record);
    return p;
}

} // namespace ops
