// The least-privilege roles of docs/security.md on real labs. The ACL SETUSER lines are read from
// the document itself and run on every node (data nodes and sentinels), so the document cannot
// drift from what is tested. Then the monitoring side runs as ops-monitor (topology, lag, check,
// watch) and the guided actions as ops-operator (Sentinel failover, cluster reshard with keys),
// and every server's ACL LOG must stay empty: a single denied command or key fails the test.
// An action run with the monitoring role must fail with a message naming the denied command. The
// operator role also runs a cluster manual failover, add-node, remove-node and fix (clusterOperatorActions).
#include "AclRoles.h"
#include "CliProcess.h"
#include "LabFixture.h"
#include "ClusterData.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ops;
using labtest::execute;

namespace {

constexpr const char *kPassword = "acl-roles-test-pw";

struct CliRun
{
    int code = -1;
    QByteArray out, err;
    QList<QJsonObject> lines;
    /** Exit code, stderr and the last JSON line (QVERIFY2 cuts long messages: the end matters). */
    QByteArray describe() const
    {
        const QByteArray last = out.trimmed().split('\n').constLast();
        return "exit " + QByteArray::number(code) + "\nstderr:\n" + err.right(600) + "\nlast stdout line:\n" + last.right(600);
    }
};

} // namespace

class TestAclRoles : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void documentHasEveryRole();
    void sentinelMonitoringAndFailover();
    void clusterMonitoringAndReshard();
    void clusterOperatorActions();
    void noFileHoldsThePassword();

private:
    CliRun run(const QString &user, const QStringList &args, int waitMs = 90000);

    AclRoles m_roles{kPassword};
    std::unique_ptr<LocalLab> m_sentinel, m_cluster;
    QTemporaryDir m_home;
};

void TestAclRoles::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY2(m_roles.isValid(), "docs/security.md is not readable");
    qputenv("REDISCLI_AUTH", kPassword);
}

void TestAclRoles::cleanupTestCase()
{
    qunsetenv("REDISCLI_AUTH");
    m_sentinel.reset();
    m_cluster.reset();
}

void TestAclRoles::documentHasEveryRole()
{
    for (const char *role : {"monitor", "operator"})
        for (const char *place : {"data", "sentinel"}) {
            const auto lines = m_roles.lines(QString::fromLatin1(role), QString::fromLatin1(place));
            QVERIFY2(!lines.isEmpty(), (QByteArray(role) + " " + place).constData());
            for (const QList<QByteArray> &argv : lines) {
                QVERIFY2(argv.size() > 3 && argv[0] == "ACL" && argv[1] == "SETUSER", argv.join(' ').constData());
                QCOMPARE(argv[2], QByteArray(qstrcmp(role, "monitor") == 0 ? "ops-monitor" : "ops-operator"));
            }
            // Every role starts from nothing: reset, then -@all before any allowance.
            QVERIFY(lines.first().contains("reset") && lines.first().contains("-@all"));
        }
    // The monitoring role can change nothing.
    for (const char *place : {"data", "sentinel"})
        for (const QList<QByteArray> &argv : m_roles.lines(QStringLiteral("monitor"), QString::fromLatin1(place)))
            for (const QByteArray &word : argv)
                QVERIFY2(!word.contains("set") || word == "SETUSER" || word == "reset" || word == "+client|setname" || word == "resetchannels",
                         word.constData());
}

CliRun TestAclRoles::run(const QString &user, const QStringList &args, int waitMs)
{
    CliProcess p(QStringLiteral(REDIS_OPS_BINARY), m_home.path(), args + QStringList{QStringLiteral("--user"), user});
    CliRun r;
    if (!p.finished(waitMs))
        return r;
    r.code = p.process().exitStatus() == QProcess::NormalExit ? p.process().exitCode() : -2;
    r.out = p.out();
    r.err = p.err();
    r.lines = p.lines();
    return r;
}

