#pragma once

#include "HistoryError.h"

#include <QString>

namespace ops {

/**
 * @brief Where the history and operations journal live, parsed from `--store` (or a data-dir
 * file path) in this one place: an SQLite file (the default, one person) or a shared PostgreSQL
 * database (a team).
 *
 * Accepted: a file path (SQLite), or
 * `postgresql://[user@]host[:port]/database[?sslmode=M&connect_timeout=S&sslrootcert=F&sslcert=F&sslkey=F&application_name=N]`
 * (`postgres://` too). A password in the URL is refused: it would end up in shell history,
 * settings and logs. The password comes from the keychain (HistoryStore::setPassword) or, like
 * every PostgreSQL tool, from libpq's PGPASSWORD / PGPASSFILE / ~/.pgpass.
 */
class StoreLocation
{
public:
    enum class Driver { Sqlite, Postgres };

    /** Parses @p text; on error the result is invalid and @p error says why (Kind::BadLocation). */
    static StoreLocation parse(const QString &text, HistoryError *error = nullptr);
    /** True for text that names a PostgreSQL store (scheme postgresql:// or postgres://). */
    static bool looksLikeUrl(const QString &text);

    bool isValid() const { return m_valid; }
    Driver driver() const { return m_driver; }
    bool isPostgres() const { return m_driver == Driver::Postgres; }
    /** The Qt SQL driver name: QSQLITE or QPSQL. */
    QString qtDriver() const;

    const QString &filePath() const { return m_filePath; }
    const QString &host() const { return m_host; }
    int port() const { return m_port; }
    const QString &user() const { return m_user; }
    const QString &database() const { return m_database; }
    const QString &sslMode() const { return m_sslMode; }
    /** libpq options besides host/port/user/dbname, for QSqlDatabase::setConnectOptions (';'-separated). */
    QString connectOptions() const;

    /**
     * How messages and logs name the store: the file path, or the canonical URL (never a
     * password). Also for text that failed to parse (with any password removed).
     */
    const QString &displayName() const { return m_display; }

private:
    bool m_valid = false;
    Driver m_driver = Driver::Sqlite;
    QString m_filePath;
    QString m_host;
    int m_port = 5432;
    QString m_user;
    QString m_database;
    QString m_sslMode = QStringLiteral("prefer");
    int m_connectTimeoutS = 10;
    QString m_sslRootCert;
    QString m_sslCert;
    QString m_sslKey;
    QString m_applicationName = QStringLiteral("redis-ops-console");
    QString m_display;
};

} // namespace ops
