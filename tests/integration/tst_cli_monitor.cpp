// The monitoring commands of redis-ops as a user runs them: `topology`, `lag`, `watch` and
// `history` are real processes (QProcess) against real labs started in-process, one lab of each
// kind shared by the tests (started on first use, stopped at the end). Every run gets its own
// --data-dir. No fixed sleeps: output, signals and exits are awaited with deadlines.
#include "LabFixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QSet>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <functional>
#include <memory>

using namespace ops;
using labtest::execute;

namespace {

struct Run
{
    int code = -1; ///< -1: did not finish in time (killed)
    QByteArray out, err;
    qint64 elapsedMs = 0;
};

/** Runs redis-ops to completion; the event loop keeps spinning (the labs live in this process). */
Run redisOps(const QStringList &args, int timeoutMs = 30000, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    QElapsedTimer clock;
    clock.start();
    p.start(QStringLiteral(REDIS_OPS_BINARY), args);
    Run r;
    const bool done = QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, timeoutMs);
    r.elapsedMs = clock.elapsed();
    if (!done) {
        p.kill();
        p.waitForFinished();
    } else {
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QByteArray describe(const Run &r)
{
    return "exit " + QByteArray::number(r.code) + " after " + QByteArray::number(r.elapsedMs) + " ms\nstdout:\n" + r.out
        + "\nstderr:\n" + r.err;
}

/** Lines of @p text without the trailing empty one. */
QList<QByteArray> lines(const QByteArray &text)
{
    QList<QByteArray> out = text.split('\n');
    while (!out.isEmpty() && out.last().isEmpty())
        out.removeLast();
    return out;
}

/** One CSV row (RFC 4180 quoting) split into fields. */
QStringList csvFields(const QString &line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quoted && c == QLatin1Char('"')) {
            if (i + 1 < line.size() && line.at(i + 1) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else {
                quoted = false;
            }
        } else if (quoted) {
            field += c;
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return fields;
}

/** A TCP port nothing listens on (bound, then released). */
quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

/**
 * A redis-ops process running in the background (watch): collects stdout line by line, each of
 * which must be one JSON event object ("kind", "time", "deployment"); anything else is kept in
 * badLines for the assertion message.
 */
class Background
{
public:
    explicit Background(const QStringList &args)
    {
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process, [this] {
            m_pending += m_process.readAllStandardOutput();
            qsizetype nl = 0;
            while ((nl = m_pending.indexOf('\n')) >= 0) {
                const QByteArray line = m_pending.left(nl);
                m_pending.remove(0, nl + 1);
                out += line + '\n';
                QJsonParseError error{};
                const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
                const QJsonObject o = doc.object();
                if (error.error != QJsonParseError::NoError || !doc.isObject() || !o.value(QStringLiteral("kind")).isString()
                    || !o.value(QStringLiteral("time")).isString() || !o.value(QStringLiteral("deployment")).isString())
                    badLines << line;
                else
                    events << o;
            }
        });
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                         [this] { err += m_process.readAllStandardError(); });
        m_process.start(QStringLiteral(REDIS_OPS_BINARY), args);
    }
    ~Background()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    Background(const Background &) = delete;
    Background &operator=(const Background &) = delete;

    bool waitForStderr(const QByteArray &needle, int timeoutMs)
    {
        return QTest::qWaitFor([&] { return err.contains(needle) || m_process.state() == QProcess::NotRunning; }, timeoutMs)
            && err.contains(needle);
    }
    /** Index of the first event matching @p pred, waiting up to @p timeoutMs; -1 if none. */
    int waitForEvent(const std::function<bool(const QJsonObject &)> &pred, int timeoutMs)
    {
        int found = -1;
        (void)QTest::qWaitFor([&] {
            for (qsizetype i = 0; i < events.size() && found < 0; ++i)
                if (pred(events.at(i)))
                    found = int(i);
            return found >= 0 || m_process.state() == QProcess::NotRunning;
        }, timeoutMs);
        if (found < 0) // the process may have printed it just before exiting
            for (qsizetype i = 0; i < events.size() && found < 0; ++i)
                if (pred(events.at(i)))
                    found = int(i);
        return found;
    }
    /** Exit code once finished within @p timeoutMs; -1 if still running, -2 if it crashed. */
    int waitForExit(int timeoutMs)
    {
        if (!QTest::qWaitFor([&] { return m_process.state() == QProcess::NotRunning; }, timeoutMs))
            return -1;
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -2;
    }
    qint64 pid() const { return m_process.processId(); }
    QByteArray describe() const
    {
        return "stdout:\n" + out + "\nstderr:\n" + err + "\nunparsable lines: " + QByteArray::number(badLines.size());
    }

    QByteArray out, err;
    QList<QJsonObject> events;
    QList<QByteArray> badLines;

private:
    QProcess m_process;
    QByteArray m_pending;
};

QString str(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toString(); }

} // namespace

