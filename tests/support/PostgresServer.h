#pragma once

#include <QProcess>
#include <QSqlDatabase>
#include <QString>
#include <QTemporaryDir>

#include <memory>

/**
 * @brief A real PostgreSQL 15 server for tests: `initdb` in a temporary directory, `postgres` on a
 * free 127.0.0.1 port, stopped (by its PID) by stop() or the destructor, and killed with the test
 * process if that dies first (PR_SET_PDEATHSIG through `setpriv --pdeathsig`).
 *
 * PostgreSQL refuses to run as root, and CI runs as root: then initdb and postgres run as the
 * `postgres` system user (created by Debian's postgresql-15 package) through setpriv, in a
 * directory owned by it. The binaries come from /usr/lib/postgresql/15/bin ($OPS_PG_BINDIR
 * overrides).
 *
 * Authentication on loopback: the superuser `ops_admin` by trust; every other role by
 * scram-sha-256 (passwordRole() has password passwordOf()), so a test can prove where a client's
 * password comes from.
 */
class PostgresServer
{
public:
    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer &) = delete;
    PostgresServer &operator=(const PostgresServer &) = delete;

    /** initdb + start + wait until it accepts connections (up to 60 s). False with @p error. */
    bool start(QString *error);
    /** Fast shutdown (SIGINT), SIGKILL after 10 s; idempotent. */
    void stop();
    bool isRunning() const;
    /** Immediate shutdown (SIGQUIT, as `pg_ctl stop -m immediate`): the data directory and port stay. */
    void stopImmediately();
    /** Starts the stopped server again on the same data directory and port (crash recovery runs). */
    bool restart(QString *error);

    quint16 port() const { return m_port; }
    static QString host() { return QStringLiteral("127.0.0.1"); }
    static QString superuser() { return QStringLiteral("ops_admin"); }
    /** A role that logs in with a password only (scram-sha-256), owner of the databases it gets. */
    static QString passwordRole() { return QStringLiteral("ops_team"); }
    static QString passwordOf() { return QStringLiteral("s3cr3t-team-Pa55"); }
    /** The server's log (stderr) so far. */
    QString log() const { return QString::fromLocal8Bit(m_log); }

    /** `postgresql://USER@127.0.0.1:PORT/DB?sslmode=disable` (no password: trust or PGPASSWORD). */
    QString url(const QString &database, const QString &user = superuser()) const;
    /** Creates a fresh database owned by @p owner; its name, or empty with @p error. */
    QString createDatabase(QString *error, const QString &owner = superuser());
    /** Runs @p sql on @p database as the superuser; empty on success, else the error text. */
    QString exec(const QString &database, const QStringList &sql);
    /** The first column of the first row of @p sql on @p database (invalid on error). */
    QVariant value(const QString &database, const QString &sql);

    /** The directory of initdb/postgres. */
    static QString binDir();

private:
    QSqlDatabase admin(const QString &database);
    bool runSetup(const QStringList &command, QString *error);
    QStringList asServerUser(const QString &program, const QStringList &arguments) const;
    void readLog();
    bool launch(QString *error);
    void closeFixtureConnections();

    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess m_server;
    QByteArray m_log;
    quint16 m_port = 0;
    int m_uid = -1; ///< the user the server runs as when we are root; -1: ourselves
    int m_gid = -1;
    int m_databases = 0;
    QString m_connectionPrefix;
};
