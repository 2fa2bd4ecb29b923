#include "PostgresServer.h"

#include "lab/FreePorts.h"

#include <QAtomicInt>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace {

QString uniquePrefix()
{
    static QAtomicInt counter;
    return QStringLiteral("pg-fixture-%1-").arg(counter.fetchAndAddRelaxed(1));
}

// Loopback only. The superuser by trust (the fixture's own connections), every other role by
// password, so a test can check where a client's password comes from.
const char kHba[] = "local all all trust\n"
                    "host all ops_admin 127.0.0.1/32 trust\n"
                    "host all all 127.0.0.1/32 scram-sha-256\n";

} // namespace

PostgresServer::PostgresServer() : m_connectionPrefix(uniquePrefix()) {}

PostgresServer::~PostgresServer() { stop(); }

QString PostgresServer::binDir()
{
    const QString dir = qEnvironmentVariable("OPS_PG_BINDIR");
    return dir.isEmpty() ? QStringLiteral("/usr/lib/postgresql/15/bin") : dir;
}

QStringList PostgresServer::asServerUser(const QString &program, const QStringList &arguments) const
{
    QStringList command;
    if (m_uid >= 0)
        command << QStringLiteral("setpriv") << QStringLiteral("--reuid=%1").arg(m_uid)
                << QStringLiteral("--regid=%1").arg(m_gid) << QStringLiteral("--clear-groups")
                << QStringLiteral("--pdeathsig=KILL") << QStringLiteral("--");
    command << binDir() + QLatin1Char('/') + program << arguments;
    return command;
}