class TestCliMonitor : public QObject
{
    Q_OBJECT
private slots:
    void cleanupTestCase();

    void topologyOfClusterFromReplica();
    void topologyOfSentinelDeployment();
    void topologyOfStandaloneFromReplica();
    void connectionAndUsageErrors();
    void wrongPasswordIsAnAuthError();
    void lagListsEveryReplica();
    void watchPrintsClusterFailoverThenHistoryListsIt();
    void watchStopsPromptlyOnSigint();
    void watchSentinelFailover();

private:
    LocalLab *lab(LabSpec::Kind kind);
    /** redis-ops --data-dir <a fresh dir of this test> args... */
    Run ops(const QStringList &args, int timeoutMs = 30000, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    QStringList withDataDir(const QStringList &args);
    /** ROLE of @p ep: "master" / "slave" / "sentinel", and for a replica its master. */
    QByteArray role(LocalLab *l, const Endpoint &ep, Endpoint *master = nullptr);
    /** A data node that is a replica right now (failovers of earlier tests move roles). */
    Endpoint currentReplica(LocalLab *l, Endpoint *master = nullptr);
    QString myId(LocalLab *l, const Endpoint &ep);

    std::unique_ptr<LocalLab> m_cluster, m_sentinel, m_standalone;
    std::unique_ptr<QTemporaryDir> m_dataDir; ///< per test function
    QString m_dataDirTest;
};

void TestCliMonitor::cleanupTestCase()
{
    const QList<qint64> left = labtest::stopLabs({&m_cluster, &m_sentinel, &m_standalone});
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("still running: %1").arg(left.size())));
}

LocalLab *TestCliMonitor::lab(LabSpec::Kind kind)
{
    std::unique_ptr<LocalLab> &slot = kind == LabSpec::Kind::Cluster ? m_cluster : kind == LabSpec::Kind::Sentinel ? m_sentinel : m_standalone;
    if (!slot) {
        slot = std::make_unique<LocalLab>();
        LabSpec spec;
        spec.kind = kind;
        spec.masters = 3;
        spec.replicasPerMaster = kind == LabSpec::Kind::Cluster ? 1 : 2;
        QString error;
        if (!labtest::startLab(*slot, spec, error)) {
            qWarning().noquote() << "lab failed:" << error;
            slot.reset();
            return nullptr;
        }
    }
    return slot.get();
}

QStringList TestCliMonitor::withDataDir(const QStringList &args)
{
    const QString test = QString::fromLatin1(QTest::currentTestFunction());
    if (!m_dataDir || m_dataDirTest != test) {
        m_dataDir = std::make_unique<QTemporaryDir>();
        m_dataDirTest = test;
    }
    return QStringList{QStringLiteral("--data-dir"), m_dataDir->path()} + args;
}

Run TestCliMonitor::ops(const QStringList &args, int timeoutMs, const QProcessEnvironment &env)
{
    return redisOps(withDataDir(args), timeoutMs, env);
}

QByteArray TestCliMonitor::role(LocalLab *l, const Endpoint &ep, Endpoint *master)
{
    RedisConnection *c = l->control(ep);
    if (c == nullptr)
        return {};
    const RedisResult r = execute(*c, RespCommand{"ROLE"});
    if (!r.ok() || r.value().size() < 1)
        return {};
    const QByteArray name = r.value()[0].bytes();
    if (name == "slave" && master != nullptr && r.value().size() >= 3)
        *master = Endpoint{QString::fromLatin1(r.value()[1].bytes()), quint16(r.value()[2].integer())};
    return name;
}

Endpoint TestCliMonitor::currentReplica(LocalLab *l, Endpoint *master)
{
    for (const LabNode &n : l->topology().nodes)
        if (n.role != LabNode::Role::Sentinel && role(l, n.endpoint, master) == "slave")
            return n.endpoint;
    return {};
}

