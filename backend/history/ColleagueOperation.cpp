#include "ColleagueOperation.h"

#include "OperationSummary.h"

#include <QJsonArray>

namespace ops {

namespace {

struct Verbs
{
    QString running; ///< "is failing over"
    QString done;    ///< "failed over"
};

Verbs verbsOf(const QString &kind)
{
    if (kind.endsWith(QLatin1String("failover")))
        return {QStringLiteral("is failing over"), QStringLiteral("failing over")};
    if (kind.contains(QLatin1String("reshard")) || kind.contains(QLatin1String("rebalance")))
        return {QStringLiteral("is resharding"), QStringLiteral("resharding")};
    if (kind.startsWith(QLatin1String("runbook")))
        return {QStringLiteral("is running a runbook on"), QStringLiteral("runbook on")};
    return {QStringLiteral("is running %1 on").arg(kind), kind + QStringLiteral(" on")};
}

} // namespace

int ColleagueOperation::plannedSteps() const
{
    const QJsonValue commands = record.plan.value(QStringLiteral("commands"));
    return commands.isArray() ? int(commands.toArray().size()) : -1;
}

QString ColleagueOperation::text() const
{
    const QString who = QStringLiteral("%1@%2").arg(record.operatorName.isEmpty() ? QStringLiteral("unknown") : record.operatorName,
                                                    host.isEmpty() ? QStringLiteral("unknown-host") : host);
    const QString target = record.target.isEmpty() ? record.deploymentId : record.target;
    const Verbs verbs = verbsOf(record.kind);
    if (isRunning()) {
        const int done = int(record.steps.size());
        const int planned = plannedSteps();
        QString step = done == 0 ? QStringLiteral("starting") : QStringLiteral("step %1").arg(done);
        if (done > 0 && planned >= done)
            step += QStringLiteral(" of %1").arg(planned);
        return QStringLiteral("%1 %2 %3 — %4").arg(who, verbs.running, target, step);
    }
    const qint64 ms = OperationSummary::durationMs(record);
    const QString took = ms < 0 ? QStringLiteral("—")
        : ms < 1000             ? QStringLiteral("%1 ms").arg(ms)
                                : QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    const QString head = QStringLiteral("%1, %2 %3").arg(who, verbs.done, target);
    if (record.state == OperationRecord::State::Succeeded)
        return QStringLiteral("%1: succeeded in %2").arg(head, took);
    return QStringLiteral("%1: %2 after %3%4")
        .arg(head, OperationRecord::stateName(record.state), took,
             record.outcome.isEmpty() ? QString() : QStringLiteral(": ") + record.outcome);
}

} // namespace ops
