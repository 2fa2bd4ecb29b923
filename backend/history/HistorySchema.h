#pragma once

#include "HistoryError.h"

#include <QList>
#include <QSqlError>
#include <QString>
#include <QStringList>

class QSqlDatabase;

namespace ops {

/**
 * @brief The versioned schema of the history database and the ordered migrations that build it.
 *
 * The version lives in `schema_version(version INTEGER)` (one row; no table = version 0). Each
 * migration runs in its own transaction and re-reads the version after taking the write lock, so
 * two processes opening the same file migrate it once. A database newer than currentVersion() is
 * never modified. Queries are portable SQL (QSQLITE today, QPSQL later); only the `id INTEGER
 * PRIMARY KEY` row-id columns are SQLite DDL (PostgreSQL: `BIGINT GENERATED ALWAYS AS IDENTITY`).
 *
 * - v1: `events` (OpsEvent rows) + indexes on (deployment, ts_ms) and (kind, ts_ms)
 * - v2: `audit` (operator actions, AuditRecord) + index on (deployment, ts_ms)
 * - v3: the operations journal: `operations` (OperationRecord, keyed by our own id) and
 *   `operation_steps` (OperationStep, keyed by (operation_id, seq)); `events.operation_id`
 *   (nullable: the operation that caused the event)
 */
class HistorySchema
{
public:
    /** One step from version - 1 to version. */
    struct Migration
    {
        int version = 0;
        QString description;
        QStringList statements;
    };

    /** Every migration in ascending version order (1, 2, ...). */
    static const QList<Migration> &migrations();
    /** The version this program writes: the last migration's. */
    static int currentVersion();

    /** The database's schema version; 0 for an empty database. -1 and @p error on failure. */
    static int readVersion(const QSqlDatabase &db, const QString &filePath, HistoryError *error);
    /**
     * Applies every migration newer than the database's version, each in a transaction; on
     * failure the failing step is rolled back and earlier steps stay applied. Refuses (NewerSchema)
     * a database newer than currentVersion(). @p version receives the resulting version.
     */
    static HistoryError migrate(QSqlDatabase &db, const QString &filePath, int *version);

    /** The NewerSchema error for a file at schema @p version. */
    static HistoryError newerSchemaError(const QString &filePath, int version);

    /**
     * A driver error as a HistoryError: SQLite's "not a database" / "corrupt" become NotADatabase,
     * disk and permission failures Io (Open while opening), anything else @p fallback.
     * The message is "@p context: <driver text>".
     */
    static HistoryError fromSqlError(const QSqlError &error, HistoryError::Kind fallback, const QString &context);
};

} // namespace ops