QString TestCliMonitor::myId(LocalLab *l, const Endpoint &ep)
{
    RedisConnection *c = l->control(ep);
    return c == nullptr ? QString() : QString::fromLatin1(execute(*c, RespCommand{"CLUSTER", "MYID"}).value().bytes());
}

// 1a. A 3x1 cluster seeded with one replica: all six nodes, slots, ids; the table has one row
//     per node with its role.
void TestCliMonitor::topologyOfClusterFromReplica()
{
    LocalLab *l = lab(LabSpec::Kind::Cluster);
    QVERIFY(l);
    const Endpoint seed = currentReplica(l);
    QVERIFY(seed.isValid());
    const QString port = QString::number(seed.port);

    const Run json = ops({QStringLiteral("topology"), QStringLiteral("-p"), port, QStringLiteral("--json")});
    QVERIFY2(json.code == 0, describe(json).constData());
    QJsonParseError parseError{};
    const QJsonObject t = QJsonDocument::fromJson(json.out, &parseError).object();
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    QCOMPARE(str(t, "kind"), QStringLiteral("cluster"));
    QVERIFY(str(t, "deployment").startsWith(QLatin1String("cluster:")));
    const QJsonArray nodes = t.value(QStringLiteral("nodes")).toArray();
    QCOMPARE(nodes.size(), 6);
    QCOMPARE(t.value(QStringLiteral("cluster")).toObject().value(QStringLiteral("slotsCovered")).toInt(), 16384);
    QCOMPARE(t.value(QStringLiteral("cluster")).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("ok"));
    int masters = 0, slotTotal = 0;
    QSet<QString> masterIds, addresses;
    QHash<QString, QString> roleByAddress, idByAddress;
    for (const QJsonValue &v : nodes) {
        const QJsonObject n = v.toObject();
        bool ok = false;
        const Endpoint ep = Endpoint::parse(str(n, "address"), 0, &ok);
        QVERIFY2(ok, qPrintable(str(n, "address")));
        QCOMPARE(str(n, "id"), myId(l, ep));
        QCOMPARE(str(n, "health"), QStringLiteral("ok"));
        addresses.insert(ep.toString());
        roleByAddress.insert(ep.toString(), str(n, "role"));
        idByAddress.insert(ep.toString(), str(n, "id"));
        if (str(n, "role") == QLatin1String("master")) {
            ++masters;
            slotTotal += n.value(QStringLiteral("slotCount")).toInt();
            masterIds.insert(str(n, "id"));
        } else {
            QCOMPARE(str(n, "role"), QStringLiteral("replica"));
        }
    }
    QCOMPARE(masters, 3);
    QCOMPARE(slotTotal, 16384);
    for (const QJsonValue &v : nodes)
        if (str(v.toObject(), "role") == QLatin1String("replica"))
            QVERIFY2(masterIds.contains(str(v.toObject(), "master")), qPrintable(str(v.toObject(), "address")));
    QCOMPARE(addresses.size(), 6);
    QVERIFY(addresses.contains(seed.toString()));

    const Run table = ops({QStringLiteral("topology"), QStringLiteral("-p"), port});
    QVERIFY2(table.code == 0, describe(table).constData());
    const QList<QByteArray> rows = lines(table.out);
    QVERIFY2(rows.value(0).startsWith("cluster deployment cluster:") && rows.value(0).contains("16384/16384"), table.out.constData());
    QVERIFY2(rows.value(1).startsWith("ROLE "), table.out.constData());
    QCOMPARE(rows.size(), 2 + 6);
    QSet<QString> seen;
    for (qsizetype i = 2; i < rows.size(); ++i) {
        const QStringList cells = QString::fromUtf8(rows.at(i)).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QVERIFY2(cells.size() >= 3, rows.at(i).constData());
        QVERIFY2(roleByAddress.contains(cells.at(1)), rows.at(i).constData());
        QCOMPARE(cells.at(0), roleByAddress.value(cells.at(1)));
        QCOMPARE(cells.at(2), idByAddress.value(cells.at(1)).left(12));
        seen.insert(cells.at(1));
    }
    QCOMPARE(seen, addresses);
}

