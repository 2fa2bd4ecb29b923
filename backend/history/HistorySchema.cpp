#include "HistorySchema.h"

#include "core/Logging.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

namespace ops {

namespace {

auto log() { return Logging::get("history"); }

// SQLite primary result codes (sqlite3.h); the QSQLITE driver reports them as nativeErrorCode().
constexpr int kSqlitePerm = 3;
constexpr int kSqliteReadOnly = 8;
constexpr int kSqliteIoErr = 10;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteNotADb = 26;

const QString kVersionTable = QStringLiteral("schema_version");

bool exec(QSqlQuery &query, const QString &sql) { return query.exec(sql); }

} // namespace

const QList<HistorySchema::Migration> &HistorySchema::migrations()
{
    // Append new steps; never edit a released one (databases in the field already ran it).
    static const QList<Migration> steps{
        {1,
         QStringLiteral("events"),
         {QStringLiteral("CREATE TABLE events ("
                         "id INTEGER PRIMARY KEY, "
                         "ts_ms INTEGER NOT NULL, "
                         "deployment TEXT NOT NULL, "
                         "kind TEXT NOT NULL, "
                         "severity TEXT, "
                         "source TEXT, "
                         "node TEXT, "
                         "endpoint TEXT, "
                         "message TEXT, "
                         "details TEXT)"),
          QStringLiteral("CREATE INDEX events_deployment_ts ON events (deployment, ts_ms)"),
          QStringLiteral("CREATE INDEX events_kind_ts ON events (kind, ts_ms)")}},
        {2,
         QStringLiteral("audit"),
         {QStringLiteral("CREATE TABLE audit ("
                         "id INTEGER PRIMARY KEY, "
                         "ts_ms INTEGER NOT NULL, "
                         "deployment TEXT NOT NULL, "
                         "actor TEXT, "
                         "action TEXT NOT NULL, "
                         "command_text TEXT, "
                         "outcome TEXT, "
                         "details TEXT)"),
          QStringLiteral("CREATE INDEX audit_deployment_ts ON audit (deployment, ts_ms)")}},
        // BIGINT for times: INTEGER affinity in SQLite, and 64 bits in PostgreSQL (where INTEGER
        // is 32). Keys are our own ids (TEXT), so no row-id column is needed here.
        {3,
         QStringLiteral("operations journal"),
         {QStringLiteral("CREATE TABLE operations ("
                         "id TEXT PRIMARY KEY, "
                         "kind TEXT NOT NULL, "
                         "deployment TEXT NOT NULL, "
                         "operator_name TEXT, "
                         "target TEXT, "
                         "mode TEXT, "
                         "plan TEXT, "
                         "state TEXT NOT NULL, "
                         "started_ms BIGINT NOT NULL, "
                         "ended_ms BIGINT, "
                         "outcome TEXT, "
                         "details TEXT)"),
          QStringLiteral("CREATE INDEX operations_deployment_started ON operations (deployment, started_ms)"),
          QStringLiteral("CREATE INDEX operations_state ON operations (state)"),
          QStringLiteral("CREATE TABLE operation_steps ("
                         "operation_id TEXT NOT NULL REFERENCES operations (id), "
                         "seq INTEGER NOT NULL, "
                         "node TEXT, "
                         "command_text TEXT, "
                         "state TEXT NOT NULL, "
                         "reply_summary TEXT, "
                         "planned_ms BIGINT NOT NULL, "
                         "sent_ms BIGINT, "
                         "done_ms BIGINT, "
                         "error TEXT, "
                         "PRIMARY KEY (operation_id, seq))"),
          QStringLiteral("ALTER TABLE events ADD COLUMN operation_id TEXT"),
          QStringLiteral("CREATE INDEX events_operation ON events (operation_id)")}},
    };
    return steps;
}

int HistorySchema::currentVersion() { return migrations().constLast().version; }

int HistorySchema::readVersion(const QSqlDatabase &db, const QString &filePath, HistoryError *error)
{
    if (!db.tables().contains(kVersionTable, Qt::CaseInsensitive))
        return 0;
    QSqlQuery query(db);
    if (!exec(query, QStringLiteral("SELECT MAX(version) FROM schema_version")) || !query.next()) {
        if (error)
            *error = fromSqlError(query.lastError(), HistoryError::Kind::Query,
                                  filePath + QStringLiteral(": cannot read the schema version"));
        return -1;
    }
    const QVariant value = query.value(0);
    return value.isNull() ? 0 : value.toInt();
}

HistoryError HistorySchema::migrate(QSqlDatabase &db, const QString &filePath, int *version)
{
    HistoryError error;
    int current = readVersion(db, filePath, &error);
    if (current < 0)
        return error;
    if (current > currentVersion())
        return newerSchemaError(filePath, current);
    if (current == currentVersion()) {
        *version = current;
        return {};
    }

    {
        QSqlQuery query(db);
        if (!exec(query, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")))
            return fromSqlError(query.lastError(), HistoryError::Kind::Query,
                                filePath + QStringLiteral(": cannot create the schema_version table"));
    }

    for (const Migration &step : migrations()) {
        if (step.version <= current)
            continue;
        const QString context = QStringLiteral("%1: migration to schema version %2 (%3)")
                                    .arg(filePath)
                                    .arg(step.version)
                                    .arg(step.description);
        if (!db.transaction())
            return fromSqlError(db.lastError(), HistoryError::Kind::Query, context);
        auto fail = [&](const QSqlError &sqlError) {
            db.rollback();
            HistoryError e = fromSqlError(sqlError, HistoryError::Kind::Query, context);
            log()->error("{}", e.message.toStdString());
            return e;
        };
        QSqlQuery query(db);
        // A write first: it takes the write lock (waiting up to busy_timeout), so the version
        // read next cannot be stale if another process migrates the same file concurrently.
        if (!exec(query, QStringLiteral("UPDATE schema_version SET version = version")))
            return fail(query.lastError());
        current = readVersion(db, filePath, &error);
        if (current < 0) {
            db.rollback();
            return error;
        }
        if (current >= step.version) {
            db.rollback();
            continue;
        }
        for (const QString &statement : step.statements)
            if (!exec(query, statement))
                return fail(query.lastError());
        if (!exec(query, QStringLiteral("DELETE FROM schema_version")))
            return fail(query.lastError());
        query.prepare(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"));
        query.addBindValue(step.version);
        if (!query.exec())
            return fail(query.lastError());
        query.finish();
        if (!db.commit())
            return fail(db.lastError());
        log()->info("{}: migrated to schema version {} ({})", filePath.toStdString(), step.version,
                    step.description.toStdString());
        current = step.version;
    }
    *version = current;
    return {};
}

HistoryError HistorySchema::newerSchemaError(const QString &filePath, int version)
{
    return HistoryError::make(HistoryError::Kind::NewerSchema,
                              QStringLiteral("%1: schema version %2 is newer than this program's (%3); "
                                             "upgrade Redis Ops Console (the file was not modified)")
                                  .arg(filePath)
                                  .arg(version)
                                  .arg(currentVersion()));
}

HistoryError HistorySchema::fromSqlError(const QSqlError &error, HistoryError::Kind fallback, const QString &context)
{
    bool numeric = false;
    const int code = error.nativeErrorCode().toInt(&numeric) & 0xff; // extended codes keep the primary in the low byte
    HistoryError::Kind kind = fallback;
    if (numeric) {
        switch (code) {
        case kSqliteNotADb:
        case kSqliteCorrupt:
            kind = HistoryError::Kind::NotADatabase;
            break;
        case kSqlitePerm:
        case kSqliteReadOnly:
        case kSqliteIoErr:
        case kSqliteFull:
        case kSqliteCantOpen:
            kind = fallback == HistoryError::Kind::Open ? HistoryError::Kind::Open : HistoryError::Kind::Io;
            break;
        default:
            break;
        }
    }
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.driverText();
    else if (!error.driverText().isEmpty() && kind != HistoryError::Kind::NotADatabase)
        text = error.driverText() + QStringLiteral(": ") + text;
    if (kind == HistoryError::Kind::NotADatabase)
        text += QStringLiteral(" (not an SQLite database, or corrupt: move it aside to start a new history)");
    return HistoryError::make(kind, context + QStringLiteral(": ") + text);
}

} // namespace ops