namespace {

/**
 * Findings of a `check --json` report whose status is unknown, with their summaries — but for
 * failover.client-retry-budget, which reads the recorded failovers from the history, not the
 * servers: with no history yet it is unknown whatever the role may run.
 */
QStringList unknownFindings(const CliRun &check)
{
    QStringList unknown;
    if (check.lines.isEmpty())
        return {QStringLiteral("no report")};
    for (const QJsonValue &v : check.lines.last().value(QStringLiteral("findings")).toArray()) {
        const QJsonObject f = v.toObject();
        if (f.value(QStringLiteral("rule")).toString() == QLatin1String("failover.client-retry-budget"))
            continue;
        if (f.value(QStringLiteral("status")).toString() == QLatin1String("unknown"))
            unknown << f.value(QStringLiteral("rule")).toString() + QStringLiteral(": ") + f.value(QStringLiteral("summary")).toString();
    }
    return unknown;
}

bool mentionsDenial(const QByteArray &text)
{
    return text.contains("NOPERM") || text.contains("permission denied");
}

/** The refusal names the command ACL denied ("… the 'cluster|setslot' command"). */
bool namesDeniedCommand(const CliRun &r)
{
    static const QRegularExpression named(QStringLiteral("'[a-z-]+(\\|[a-z-]+)?' command"));
    return named.match(QString::fromUtf8(r.out + r.err)).hasMatch();
}

/** The replica of @p master in @p lab (ROLE names the master's port); invalid if none. */
Endpoint replicaOf(LocalLab &lab, const Endpoint &master)
{
    for (const LabNode &n : lab.topology().nodesWithRole(LabNode::Role::Replica)) {
        const RedisResult role = execute(*lab.control(n.endpoint), RespCommand{"ROLE"});
        if (role.ok() && role.value().size() > 2 && role.value()[2].integer() == master.port)
            return n.endpoint;
    }
    return {};
}

} // namespace