// 1b. Sentinel deployment: 3 data nodes, 3 sentinels, the master the sentinels name.
void TestCliMonitor::topologyOfSentinelDeployment()
{
    LocalLab *l = lab(LabSpec::Kind::Sentinel);
    QVERIFY(l);
    const QList<LabNode> sentinels = l->topology().nodesWithRole(LabNode::Role::Sentinel);
    const Endpoint sentinel = sentinels.first().endpoint;
    const RedisResult addr = execute(*l->control(sentinel), RespCommand{"SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"});
    QVERIFY2(addr.ok() && addr.value().size() == 2, labtest::describe(addr).constData());
    const QString master = Endpoint{QString::fromLatin1(addr.value()[0].bytes()), addr.value()[1].bytes().toUShort()}.toString();
    const QStringList args{QStringLiteral("topology"), QStringLiteral("--sentinel"), sentinel.toString(), QStringLiteral("--master"),
                           QStringLiteral("mymaster")};

    const Run json = ops(args + QStringList{QStringLiteral("--json")});
    QVERIFY2(json.code == 0, describe(json).constData());
    const QJsonObject t = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(str(t, "kind"), QStringLiteral("sentinel"));
    QCOMPARE(t.value(QStringLiteral("sentinel")).toObject().value(QStringLiteral("masterName")).toString(), QStringLiteral("mymaster"));
    QCOMPARE(t.value(QStringLiteral("sentinel")).toObject().value(QStringLiteral("quorum")).toInt(), 2);
    const QJsonArray nodes = t.value(QStringLiteral("nodes")).toArray();
    const QJsonArray sentinelNodes = t.value(QStringLiteral("sentinels")).toArray();
    QCOMPARE(nodes.size(), 3);
    QCOMPARE(sentinelNodes.size(), 3);
    QStringList masters, replicasOf;
    for (const QJsonValue &v : nodes) {
        if (str(v.toObject(), "role") == QLatin1String("master"))
            masters << str(v.toObject(), "address");
        else
            replicasOf << str(v.toObject(), "master");
    }
    QCOMPARE(masters, QStringList{master});
    QCOMPARE(replicasOf, (QStringList{master, master}));
    QSet<QString> expectedSentinels, listedSentinels;
    for (const LabNode &n : sentinels)
        expectedSentinels.insert(n.endpoint.toString());
    for (const QJsonValue &v : sentinelNodes) {
        listedSentinels.insert(str(v.toObject(), "address"));
        QCOMPARE(str(v.toObject(), "role"), QStringLiteral("sentinel"));
    }
    QCOMPARE(listedSentinels, expectedSentinels);

    // Table: six rows; outside a cluster the id is the address, shown as "-" (never cut short).
    const Run table = ops(args);
    QVERIFY2(table.code == 0, describe(table).constData());
    const QList<QByteArray> rows = lines(table.out);
    QVERIFY2(rows.value(0).startsWith("sentinel deployment ") && rows.value(0).contains("master mymaster, quorum 2"), table.out.constData());
    QCOMPARE(rows.size(), 2 + 6);
    for (qsizetype i = 2; i < rows.size(); ++i) {
        const QStringList cells = QString::fromUtf8(rows.at(i)).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QVERIFY2(cells.size() >= 3 && cells.at(2) == QLatin1String("-"), rows.at(i).constData());
    }
}

// 1c. Standalone master with two replicas, seeded with a replica.
void TestCliMonitor::topologyOfStandaloneFromReplica()
{
    LocalLab *l = lab(LabSpec::Kind::Standalone);
    QVERIFY(l);
    Endpoint master;
    const Endpoint seed = currentReplica(l, &master);
    QVERIFY(seed.isValid());
    const Run json = ops({QStringLiteral("topology"), QStringLiteral("-p"), QString::number(seed.port), QStringLiteral("--json")});
    QVERIFY2(json.code == 0, describe(json).constData());
    const QJsonObject t = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(str(t, "kind"), QStringLiteral("standalone"));
    const QJsonArray nodes = t.value(QStringLiteral("nodes")).toArray();
    QCOMPARE(nodes.size(), 3);
    QCOMPARE(str(nodes.at(0).toObject(), "role"), QStringLiteral("master")); // masters first
    QCOMPARE(str(nodes.at(0).toObject(), "address"), master.toString());
    QSet<QString> replicas;
    for (int i = 1; i < 3; ++i) {
        const QJsonObject n = nodes.at(i).toObject();
        QCOMPARE(str(n, "role"), QStringLiteral("replica"));
        QCOMPARE(str(n, "master"), master.toString());
        QCOMPARE(str(n, "masterLink"), QStringLiteral("up"));
        replicas.insert(str(n, "address"));
    }
    QVERIFY(replicas.contains(seed.toString()));
    QCOMPARE(replicas.size(), 2);
}

