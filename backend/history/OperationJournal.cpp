#include "OperationJournal.h"

#include "HistorySchema.h"
#include "core/Logging.h"

#include <QHash>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace ops {

namespace {

const QString kOperationColumns = QStringLiteral(
    "id, kind, deployment, operator_name, target, mode, plan, state, started_ms, ended_ms, outcome, details");
const QString kStepColumns = QStringLiteral(
    "operation_id, seq, node, command_text, state, reply_summary, planned_ms, sent_ms, done_ms, error");

QVariant nullInt() { return QVariant(QMetaType::fromType<qint64>()); }
QVariant optionalMs(qint64 ms) { return ms == 0 ? nullInt() : QVariant(ms); }
QVariant notNull(const QString &s) { return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s); }

QVariant jsonText(const QJsonObject &object)
{
    if (object.isEmpty())
        return QVariant(QMetaType::fromType<QString>()); // SQL NULL
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject parseJson(const QVariant &value, const QString &rowId)
{
    if (value.isNull())
        return {};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(value.toString().toUtf8(), &error);
    if (!doc.isObject()) {
        Logging::get("history")->warn("operation {}: stored JSON is not an object ({}); kept as text",
                                      rowId.toStdString(), error.errorString().toStdString());
        return QJsonObject{{QStringLiteral("rawText"), value.toString()}};
    }
    return doc.object();
}

bool run(QSqlQuery &q, const QString &sql, const QVariantList &binds)
{
    if (!q.prepare(sql))
        return false;
    for (const QVariant &value : binds)
        q.addBindValue(value);
    return q.exec();
}

OperationRecord operationFromRow(const QSqlQuery &q)
{
    OperationRecord r;
    r.id = q.value(0).toString();
    r.kind = q.value(1).toString();
    r.deploymentId = q.value(2).toString();
    r.operatorName = q.value(3).toString();
    r.target = q.value(4).toString();
    r.mode = q.value(5).toString();
    r.plan = parseJson(q.value(6), r.id);
    if (!OperationRecord::stateFromName(q.value(7).toString(), &r.state))
        r.state = OperationRecord::State::Unknown; // written by a newer program
    r.startedMs = q.value(8).toLongLong();
    r.endedMs = q.value(9).toLongLong();
    r.outcome = q.value(10).toString();
    r.details = parseJson(q.value(11), r.id);
    return r;
}

OperationStep stepFromRow(const QSqlQuery &q)
{
    OperationStep s;
    s.operationId = q.value(0).toString();
    s.seq = q.value(1).toInt();
    s.targetNode = q.value(2).toString();
    s.commandText = q.value(3).toString();
    if (!OperationStep::stateFromName(q.value(4).toString(), &s.state))
        s.state = OperationStep::State::Unknown;
    s.replySummary = q.value(5).toString();
    s.plannedMs = q.value(6).toLongLong();
    s.sentMs = q.value(7).toLongLong();
    s.doneMs = q.value(8).toLongLong();
    s.error = q.value(9).toString();
    return s;
}

QString placeholders(qsizetype n)
{
    QStringList marks;
    for (qsizetype i = 0; i < n; ++i)
        marks << QStringLiteral("?");
    return marks.join(QStringLiteral(", "));
}

} // namespace

HistoryError OperationJournal::fail(const QSqlError &sqlError, const QString &what) const
{
    // Logged by HistoryStore, which reports every error it returns.
    return HistorySchema::fromSqlError(sqlError, HistoryError::Kind::Query, m_filePath + QStringLiteral(": ") + what,
                                       HistorySchema::driverOf(m_db));
}

// Each write below is a single statement in autocommit mode: its own transaction, committed
// (and, with synchronous=FULL, on disk) when exec() returns.
HistoryError OperationJournal::create(const OperationRecord &r)
{
    QSqlQuery q(m_db);
    if (!run(q, QStringLiteral("INSERT INTO operations (") + kOperationColumns +
                    QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
             {r.id, notNull(r.kind), notNull(r.deploymentId), r.operatorName, r.target, r.mode, jsonText(r.plan),
              OperationRecord::stateName(r.state), r.startedMs, optionalMs(r.endedMs), r.outcome, jsonText(r.details)}))
        return fail(q.lastError(), QStringLiteral("cannot store operation %1").arg(r.id));
    return {};
}

HistoryError OperationJournal::update(const OperationRecord &r)
{
    QSqlQuery q(m_db);
    if (!run(q, QStringLiteral("UPDATE operations SET state = ?, ended_ms = ?, outcome = ?, details = ? WHERE id = ?"),
             {OperationRecord::stateName(r.state), optionalMs(r.endedMs), r.outcome, jsonText(r.details), r.id}))
        return fail(q.lastError(), QStringLiteral("cannot update operation %1").arg(r.id));
    if (q.numRowsAffected() != 1)
        return HistoryError::make(HistoryError::Kind::Query,
                                  QStringLiteral("%1: no operation %2 to update").arg(m_filePath, r.id));
    return {};
}

