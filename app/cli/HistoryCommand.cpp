#include "HistoryCommand.h"

#include "AppPaths.h"
#include "OperationsReport.h"
#include "TextTable.h"
#include "core/Csv.h"
#include "history/HistoryStore.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>

namespace ops {

namespace {
// --node: the exact subject id, its host:port, or a prefix (8+ hex digits) of a cluster node id.
bool aboutNode(const OpsEvent &e, const QString &filter)
{
    static const QRegularExpression idPrefix(QStringLiteral("^[0-9a-f]{8,40}$"));
    if (e.nodeId == filter || e.endpoint == filter)
        return true;
    return idPrefix.match(filter).hasMatch() && e.nodeId.size() == 40 && e.nodeId.startsWith(filter);
}
QString isoTime(qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs); }
} // namespace

std::optional<qint64> HistoryCommand::parseTime(const QString &text, qint64 nowMs)
{
    static const QRegularExpression relative(QStringLiteral("^(\\d+)(s|m|h|d)$"));
    const QRegularExpressionMatch m = relative.match(text.trimmed());
    if (m.hasMatch()) {
        bool ok = false;
        const qint64 n = m.captured(1).toLongLong(&ok);
        const QChar unit = m.captured(2).at(0);
        const qint64 factor = unit == QLatin1Char('s') ? 1000 : unit == QLatin1Char('m') ? 60000
                            : unit == QLatin1Char('h') ? 3600000 : 86400000;
        // Before 1970 is no time at all (and n * factor must not overflow): reject, don't wrap.
        if (!ok || n >= nowMs / factor)
            return std::nullopt;
        return nowMs - n * factor;
    }
    QDateTime t = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text.trimmed(), Qt::ISODate);
    if (!t.isValid())
        return std::nullopt;
    return t.toMSecsSinceEpoch();
}

void HistoryCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Print recorded events from the history database."));
    const QCommandLineOption since(QStringLiteral("since"), QStringLiteral("Events from: 15m, 2h, 7d or ISO 8601."), QStringLiteral("time"));
    const QCommandLineOption until(QStringLiteral("until"), QStringLiteral("Events up to: 15m, 2h, 7d or ISO 8601."), QStringLiteral("time"));
    const QCommandLineOption kind(QStringLiteral("kind"), QStringLiteral("Kinds, comma separated (promoted,+switch-master,sentinel,...)."), QStringLiteral("kinds"));
    const QCommandLineOption node(QStringLiteral("node"), QStringLiteral("Only events about this node: id (or 8+ digits of it) or host:port."), QStringLiteral("id"));
    const QCommandLineOption deployment(QStringLiteral("deployment"), QStringLiteral("Only this deployment."), QStringLiteral("id"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("At most N events (the newest)."), QStringLiteral("n"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per line."));
    const QCommandLineOption csv(QStringLiteral("csv"), QStringLiteral("CSV with a header row."));
    const QCommandLineOption operations(QStringLiteral("operations"), QStringLiteral("Journaled operations instead of events (unfinished ones are marked)."));
    const QCommandLineOption operation(QStringLiteral("operation"), QStringLiteral("One operation: its steps and the events it caused."), QStringLiteral("id"));
    parser.addOptions({since, until, kind, node, deployment, limit, json, csv, operations, operation});
    if (!parseArguments(parser, args))
        return;
    if (parser.isSet(json) && parser.isSet(csv))
        return usageError(QStringLiteral("--json and --csv exclude each other"), parser.helpText());
    if ((parser.isSet(operations) || parser.isSet(operation)) && (parser.isSet(csv) || parser.isSet(kind) || parser.isSet(node)))
        return usageError(QStringLiteral("--operations takes --deployment, --since, --limit, --operation and --json only"),
                          parser.helpText());

    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    HistoryQuery q;
    for (const auto &[option, target] : {std::pair{&since, &q.sinceMs}, std::pair{&until, &q.untilMs}}) {
        if (!parser.isSet(*option))
            continue;
        const std::optional<qint64> t = parseTime(parser.value(*option), nowMs);
        if (!t)
            return usageError(QStringLiteral("invalid --%1: %2 (use 15m, 2h, 7d or an ISO 8601 date-time)")
                                  .arg(option->names().first(), parser.value(*option)),
                              parser.helpText());
        *target = *t;
    }
    for (const QString &part : parser.value(kind).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString k = part.trimmed();
        OpsEvent::Kind parsed;
        if (k.isEmpty())
            continue;
        if (!OpsEvent::kindFromName(k, &parsed))
            return usageError(QStringLiteral("unknown --kind: %1").arg(k), parser.helpText());
        q.kinds << k;
    }
    const QString nodeFilter = parser.value(node).trimmed();
    q.deploymentId = parser.value(deployment);
    int maxEvents = 0;
    if (parser.isSet(limit)) {
        bool ok = false;
        maxEvents = parser.value(limit).toInt(&ok);
        if (!ok || maxEvents < 1)
            return usageError(QStringLiteral("invalid --limit: %1").arg(parser.value(limit)), parser.helpText());
        q.newestFirst = true; // the newest N, printed oldest first below
    }
    if (parser.isSet(operations) || parser.isSet(operation))
        return runOperations(q, maxEvents, parser.value(operation), parser.isSet(json));
    // The store filters on the exact subject id only; --node also takes the node's host:port or
    // a cluster id prefix (as printed by `topology` and in event messages), so that filter is
    // applied here, before the limit.
    if (nodeFilter.isEmpty())
        q.limit = maxEvents;

    HistoryStore store(AppPaths::historyFile());
    if (const HistoryError e = store.open(); e.isError()) {
        err(QStringLiteral("redis-ops: %1").arg(e.message));
        return finish(ExitFailed);
    }
    HistoryError error;
    QList<OpsEvent> events = store.query(q, &error);
    if (error.isError()) {
        err(QStringLiteral("redis-ops: %1").arg(error.message));
        return finish(ExitFailed);
    }
    if (!nodeFilter.isEmpty()) {
        events.removeIf([&nodeFilter](const OpsEvent &e) { return !aboutNode(e, nodeFilter); });
        if (maxEvents > 0 && events.size() > maxEvents)
            events.resize(maxEvents);
    }
    if (q.newestFirst)
        std::reverse(events.begin(), events.end());

    if (parser.isSet(json)) {
        for (const OpsEvent &e : std::as_const(events))
            out(QString::fromUtf8(QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact)));
    } else if (parser.isSet(csv)) {
        out(QStringLiteral("id,time,deployment,kind,severity,source,node,endpoint,message,details"));
        for (const OpsEvent &e : std::as_const(events))
            out(QStringList{QString::number(e.id), isoTime(e.timestampMs), Csv::field(e.deploymentId), Csv::field(e.kindName()),
                            OpsEvent::severityName(e.severity), OpsEvent::sourceName(e.source), Csv::field(e.nodeId),
                            Csv::field(e.endpoint), Csv::field(e.message),
                            Csv::field(QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)))}
                    .join(QLatin1Char(',')));
    } else if (events.isEmpty()) {
        out(QStringLiteral("no events"));
    } else {
        TextTable table({QStringLiteral("TIME"), QStringLiteral("DEPLOYMENT"), QStringLiteral("KIND"),
                         QStringLiteral("SEVERITY"), QStringLiteral("MESSAGE")});
        for (const OpsEvent &e : std::as_const(events))
            // An event several consoles stored once (team mode) names who saw it.
            table.addRow({isoTime(e.timestampMs), e.deploymentId, e.kindName(), OpsEvent::severityName(e.severity),
                          e.observers.size() > 1 ? QStringLiteral("%1 (seen by %2)")
                                                       .arg(e.message.simplified(), e.observers.join(QStringLiteral(", ")))
                                                 : e.message.simplified()});
        out(table.toString());
    }
    finish(ExitOk);
}