// 2. Exit codes and messages: unreachable seed (3, naming the address),
//    usage errors (2), an unknown Sentinel master name (3, the sentinel's answer).
void TestCliMonitor::connectionAndUsageErrors()
{
    const quint16 port = freePort();
    QVERIFY(port != 0);
    const Run refused = ops({QStringLiteral("topology"), QStringLiteral("-p"), QString::number(port), QStringLiteral("--wait"), QStringLiteral("2000")});
    QVERIFY2(refused.code == 3, describe(refused).constData());
    QVERIFY2(refused.err.contains("127.0.0.1:" + QByteArray::number(port)), describe(refused).constData());
    QVERIFY2(refused.out.isEmpty(), describe(refused).constData());

    const Run lagRefused = ops({QStringLiteral("lag"), QStringLiteral("-p"), QString::number(port), QStringLiteral("--wait"), QStringLiteral("1000"), QStringLiteral("--json")});
    QVERIFY2(lagRefused.code == 3 && lagRefused.err.contains(QByteArray::number(port)), describe(lagRefused).constData());

    const Run noMaster = ops({QStringLiteral("topology"), QStringLiteral("--sentinel"), QStringLiteral("127.0.0.1:26379")});
    QVERIFY2(noMaster.code == 2 && noMaster.err.contains("--master"), describe(noMaster).constData());
    const Run both = ops({QStringLiteral("topology"), QStringLiteral("--json"), QStringLiteral("--table")});
    QVERIFY2(both.code == 2 && both.err.contains("--json and --table"), describe(both).constData());
    QCOMPARE(ops({QStringLiteral("topology"), QStringLiteral("--sentinel"), QStringLiteral("127.0.0.1:notaport"), QStringLiteral("--master"), QStringLiteral("m")}).code, 2);
    QCOMPARE(ops({QStringLiteral("watch"), QStringLiteral("--duration"), QStringLiteral("-1")}).code, 2);
    QCOMPARE(ops({QStringLiteral("lag"), QStringLiteral("--interval"), QStringLiteral("10")}).code, 2);
    QCOMPARE(ops({QStringLiteral("topology"), QStringLiteral("--help")}).code, 0);
    QCOMPARE(redisOps({QStringLiteral("--data-dir")}).code, 2);

    LocalLab *l = lab(LabSpec::Kind::Sentinel);
    QVERIFY(l);
    const Endpoint sentinel = l->topology().nodesWithRole(LabNode::Role::Sentinel).first().endpoint;
    const Run unknown = ops({QStringLiteral("topology"), QStringLiteral("--sentinel"), sentinel.toString(), QStringLiteral("--master"),
                             QStringLiteral("nosuchmaster"), QStringLiteral("--wait"), QStringLiteral("1500")});
    QVERIFY2(unknown.code == 3, describe(unknown).constData());
    QVERIFY2(unknown.err.contains(sentinel.toString().toLatin1()) && unknown.err.contains("No such master"), describe(unknown).constData());
}

// 2b. requirepass on the seed: a wrong password (REDISCLI_AUTH) or none is an auth error, exit 3.
void TestCliMonitor::wrongPasswordIsAnAuthError()
{
    LocalLab *l = lab(LabSpec::Kind::Standalone);
    QVERIFY(l);
    const Endpoint seed = currentReplica(l);
    QVERIFY(seed.isValid());
    RedisConnection *admin = l->control(seed);
    QVERIFY(execute(*admin, RespCommand{"CONFIG", "SET", "requirepass", "cli-secret"}).ok());
    auto restore = qScopeGuard([admin] {
        const RedisResult r = execute(*admin, RespCommand{"CONFIG", "SET", "requirepass", ""});
        if (!r.ok())
            qWarning("could not restore requirepass: %s", labtest::describe(r).constData());
    });
    const QStringList args{QStringLiteral("topology"), QStringLiteral("-p"), QString::number(seed.port), QStringLiteral("--wait"), QStringLiteral("1500")};

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("REDISCLI_AUTH"), QStringLiteral("not-the-secret"));
    const Run wrong = ops(args, 30000, env);
    QVERIFY2(wrong.code == 3, describe(wrong).constData());
    QVERIFY2(wrong.err.contains("authentication failed") && wrong.err.contains("WRONGPASS"), describe(wrong).constData());
    QVERIFY2(wrong.err.contains(seed.toString().toLatin1()), describe(wrong).constData());
    QVERIFY2(!wrong.err.contains("not-the-secret"), "the password was printed");

    env.remove(QStringLiteral("REDISCLI_AUTH"));
    const Run none = ops(args, 30000, env);
    QVERIFY2(none.code == 3, describe(none).constData());
    QVERIFY2(none.err.contains("authentication failed") && none.err.contains("NOAUTH"), describe(none).constData());
}