HistoryError OperationJournal::appendStep(const OperationStep &s)
{
    QSqlQuery q(m_db);
    if (!run(q, QStringLiteral("INSERT INTO operation_steps (") + kStepColumns +
                    QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
             {notNull(s.operationId), s.seq, s.targetNode, s.commandText, OperationStep::stateName(s.state),
              s.replySummary, s.plannedMs, optionalMs(s.sentMs), optionalMs(s.doneMs), s.error}))
        return fail(q.lastError(), QStringLiteral("cannot store step %1 of operation %2").arg(s.seq).arg(s.operationId));
    return {};
}

HistoryError OperationJournal::updateStep(const OperationStep &s)
{
    QSqlQuery q(m_db);
    if (!run(q, QStringLiteral("UPDATE operation_steps SET state = ?, reply_summary = ?, sent_ms = ?, done_ms = ?, "
                               "error = ? WHERE operation_id = ? AND seq = ?"),
             {OperationStep::stateName(s.state), s.replySummary, optionalMs(s.sentMs), optionalMs(s.doneMs), s.error,
              s.operationId, s.seq}))
        return fail(q.lastError(),
                    QStringLiteral("cannot update step %1 of operation %2").arg(s.seq).arg(s.operationId));
    if (q.numRowsAffected() != 1)
        return HistoryError::make(HistoryError::Kind::Query, QStringLiteral("%1: no step %2 of operation %3 to update")
                                                                 .arg(m_filePath)
                                                                 .arg(s.seq)
                                                                 .arg(s.operationId));
    return {};
}

std::optional<OperationRecord> OperationJournal::read(const QString &id, HistoryError *error) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!run(q, QStringLiteral("SELECT ") + kOperationColumns + QStringLiteral(" FROM operations WHERE id = ?"), {id})) {
        *error = fail(q.lastError(), QStringLiteral("cannot read operation %1").arg(id));
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    QList<OperationRecord> records{operationFromRow(q)};
    q.finish();
    if ((*error = readSteps(records)).isError())
        return std::nullopt;
    return records.constFirst();
}

QList<OperationRecord> OperationJournal::list(const OperationQuery &query, HistoryError *error) const
{
    QStringList where;
    QVariantList binds;
    if (!query.deploymentId.isEmpty()) {
        where << QStringLiteral("deployment = ?");
        binds << query.deploymentId;
    }
    if (query.sinceMs > 0) {
        where << QStringLiteral("started_ms >= ?");
        binds << query.sinceMs;
    }
    if (!query.kind.isEmpty()) {
        where << QStringLiteral("kind = ?");
        binds << query.kind;
    }
    if (!query.states.isEmpty()) {
        where << QStringLiteral("state IN (%1)").arg(placeholders(query.states.size()));
        for (OperationRecord::State state : query.states)
            binds << OperationRecord::stateName(state);
    }
    QString sql = QStringLiteral("SELECT ") + kOperationColumns + QStringLiteral(" FROM operations");
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY started_ms, id");
    if (query.limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(query.limit);

    QList<OperationRecord> records;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!run(q, sql, binds)) {
        *error = fail(q.lastError(), QStringLiteral("cannot list operations"));
        return records;
    }
    while (q.next())
        records.append(operationFromRow(q));
    q.finish();
    if (query.withSteps && (*error = readSteps(records)).isError())
        return {};
    return records;
}

HistoryError OperationJournal::readSteps(QList<OperationRecord> &records) const
{
    if (records.isEmpty())
        return {};
    QHash<QString, qsizetype> index;
    QVariantList ids;
    for (qsizetype i = 0; i < records.size(); ++i) {
        index.insert(records.at(i).id, i);
        ids << records.at(i).id;
    }
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!run(q, QStringLiteral("SELECT ") + kStepColumns +
                    QStringLiteral(" FROM operation_steps WHERE operation_id IN (%1) ORDER BY operation_id, seq")
                        .arg(placeholders(ids.size())),
             ids))
        return fail(q.lastError(), QStringLiteral("cannot read operation steps"));
    while (q.next()) {
        OperationStep step = stepFromRow(q);
        records[index.value(step.operationId)].steps.append(std::move(step));
    }
    return {};
}

} // namespace ops

namespace ops {

HistoryError OperationJournal::writeSteps(const QList<OperationStep> &updates, const QList<OperationStep> &appends)
{
    // One transaction, one flush to disk, for the outcomes of earlier steps and the new ones.
    if (!m_db.transaction())
        return fail(m_db.lastError(), QStringLiteral("cannot start a transaction for %1 step(s)").arg(updates.size() + appends.size()));
    for (const OperationStep &s : updates)
        if (HistoryError e = updateStep(s); e.isError()) {
            m_db.rollback();
            return e;
        }
    for (const OperationStep &s : appends)
        if (HistoryError e = appendStep(s); e.isError()) {
            m_db.rollback();
            return e;
        }
    if (!m_db.commit()) {
        const QSqlError error = m_db.lastError();
        m_db.rollback();
        return fail(error, QStringLiteral("cannot commit %1 step(s)").arg(updates.size() + appends.size()));
    }
    return {};
}

} // namespace ops