bool PostgresServer::runSetup(const QStringList &command, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(m_dir->path());
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    process.start(command.first(), command.mid(1));
    const bool finished = process.waitForFinished(120000);
    if (finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        return true;
    if (!finished)
        process.kill();
    *error = QStringLiteral("%1 failed (%2): %3")
                 .arg(command.join(QLatin1Char(' ')), process.errorString(),
                      QString::fromLocal8Bit(process.readAll()).right(2000));
    return false;
}

bool PostgresServer::start(QString *error)
{
    stop();
    if (!QFileInfo(binDir() + QStringLiteral("/postgres")).isExecutable()) {
        *error = binDir() + QStringLiteral("/postgres not found: scripts/install-deps installs postgresql-15");
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    m_uid = m_gid = -1;
    if (::geteuid() == 0) { // PostgreSQL refuses root: run it as the package's system user
        const passwd *pw = ::getpwnam("postgres");
        if (!pw) {
            *error = QStringLiteral("running as root and there is no 'postgres' user to run PostgreSQL as");
            return false;
        }
        m_uid = int(pw->pw_uid);
        m_gid = int(pw->pw_gid);
        if (::chown(QFile::encodeName(m_dir->path()).constData(), pw->pw_uid, pw->pw_gid) != 0) {
            *error = QStringLiteral("cannot give %1 to the postgres user").arg(m_dir->path());
            return false;
        }
    }
    const QString data = m_dir->filePath(QStringLiteral("data"));
    if (!runSetup(asServerUser(QStringLiteral("initdb"),
                               {QStringLiteral("-D"), data, QStringLiteral("-U"), superuser(), QStringLiteral("-A"),
                                QStringLiteral("trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                                QStringLiteral("--no-locale"), QStringLiteral("--no-sync"),
                                QStringLiteral("--no-instructions")}),
                  error))
        return false;
    QFile hba(data + QStringLiteral("/pg_hba.conf")); // existing file: owner and mode stay
    if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate) || hba.write(kHba) < 0) {
        *error = QStringLiteral("cannot write pg_hba.conf");
        return false;
    }
    hba.close();

    m_port = ops::FreePorts::allocate(1).value(0);
    if (!launch(error)) {
        stop();
        return false;
    }
    const QString roleError =
        exec(QStringLiteral("postgres"), {QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'")
                                              .arg(passwordRole(), passwordOf())});
    if (!roleError.isEmpty()) {
        *error = roleError;
        stop();
        return false;
    }
    return true;
}

bool PostgresServer::launch(QString *error)
{
    const QString data = m_dir->filePath(QStringLiteral("data"));
    m_log.clear();
    m_server.setProcessChannelMode(QProcess::MergedChannels);
    m_server.setWorkingDirectory(m_dir->path());
    m_server.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    const QStringList command = asServerUser(
        QStringLiteral("postgres"),
        {QStringLiteral("-D"), data, QStringLiteral("-p"), QString::number(m_port), QStringLiteral("-k"), m_dir->path(),
         QStringLiteral("-c"), QStringLiteral("listen_addresses=127.0.0.1"), QStringLiteral("-c"),
         QStringLiteral("fsync=off"), QStringLiteral("-c"), QStringLiteral("shared_buffers=16MB"), QStringLiteral("-c"),
         QStringLiteral("dynamic_shared_memory_type=mmap"), QStringLiteral("-c"), QStringLiteral("max_connections=60"),
         QStringLiteral("-c"), QStringLiteral("logging_collector=off")});
    m_server.start(command.first(), command.mid(1));
    if (!m_server.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start postgres: ") + m_server.errorString();
        return false;
    }
    const QDeadlineTimer deadline(60000);
    while (!m_log.contains("ready to accept connections")) {
        if (m_server.state() == QProcess::NotRunning || deadline.hasExpired()) {
            readLog();
            *error = QStringLiteral("postgres did not become ready on port %1: %2").arg(m_port).arg(log().right(2000));
            return false;
        }
        m_server.waitForReadyRead(100);
        readLog();
    }
    return true;
}

void PostgresServer::closeFixtureConnections()
{
    for (const QString &name : QSqlDatabase::connectionNames()) {
        if (!name.startsWith(m_connectionPrefix))
            continue;
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

void PostgresServer::stopImmediately()
{
    closeFixtureConnections();
    if (m_server.state() == QProcess::NotRunning)
        return;
    // SIGQUIT: what `pg_ctl stop -m immediate` sends — no checkpoint, clients cut off mid-transaction.
    ::kill(pid_t(m_server.processId()), SIGQUIT);
    if (!m_server.waitForFinished(10000)) {
        m_server.kill();
        m_server.waitForFinished(5000);
    }
    readLog();
}

bool PostgresServer::restart(QString *error)
{
    if (!m_dir) {
        *error = QStringLiteral("restart() before start()");
        return false;
    }
    stopImmediately();
    return launch(error);
}

void PostgresServer::readLog() { m_log += m_server.readAll(); }

bool PostgresServer::isRunning() const { return m_server.state() != QProcess::NotRunning; }

void PostgresServer::stop()
{
    closeFixtureConnections();
    if (m_server.state() != QProcess::NotRunning) {
        // SIGINT: PostgreSQL's fast shutdown (clients disconnected, no wait for them).
        ::kill(pid_t(m_server.processId()), SIGINT);
        if (!m_server.waitForFinished(10000)) {
            m_server.kill();
            m_server.waitForFinished(5000);
        }
        readLog();
    }
    m_dir.reset();
}

QString PostgresServer::url(const QString &database, const QString &user) const
{
    return QStringLiteral("postgresql://%1@%2:%3/%4?sslmode=disable").arg(user, host()).arg(m_port).arg(database);
}

QSqlDatabase PostgresServer::admin(const QString &database)
{
    const QString name = m_connectionPrefix + database;
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name);
        if (db.isOpen())
            return db;
    }
    QSqlDatabase db = QSqlDatabase::contains(name) ? QSqlDatabase::database(name, false)
                                                   : QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(host());
    db.setPort(m_port);
    db.setUserName(superuser());
    db.setDatabaseName(database);
    db.setConnectOptions(QStringLiteral("sslmode=disable"));
    db.open();
    return db;
}

QString PostgresServer::exec(const QString &database, const QStringList &sql)
{
    QSqlDatabase db = admin(database);
    if (!db.isOpen())
        return QStringLiteral("cannot connect to %1: %2").arg(database, db.lastError().text());
    QSqlQuery q(db);
    for (const QString &statement : sql)
        if (!q.exec(statement))
            return statement + QStringLiteral(": ") + q.lastError().text();
    return {};
}

QVariant PostgresServer::value(const QString &database, const QString &sql)
{
    QSqlDatabase db = admin(database);
    QSqlQuery q(db);
    return q.exec(sql) && q.next() ? q.value(0) : QVariant();
}

QString PostgresServer::createDatabase(QString *error, const QString &owner)
{
    const QString name = QStringLiteral("ops_test_%1").arg(++m_databases);
    const QString failed =
        exec(QStringLiteral("postgres"), {QStringLiteral("CREATE DATABASE %1 OWNER %2").arg(name, owner)});
    if (!failed.isEmpty()) {
        *error = failed;
        return {};
    }
    return name;
}