// 3. lag --json: one entry per replica, link up, a lag in bytes (Sentinel and standalone).
void TestCliMonitor::lagListsEveryReplica()
{
    struct Case
    {
        LabSpec::Kind kind;
        QStringList target;
    };
    LocalLab *sentinelLab = lab(LabSpec::Kind::Sentinel);
    LocalLab *standaloneLab = lab(LabSpec::Kind::Standalone);
    QVERIFY(sentinelLab && standaloneLab);
    Endpoint standaloneMaster;
    const Endpoint standaloneReplica = currentReplica(standaloneLab, &standaloneMaster);
    const Case cases[] = {
        {LabSpec::Kind::Sentinel,
         {QStringLiteral("--sentinel"), sentinelLab->topology().nodesWithRole(LabNode::Role::Sentinel).first().endpoint.toString(),
          QStringLiteral("--master"), QStringLiteral("mymaster")}},
        {LabSpec::Kind::Standalone, {QStringLiteral("-p"), QString::number(standaloneMaster.port)}},
    };
    for (const Case &c : cases) {
        const Run r = ops(QStringList{QStringLiteral("lag"), QStringLiteral("--json")} + c.target);
        QVERIFY2(r.code == 0, describe(r).constData());
        QCOMPARE(lines(r.out).size(), 1); // one compact object
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QVERIFY(!str(o, "deployment").isEmpty());
        const QJsonArray replicas = o.value(QStringLiteral("replicas")).toArray();
        QVERIFY2(replicas.size() == 2, r.out.constData());
        QSet<QString> addresses;
        for (const QJsonValue &v : replicas) {
            const QJsonObject rep = v.toObject();
            QCOMPARE(str(rep, "link"), QStringLiteral("up"));
            QVERIFY2(rep.value(QStringLiteral("lagBytes")).isDouble() && rep.value(QStringLiteral("lagBytes")).toInteger() >= 0, r.out.constData());
            QVERIFY(!str(rep, "master").isEmpty());
            addresses.insert(str(rep, "replica"));
        }
        QCOMPARE(addresses.size(), 2);
        if (c.kind == LabSpec::Kind::Standalone)
            QVERIFY(addresses.contains(standaloneReplica.toString()));

        const Run table = ops(QStringList{QStringLiteral("lag")} + c.target);
        QVERIFY2(table.code == 0, describe(table).constData());
        QCOMPARE(lines(table.out).size(), 1 + 2);
        QVERIFY(table.out.startsWith("REPLICA "));
    }
}