void TestAclRoles::sentinelMonitoringAndFailover()
{
    m_sentinel = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_sentinel);
    QString why;
    QVERIFY2(m_roles.apply(*m_sentinel, why), qPrintable(why));
    const LabTopology &t = m_sentinel->topology();
    QStringList deployment;
    for (const LabNode &s : t.nodesWithRole(LabNode::Role::Sentinel))
        deployment << QStringLiteral("--sentinel") << s.endpoint.toString();
    deployment << QStringLiteral("--master") << t.spec.masterName;
    const Endpoint oldMaster = labtest::sentinelMaster(*m_sentinel);
    const QString monitor = QStringLiteral("ops-monitor");
    const QString op = QStringLiteral("ops-operator");

    // The monitoring side, as ops-monitor.
    const CliRun topology = run(monitor, QStringList{QStringLiteral("topology"), QStringLiteral("--json")} + deployment);
    QVERIFY2(topology.code == 0 && topology.out.contains(oldMaster.toString().toUtf8()), topology.describe().constData());
    const CliRun lag = run(monitor, QStringList{QStringLiteral("lag"), QStringLiteral("--json")} + deployment);
    QVERIFY2(lag.code == 0, lag.describe().constData());
    const CliRun check = run(monitor, QStringList{QStringLiteral("check"), QStringLiteral("--json")} + deployment);
    QVERIFY2(check.code == 0 || check.code == 1, check.describe().constData());
    QVERIFY2(unknownFindings(check).isEmpty(), qPrintable(unknownFindings(check).join(QLatin1Char('\n'))));
    QStringList denials = AclRoles::denials(*m_sentinel);
    QVERIFY2(denials.isEmpty(), qPrintable(denials.join(QLatin1Char('\n'))));

    // An action with the monitoring role fails, naming what was denied, and changes nothing.
    const QStringList failover = QStringList{QStringLiteral("failover")} + deployment
        + QStringList{QStringLiteral("--graceful"), QStringLiteral("--yes"), QStringLiteral("--json")};
    const CliRun refused = run(monitor, failover);
    QVERIFY2(refused.code != 0 && mentionsDenial(refused.out + refused.err), refused.describe().constData());
    QVERIFY2(namesDeniedCommand(refused), refused.describe().constData());
    QCOMPARE(labtest::sentinelMaster(*m_sentinel), oldMaster);
    for (const LabNode &n : t.nodes) // ACL LOG RESET: what follows must be the operator's alone
        QVERIFY(execute(*m_sentinel->control(n.endpoint), RespCommand{"ACL", "LOG", "RESET"}).ok());

    // The operator fails over while ops-monitor watches: the watcher sees the switch.
    CliProcess watch(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                     QStringList{QStringLiteral("watch")} + deployment
                         + QStringList{QStringLiteral("--duration"), QStringLiteral("60"), QStringLiteral("--user"), monitor});
    const auto switched = [](const QJsonObject &e) { return e.value(QStringLiteral("kind")) == QLatin1String("+switch-master"); };
    QTRY_VERIFY2_WITH_TIMEOUT((watch.sawLine(switched), watch.err().contains("watching sentinel:")), watch.err().constData(), 20000);
    const CliRun done = run(op, failover, 120000);
    QVERIFY2(done.code == 0, done.describe().constData());
    const Endpoint newMaster = labtest::sentinelMaster(*m_sentinel);
    QVERIFY(newMaster != oldMaster);
    QTRY_VERIFY2_WITH_TIMEOUT(watch.lastMatch().value(QStringLiteral("kind")) == QLatin1String("+switch-master") || watch.sawLine(switched),
                              watch.out().constData(), 20000);
    watch.process().terminate();
    QVERIFY(watch.finished(10000));
    denials = AclRoles::denials(*m_sentinel);
    QVERIFY2(denials.isEmpty(), qPrintable(denials.join(QLatin1Char('\n'))));
    QVERIFY2(!watch.out().contains(kPassword) && !watch.err().contains(kPassword) && !done.out.contains(kPassword)
                 && !done.err.contains(kPassword), "the password is never printed");
    m_sentinel.reset();
}

void TestAclRoles::clusterMonitoringAndReshard()
{
    m_cluster = labtest::startedLab(LabSpec::Kind::Cluster, 1);
    QVERIFY(m_cluster);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_cluster, why), qPrintable(why));
    QVERIFY2(m_roles.apply(*m_cluster, why), qPrintable(why));
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_cluster);
    QVERIFY(masters.size() >= 2);
    // Keys in the slots to move, so MIGRATE really runs (and RESTORE-ASKING on the target).
    const QString seeded = labtest::seedKeys(*m_cluster, "acl:", 3000, 64);
    QVERIFY2(seeded.isEmpty(), qPrintable(seeded));
    const QStringList seed{QStringLiteral("-p"), QString::number(masters.first().port)};
    const QString monitor = QStringLiteral("ops-monitor");

    const CliRun topology = run(monitor, QStringList{QStringLiteral("topology"), QStringLiteral("--json")} + seed);
    QVERIFY2(topology.code == 0, topology.describe().constData());
    const CliRun check = run(monitor, QStringList{QStringLiteral("check"), QStringLiteral("--json")} + seed);
    QVERIFY2(check.code == 0 || check.code == 1, check.describe().constData());
    QVERIFY2(unknownFindings(check).isEmpty(), qPrintable(unknownFindings(check).join(QLatin1Char('\n'))));
    QStringList denials = AclRoles::denials(*m_cluster);
    QVERIFY2(denials.isEmpty(), qPrintable(denials.join(QLatin1Char('\n'))));

    const QStringList reshard{QStringLiteral("reshard"), QStringLiteral("--cluster"), masters[0].toString(), QStringLiteral("--from"),
                              masters[0].toString(), QStringLiteral("--to"), masters[1].toString(), QStringLiteral("--range"),
                              QStringLiteral("0-99"), QStringLiteral("--yes"), QStringLiteral("--json")};
    const CliRun refused = run(monitor, reshard);
    QVERIFY2(refused.code != 0 && mentionsDenial(refused.out + refused.err), refused.describe().constData());
    QVERIFY2(namesDeniedCommand(refused), refused.describe().constData());
    for (const LabNode &n : m_cluster->topology().nodes)
        QVERIFY(execute(*m_cluster->control(n.endpoint), RespCommand{"ACL", "LOG", "RESET"}).ok());

    const CliRun moved = run(QStringLiteral("ops-operator"), reshard, 120000);
    QVERIFY2(moved.code == 0, moved.describe().constData());
    const QVector<Endpoint> owners = labtest::slotOwners(*m_cluster);
    QCOMPARE(owners.value(0), masters[1]);
    QCOMPARE(owners.value(99), masters[1]);
    const labtest::ReadBack back = labtest::readBack(*m_cluster, "acl:", 3000, 64);
    QVERIFY2(back.present == 3000, qPrintable(back.toString()));
    denials = AclRoles::denials(*m_cluster);
    QVERIFY2(denials.isEmpty(), qPrintable(denials.join(QLatin1Char('\n'))));
    m_cluster.reset();
}

