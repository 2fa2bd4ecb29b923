#pragma once

#include "HistoryError.h"
#include "OperationQuery.h"
#include "OperationRecord.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace ops {

/**
 * @brief The `operations` and `operation_steps` tables of an open history database (internal to
 * HistoryStore, which checks the thread and the open state first). Portable SQL only, positional
 * binds; plan and details are compact JSON text (NULL when empty), unset times are NULL.
 *
 * Every write is one statement in autocommit mode or one explicit transaction: with
 * synchronous=FULL it is on disk when the call returns.
 */
class OperationJournal
{
public:
    OperationJournal(QSqlDatabase db, QString filePath) : m_db(std::move(db)), m_filePath(std::move(filePath)) {}

    HistoryError create(const OperationRecord &record);
    /** Sets state, outcome, endedMs and details of the row with record.id (Query error if none). */
    HistoryError update(const OperationRecord &record);
    HistoryError appendStep(const OperationStep &step);
    /** Sets state, replySummary, sentMs, doneMs and error of (operationId, seq) (Query error if none). */
    HistoryError updateStep(const OperationStep &step);
    /** updateStep() of each of @p updates, then appendStep() of each of @p appends, in one transaction. */
    HistoryError writeSteps(const QList<OperationStep> &updates, const QList<OperationStep> &appends);

    /** The operation with its steps; nullopt when there is none (error stays None) or on error. */
    std::optional<OperationRecord> read(const QString &id, HistoryError *error) const;
    QList<OperationRecord> list(const OperationQuery &query, HistoryError *error) const;

private:
    HistoryError fail(const QSqlError &sqlError, const QString &what) const;
    /** Fills the steps of @p records with one SELECT. */
    HistoryError readSteps(QList<OperationRecord> &records) const;

    QSqlDatabase m_db;
    QString m_filePath;
};

} // namespace ops
