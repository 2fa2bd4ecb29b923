#include "CheckCommand.h"

#include "health/HealthChecker.h"
#include "session/DeploymentSession.h"

#include <QJsonDocument>

namespace ops {

namespace {

QString statusWord(const HealthFinding &f)
{
    return f.fires() ? HealthFinding::severityName(f.severity).toUpper() : HealthFinding::statusName(f.status).toUpper();
}

} // namespace

void CheckCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Check the deployment's configuration and state against the health rules.\n"
                                   "Exit 0 when no rule at --min-severity or above fires, 1 when one does.\n"
                                   "The deployment's recorded failovers are read from the history (read-only)."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    const QCommandLineOption minimum(QStringLiteral("min-severity"),
                                     QStringLiteral("Lowest severity that fails the check: info, warning (default), critical."),
                                     QStringLiteral("severity"), QStringLiteral("warning"));
    const QCommandLineOption all(QStringLiteral("all"), QStringLiteral("List passing rules too."));
    const QCommandLineOption threshold(QStringLiteral("threshold"),
                                       QStringLiteral("Override a threshold, repeatable: %1 (e.g. lag-bytes=4mb, "
                                                      "lag-seconds=5, memory-percent=80, fragmentation=2, backlog-outage-seconds=300, "
                                                      "client-retry-budget-ms=5000).")
                                           .arg(AlertSettings::names().mid(0, 7).join(QStringLiteral(", "))),
                                       QStringLiteral("name=value"));
    parser.addOptions({json, minimum, all, threshold});
    addMonitorOptions(parser);
    if (!parseArguments(parser, args))
        return;
    if (!HealthFinding::parseSeverity(parser.value(minimum), m_minimum)) {
        usageError(QStringLiteral("invalid --min-severity: %1 (info, warning or critical)").arg(parser.value(minimum)),
                   parser.helpText());
        return;
    }
    QStringList problems;
    m_alerts = AlertSettings::load(QSettings(), &problems);
    for (const QString &p : std::as_const(problems))
        err(QStringLiteral("warning: %1").arg(p));
    for (const QString &assignment : parser.values(threshold)) {
        QString error;
        if (!m_alerts.setAssignment(assignment, &error)) {
            usageError(QStringLiteral("invalid --threshold: %1").arg(error), parser.helpText());
            return;
        }
    }
    m_json = parser.isSet(json);
    m_all = parser.isSet(all);
    readHistoryForHealth(); // the recorded failovers, for failover.client-retry-budget
    startMonitor(parser, false);
}

bool CheckCommand::hasWhatItNeeds(const TopologySnapshot &snapshot) const
{
    // Every server that answered has had its settings read (or refused with a reason), and one
    // round trip timed (the first poll connects and is not timed: this waits one more poll).
    for (const Node &n : snapshot.nodes)
        if (n.lastSeenMs > 0 && (!n.config.attempted() || n.roundTripSamples == 0))
            return false;
    // The per-slot key census of a cluster has answered.
    if (!session()->healthContextGathered())
        return false;
    for (const Node &n : snapshot.sentinels)
        if (n.lastSeenMs > 0 && !n.config.has("ckquorum-ok"))
            return false;
    return true;
}

void CheckCommand::onSettled(const SnapshotPtr &snapshot)
{
    const HealthReport report = HealthChecker(m_alerts.thresholds).check(*snapshot, session()->healthContext());
    const bool failed = report.fails(m_minimum);
    if (m_json) {
        out(QString::fromUtf8(QJsonDocument(report.toJson(m_minimum)).toJson(QJsonDocument::Compact)));
        finish(failed ? ExitFailed : ExitOk); // not finishMonitoring(): we are inside a poller's reply handler
        return;
    }
    int firing = 0, unknown = 0, passing = 0;
    QStringList lines;
    for (const HealthFinding &f : report.findings) {
        if (f.status == HealthFinding::Status::Pass) {
            ++passing;
            if (m_all)
                lines << QStringLiteral("%1  %2").arg(statusWord(f), -8).arg(f.ruleId);
            continue;
        }
        (f.fires() ? firing : unknown) += 1;
        lines << QStringLiteral("%1  %2: %3").arg(statusWord(f), -8).arg(f.ruleId, f.summary);
        if (!f.evidence.isEmpty())
            lines << QStringLiteral("          evidence: %1").arg(f.evidenceText());
        if (f.fires())
            lines << QStringLiteral("          fix: %1").arg(f.fix);
    }
    lines.prepend(QStringLiteral("%1 (%2): %3 firing, %4 unknown, %5 passing — %6 at %7")
                      .arg(report.deploymentId, TopologySnapshot::kindName(report.kind))
                      .arg(firing)
                      .arg(unknown)
                      .arg(passing)
                      .arg(failed ? QStringLiteral("FAILED") : QStringLiteral("ok"), HealthFinding::severityName(m_minimum)));
    out(lines.join(QLatin1Char('\n')));
    finish(failed ? ExitFailed : ExitOk); // not finishMonitoring(): we are inside a poller's reply handler
}

} // namespace ops