// The operator role of docs/security.md covers every cluster action besides resharding: a manual
// failover (CLUSTER FAILOVER on the replica), adding an empty node (CLUSTER MEET, then as a
// replica: CLUSTER REPLICATE), removing it (CLUSTER FORGET everywhere, CLUSTER RESET on it) and
// fixing an open slot (CLUSTER SETSLOT). Each runs as ops-operator and no ACL LOG entry appears;
// the monitoring role is refused the failover, naming the command.
void TestAclRoles::clusterOperatorActions()
{
    m_cluster = labtest::startedLab(LabSpec::Kind::Cluster, 1, 1);
    QVERIFY(m_cluster);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_cluster, why), qPrintable(why));
    QVERIFY2(m_roles.apply(*m_cluster, why), qPrintable(why));
    LocalLab &lab = *m_cluster;
    const QList<Endpoint> masters = labtest::mastersBySlot(lab);
    QVERIFY(masters.size() == 3);
    const Endpoint replica = replicaOf(lab, masters.first());
    QVERIFY(replica.isValid());
    const Endpoint spare = lab.topology().nodesWithRole(LabNode::Role::Spare).value(0).endpoint;
    QVERIFY(spare.isValid());
    const QString op = QStringLiteral("ops-operator");
    const QStringList cluster{QStringLiteral("--cluster"), masters.at(1).toString(), QStringLiteral("--yes"), QStringLiteral("--json")};
    auto noDenials = [&](const char *after) {
        const QStringList denials = AclRoles::denials(lab);
        return denials.isEmpty() ? QString() : QString::fromLatin1(after) + QStringLiteral(": ") + denials.join(QLatin1Char('\n'));
    };

    // The monitoring role may not fail over: refused, naming the command, nothing changed.
    const QStringList failover{QStringLiteral("failover"), QStringLiteral("--cluster-replica"), replica.toString(),
                               QStringLiteral("--yes"), QStringLiteral("--json")};
    const CliRun refused = run(QStringLiteral("ops-monitor"), failover);
    QVERIFY2(refused.code != 0 && mentionsDenial(refused.out + refused.err) && namesDeniedCommand(refused), refused.describe().constData());
    QCOMPARE(labtest::mastersBySlot(lab).first(), masters.first());
    for (const LabNode &n : lab.topology().nodes)
        QVERIFY(execute(*lab.control(n.endpoint), RespCommand{"ACL", "LOG", "RESET"}).ok());

    const CliRun promoted = run(op, failover, 120000);
    QVERIFY2(promoted.code == 0, promoted.describe().constData());
    QTRY_COMPARE_WITH_TIMEOUT(labtest::mastersBySlot(lab).first(), replica, 30000);
    QString denied = noDenials("cluster failover");
    QVERIFY2(denied.isEmpty(), qPrintable(denied));

    const CliRun added = run(op, QStringList{QStringLiteral("add-node"), spare.toString(), QStringLiteral("--replica-of"),
                                             masters.at(2).toString()} + cluster, 120000);
    QVERIFY2(added.code == 0, added.describe().constData());
    denied = noDenials("add-node");
    QVERIFY2(denied.isEmpty(), qPrintable(denied));
    // (the lab's settle check counts the nodes it started in the cluster, not the added one)
    QTRY_COMPARE_WITH_TIMEOUT(labtest::infoField(execute(*lab.control(spare), RespCommand{"INFO", "replication"}), "master_link_status"),
                              QByteArray("up"), 30000);

    const CliRun removed = run(op, QStringList{QStringLiteral("remove-node"), spare.toString()} + cluster, 120000);
    QVERIFY2(removed.code == 0, removed.describe().constData());
    denied = noDenials("remove-node");
    QVERIFY2(denied.isEmpty(), qPrintable(denied));

    // An open slot (its owner marked it migrating, nobody finished), fixed by the operator.
    const Endpoint owner = labtest::mastersBySlot(lab).last();
    RedisConnection admin(lab.topology().connectionOptions(masters.at(1)));
    const QByteArray targetId = execute(admin, RespCommand{"CLUSTER", "MYID"}).value().bytes();
    const RedisResult slotTable = execute(*lab.control(owner), RespCommand{"CLUSTER", "SLOTS"});
    QVERIFY(slotTable.ok());
    QByteArray ownerSlot;
    for (std::size_t i = 0; i < slotTable.value().size(); ++i)
        if (slotTable.value()[i][2][1].integer() == owner.port)
            ownerSlot = QByteArray::number(slotTable.value()[i][0].integer());
    QVERIFY(!ownerSlot.isEmpty());
    QVERIFY(execute(*lab.control(owner), RespCommand{"CLUSTER", "SETSLOT", ownerSlot, "MIGRATING", targetId}).ok());
    QVERIFY(!labtest::openSlots(lab).isEmpty());
    const CliRun fixed = run(op, QStringList{QStringLiteral("fix")} + cluster, 120000);
    QVERIFY2(fixed.code == 0, fixed.describe().constData());
    QTRY_VERIFY_WITH_TIMEOUT(labtest::openSlots(lab).isEmpty(), 30000);
    denied = noDenials("fix");
    QVERIFY2(denied.isEmpty(), qPrintable(denied));
    m_cluster.reset();
}

