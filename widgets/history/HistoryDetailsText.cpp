#include "HistoryDetailsText.h"

#include "history/OperationSummary.h"
#include "viewmodels/HistoryTableModel.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace ops {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ops::HistoryPage", text);
}
} // namespace

QString HistoryDetailsText::ofEpisode(const FailoverEpisode &ep)
{
    auto who = [](const QString &id, const QString &address) {
        if (id.isEmpty())
            return tr("(none)");
        return address.isEmpty() || address == id ? id : QStringLiteral("%1\n              id %2").arg(address, id);
    };
    QString text = tr("Failover episode (%1)\n").arg(ep.deploymentId);
    text += tr("  outcome:    %1%2\n")
                .arg(FailoverEpisode::outcomeName(ep.outcome),
                     ep.endReason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(ep.endReason));
    text += tr("  old master: %1\n").arg(who(ep.oldMaster, ep.oldMasterAddress));
    text += tr("  new master: %1\n").arg(who(ep.newMaster, ep.newMasterAddress));
    text += tr("  epoch:      %1\n").arg(ep.epoch == 0 ? tr("unknown") : QString::number(ep.epoch));
    text += tr("  start:      %1\n").arg(HistoryTableModel::timeText(ep.startMs));
    text += tr("  end:        %1\n").arg(HistoryTableModel::timeText(ep.endMs));
    text += tr("  duration:   %1 (%2 ms)\n").arg(FailoverEpisode::durationText(ep.durationMs())).arg(ep.durationMs());
    text += tr("  events:     %1\n").arg(ep.eventIds.size());
    return text;
}

QString HistoryDetailsText::ofEvent(const OpsEvent &e, const QList<FailoverEpisode> &episodes)
{
    QString text;
    text += tr("Time:       %1 (%2 ms)\n").arg(HistoryTableModel::timeText(e.timestampMs)).arg(e.timestampMs);
    text += tr("Kind:       %1\n").arg(e.kindName());
    text += tr("Severity:   %1\n").arg(OpsEvent::severityName(e.severity));
    text += tr("Source:     %1\n").arg(OpsEvent::sourceName(e.source));
    text += tr("Deployment: %1\n").arg(e.deploymentId);
    text += tr("Node:       %1\n").arg(e.nodeId);
    text += tr("Endpoint:   %1\n").arg(e.endpoint);
    text += tr("Message:    %1\n").arg(e.message);
    text += tr("Event id:   %1\n").arg(e.id);
    if (!e.operationId.isEmpty())
        text += tr("Operation:  %1\n").arg(e.operationId);
    if (!e.observers.isEmpty())
        text += tr("Seen by:    %1\n").arg(e.observers.join(QStringLiteral(", ")));
    if (!e.details.isEmpty())
        text += tr("\nDetails:\n%1").arg(QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Indented)));
    for (const FailoverEpisode &ep : episodes)
        if (ep.contains(e.id))
            text += QLatin1Char('\n') + ofEpisode(ep);
    return text;
}

QString HistoryDetailsText::ofOperation(const OperationRecord &op)
{
    QString text = tr("Operation %1\n").arg(op.id);
    text += tr("  what:       %1\n").arg(OperationSummary::headline(op));
    text += tr("  deployment: %1\n").arg(op.deploymentId);
    text += tr("  state:      %1\n").arg(OperationSummary::stateText(op));
    text += tr("  duration:   %1\n").arg(OperationSummary::durationText(OperationSummary::durationMs(op)));
    if (!op.outcome.isEmpty())
        text += tr("  outcome:    %1\n").arg(op.outcome);
    if (const QString checks = OperationSummary::preCheckText(op); !checks.isEmpty())
        text += tr("  pre-checks: %1\n").arg(checks);
    text += tr("\nSteps:\n");
    if (op.steps.isEmpty())
        text += tr("  none\n");
    for (const OperationStep &s : op.steps) {
        const QString reply = s.error.isEmpty() ? s.replySummary : s.error;
        text += QStringLiteral("  #%1 %2  %3\n      %4%5  (planned %6)\n")
                    .arg(s.seq)
                    .arg(s.targetNode, s.commandText, OperationStep::stateName(s.state),
                         reply.isEmpty() ? QString() : QStringLiteral(": ") + reply, HistoryTableModel::timeText(s.plannedMs));
    }
    return text;
}

} // namespace ops