// 4. watch on a cluster during CLUSTER FAILOVER: JSON lines with promoted + demoted for the right
//    ids; exit 0 after --duration; then history lists exactly those events, filters by kind
//    (CSV), by node (address or id prefix), by time, and rejects bad --since / --kind.
void TestCliMonitor::watchPrintsClusterFailoverThenHistoryListsIt()
{
    LocalLab *l = lab(LabSpec::Kind::Cluster);
    QVERIFY(l);
    Endpoint oldMaster;
    const Endpoint replica = currentReplica(l, &oldMaster);
    QVERIFY(replica.isValid() && oldMaster.isValid());
    const QString replicaId = myId(l, replica), oldMasterId = myId(l, oldMaster);
    QCOMPARE(replicaId.size(), 40);

    Background watch(withDataDir({QStringLiteral("watch"), QStringLiteral("--duration"), QStringLiteral("20"), QStringLiteral("-h"),
                                  QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(oldMaster.port)}));
    QVERIFY2(watch.waitForStderr("watching cluster:", 15000), watch.describe().constData());
    QElapsedTimer sinceSettled;
    sinceSettled.start();
    QVERIFY(execute(*l->control(replica), RespCommand{"CLUSTER", "FAILOVER"}).ok());

    const int promoted = watch.waitForEvent([&](const QJsonObject &e) {
        return str(e, "kind") == QLatin1String("promoted") && str(e, "node") == replicaId;
    }, 20000);
    QVERIFY2(promoted >= 0, watch.describe().constData());
    const int demoted = watch.waitForEvent([&](const QJsonObject &e) {
        return str(e, "kind") == QLatin1String("demoted") && str(e, "node") == oldMasterId;
    }, 10000);
    QVERIFY2(demoted >= 0, watch.describe().constData());
    const QJsonObject promotedEvent = watch.events.at(promoted);
    QCOMPARE(promotedEvent.value(QStringLiteral("details")).toObject().value(QStringLiteral("oldMaster")).toString(), oldMasterId);
    QCOMPARE(str(promotedEvent, "endpoint"), replica.toString());
    QVERIFY(str(promotedEvent, "deployment").startsWith(QLatin1String("cluster:")));

    QCOMPARE(watch.waitForExit(30000), 0);
    QVERIFY2(sinceSettled.elapsed() >= 19000, qPrintable(QString::number(sinceSettled.elapsed()))); // --duration 20 from settling
    QVERIFY2(watch.badLines.isEmpty(), watch.describe().constData());

    // history --json: the same events, stored with ids.
    const Run all = ops({QStringLiteral("history"), QStringLiteral("--json")});
    QVERIFY2(all.code == 0, describe(all).constData());
    QList<qint64> watchedIds, storedIds;
    for (const QJsonObject &e : std::as_const(watch.events))
        watchedIds << e.value(QStringLiteral("id")).toInteger();
    int storedPromoted = 0;
    for (const QByteArray &line : lines(all.out)) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        storedIds << e.value(QStringLiteral("id")).toInteger();
        storedPromoted += str(e, "kind") == QLatin1String("promoted") ? 1 : 0;
    }
    QCOMPARE(storedIds, watchedIds);
    QVERIFY(storedPromoted >= 1);

    // --kind promoted --csv: the header, then exactly the promoted rows.
    const Run csv = ops({QStringLiteral("history"), QStringLiteral("--kind"), QStringLiteral("promoted"), QStringLiteral("--csv")});
    QVERIFY2(csv.code == 0, describe(csv).constData());
    const QList<QByteArray> rows = lines(csv.out);
    QCOMPARE(rows.value(0), QByteArrayLiteral("id,time,deployment,kind,severity,source,node,endpoint,message,details"));
    QCOMPARE(rows.size(), 1 + storedPromoted);
    bool replicaRow = false;
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const QStringList f = csvFields(QString::fromUtf8(rows.at(i)));
        QCOMPARE(f.size(), 10);
        QCOMPARE(f.at(3), QStringLiteral("promoted"));
        replicaRow = replicaRow || f.at(6) == replicaId;
        QVERIFY(QJsonDocument::fromJson(f.at(9).toUtf8()).isObject()); // details survive the quoting
    }
    QVERIFY(replicaRow);

    // --node takes the address or an id prefix too (cluster events are stored by node id).
    for (const QString &node : {replica.toString(), replicaId.left(12), replicaId}) {
        const Run byNode = ops({QStringLiteral("history"), QStringLiteral("--node"), node, QStringLiteral("--kind"),
                                QStringLiteral("promoted,demoted"), QStringLiteral("--json")});
        QVERIFY2(byNode.code == 0, describe(byNode).constData());
        const QList<QByteArray> found = lines(byNode.out);
        QVERIFY2(found.size() >= 1, qPrintable(node));
        for (const QByteArray &line : found)
            QCOMPARE(str(QJsonDocument::fromJson(line).object(), "node"), replicaId);
    }
    const Run limited = ops({QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("1"), QStringLiteral("--json")});
    QVERIFY2(limited.code == 0 && lines(limited.out).size() == 1, describe(limited).constData());
    QCOMPARE(QJsonDocument::fromJson(limited.out).object().value(QStringLiteral("id")).toInteger(), storedIds.last());

    const Run recent = ops({QStringLiteral("history"), QStringLiteral("--since"), QStringLiteral("1h"), QStringLiteral("--json")});
    QVERIFY2(recent.code == 0, describe(recent).constData());
    QCOMPARE(lines(recent.out).size(), storedIds.size());
    const Run old = ops({QStringLiteral("history"), QStringLiteral("--until"), QStringLiteral("2001-01-01T00:00:00Z")});
    QVERIFY2(old.code == 0 && old.out == "no events\n", describe(old).constData());

    QCOMPARE(ops({QStringLiteral("history"), QStringLiteral("--since"), QStringLiteral("yesterday")}).code, 2);
    QCOMPARE(ops({QStringLiteral("history"), QStringLiteral("--since"), QStringLiteral("999999999999999999999d")}).code, 2);
    QCOMPARE(ops({QStringLiteral("history"), QStringLiteral("--since"), QStringLiteral("100000000d")}).code, 2);
    QCOMPARE(ops({QStringLiteral("history"), QStringLiteral("--kind"), QStringLiteral("nope")}).code, 2);
    QCOMPARE(ops({QStringLiteral("history"), QStringLiteral("--kind"), QStringLiteral("promoted,nope")}).code, 2);
    QCOMPARE(ops({QStringLiteral("history"), QStringLiteral("--json"), QStringLiteral("--csv")}).code, 2);
    QCOMPARE(ops({QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("0")}).code, 2);
}