void HistoryCommand::runOperations(const HistoryQuery &filter, int maxOperations, const QString &id, bool json)
{
    HistoryStore store(AppPaths::historyFile());
    if (const HistoryError e = store.open(); e.isError()) {
        err(QStringLiteral("redis-ops: %1").arg(e.message));
        return finish(ExitFailed);
    }
    HistoryError error;
    if (!id.isEmpty()) {
        const std::optional<OperationRecord> op = store.operation(id, &error);
        if (!op && !error.isError()) {
            err(QStringLiteral("redis-ops: no operation %1 in %2").arg(id, store.filePath()));
            return finish(ExitFailed);
        }
        HistoryQuery byOperation;
        byOperation.operationId = id;
        const QList<OpsEvent> events = error.isError() ? QList<OpsEvent>() : store.query(byOperation, &error);
        if (error.isError()) {
            err(QStringLiteral("redis-ops: %1").arg(error.message));
            return finish(ExitFailed);
        }
        if (json)
            out(OperationsReport::detailJson(*op, events));
        else
            out(OperationsReport::detailText(*op, events).join(QLatin1Char('\n')));
        return finish(ExitOk);
    }
    OperationQuery q;
    q.deploymentId = filter.deploymentId;
    q.sinceMs = filter.sinceMs;
    q.withSteps = true; // the last step of an unfinished operation is what the operator needs
    QList<OperationRecord> list = store.operations(q, &error);
    if (error.isError()) {
        err(QStringLiteral("redis-ops: %1").arg(error.message));
        return finish(ExitFailed);
    }
    if (filter.untilMs > 0)
        list.removeIf([&filter](const OperationRecord &op) { return op.startedMs > filter.untilMs; });
    if (maxOperations > 0 && list.size() > maxOperations)
        list = list.mid(list.size() - maxOperations); // the newest N, oldest first
    out((json ? OperationsReport::listJson(list) : OperationsReport::listText(list)).join(QLatin1Char('\n')));
    finish(ExitOk);
}

} // namespace ops