// Everything the CLI wrote in these sessions (history database and its journal, logs, settings)
// is searched for the password the sessions logged in with: zero hits. The history must not be
// empty, or the search proves nothing.
void TestAclRoles::noFileHoldsThePassword()
{
    int files = 0;
    qint64 bytes = 0;
    QDirIterator it(m_home.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        const QByteArray content = f.readAll();
        ++files;
        qInfo("searched %s (%lld bytes)", qPrintable(QDir(m_home.path()).relativeFilePath(f.fileName())), qint64(content.size()));
        bytes += content.size();
        QVERIFY2(!content.contains(kPassword), qPrintable(f.fileName()));
        QVERIFY2(!content.contains(QByteArray(kPassword).toBase64()), qPrintable(f.fileName()));
        QVERIFY2(!content.contains(QByteArray(kPassword).toHex()), qPrintable(f.fileName()));
    }
    qInfo("%d files, %lld bytes searched", files, bytes);
    QVERIFY(QFile::exists(m_home.filePath(QStringLiteral("data/history.sqlite"))));
    QVERIFY(QFile::exists(m_home.filePath(QStringLiteral("data/logs/redis-ops.log"))));
    QVERIFY(bytes > 10000);
}

QTEST_GUILESS_MAIN(TestAclRoles)
#include "tst_aclroles.moc"