// 5. Ctrl-C ends watch at once with exit 0.
void TestCliMonitor::watchStopsPromptlyOnSigint()
{
    LocalLab *l = lab(LabSpec::Kind::Standalone);
    QVERIFY(l);
    const Endpoint master = l->topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    Background watch(withDataDir({QStringLiteral("watch"), QStringLiteral("-p"), QString::number(master.port)}));
    QVERIFY2(watch.waitForStderr("watching standalone@", 15000), watch.describe().constData());
    QCOMPARE(::kill(pid_t(watch.pid()), SIGINT), 0);
    QCOMPARE(watch.waitForExit(5000), 0); // the bound is the wait itself (watch would run on otherwise)
}

// 6. watch on a Sentinel deployment during SENTINEL FAILOVER: +switch-master with the old and
//    new master, then the poll-confirmed promoted event for the new master.
void TestCliMonitor::watchSentinelFailover()
{
    LocalLab *l = lab(LabSpec::Kind::Sentinel);
    QVERIFY(l);
    const Endpoint sentinel = l->topology().nodesWithRole(LabNode::Role::Sentinel).first().endpoint;
    const RedisResult addr = execute(*l->control(sentinel), RespCommand{"SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"});
    QVERIFY2(addr.ok() && addr.value().size() == 2, labtest::describe(addr).constData());
    const QString oldMaster = Endpoint{QString::fromLatin1(addr.value()[0].bytes()), addr.value()[1].bytes().toUShort()}.toString();

    Background watch(withDataDir({QStringLiteral("watch"), QStringLiteral("--sentinel"), sentinel.toString(), QStringLiteral("--master"),
                                  QStringLiteral("mymaster"), QStringLiteral("--duration"), QStringLiteral("25")}));
    QVERIFY2(watch.waitForStderr("watching sentinel:mymaster/", 15000), watch.describe().constData());
    const RedisResult failover = execute(*l->control(sentinel), RespCommand{"SENTINEL", "FAILOVER", "mymaster"});
    QVERIFY2(failover.ok(), labtest::describe(failover).constData());

    const int sw = watch.waitForEvent([](const QJsonObject &e) { return str(e, "kind") == QLatin1String("+switch-master"); }, 20000);
    QVERIFY2(sw >= 0, watch.describe().constData());
    const QJsonObject details = watch.events.at(sw).value(QStringLiteral("details")).toObject();
    QCOMPARE(details.value(QStringLiteral("oldMaster")).toString(), oldMaster);
    const QString newMaster = details.value(QStringLiteral("newMaster")).toString();
    QVERIFY2(!newMaster.isEmpty() && newMaster != oldMaster, watch.describe().constData());
    QCOMPARE(str(watch.events.at(sw), "source"), QStringLiteral("sentinel"));
    const int promoted = watch.waitForEvent([&](const QJsonObject &e) {
        return str(e, "kind") == QLatin1String("promoted") && str(e, "node") == newMaster;
    }, 20000);
    QVERIFY2(promoted >= 0, watch.describe().constData());
    QCOMPARE(watch.waitForExit(40000), 0);
    QVERIFY2(watch.badLines.isEmpty(), watch.describe().constData());

    const Run stored = ops({QStringLiteral("history"), QStringLiteral("--kind"), QStringLiteral("+switch-master"), QStringLiteral("--json")});
    QVERIFY2(stored.code == 0 && !stored.out.isEmpty(), describe(stored).constData());
    for (const QByteArray &line : lines(stored.out))
        QCOMPARE(str(QJsonDocument::fromJson(line).object(), "kind"), QStringLiteral("+switch-master"));
}

QTEST_GUILESS_MAIN(TestCliMonitor)
#include "tst_cli_monitor.moc"
