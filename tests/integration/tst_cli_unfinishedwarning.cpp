// Every cluster action of `redis-ops` names the unfinished operations of the same cluster in the
// journal before it plans: a real cluster lab (3 masters with a replica each, one spare node), a
// throttled `reshard` SIGKILLed once a slot has moved (the journal keeps it unfinished, as after a
// crash), then each action run as a dry run on the same cluster and home. Each must print the
// warning with the operation's id and how to finish it, on stderr and as an "unfinished" JSON line.
// Then `resume` finishes it and no action warns any more.
#include "CliProcess.h"
#include "ClusterData.h"
#include "LabFixture.h"

#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace ops;

namespace {
bool isEvent(const QJsonObject &o, const char *event) { return o.value(QStringLiteral("event")).toString() == QLatin1String(event); }
} // namespace

class TestCliUnfinishedWarning : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void everyClusterActionWarns_data();
    void everyClusterActionWarns();
    void noWarningOnceResumed();

private:
    QStringList actionArgs(const QString &action) const;

    std::unique_ptr<LocalLab> m_lab;
    QTemporaryDir m_home;
    QList<Endpoint> m_masters;
    Endpoint m_replica, m_spare;
    QString m_operation;
};

void TestCliUnfinishedWarning::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 1, 1);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why, 60000), qPrintable(why));
    m_masters = labtest::mastersBySlot(*m_lab);
    QCOMPARE(m_masters.size(), 3);
    for (const LabNode &n : m_lab->topology().nodes) {
        if (n.role == LabNode::Role::Spare)
            m_spare = n.endpoint;
        else if (n.role == LabNode::Role::Replica && !m_replica.isValid())
            m_replica = n.endpoint;
    }
    QVERIFY(m_spare.isValid() && m_replica.isValid());
    const QString seeded = labtest::seedKeys(*m_lab, "uw:", 5000, 32);
    QVERIFY2(seeded.isEmpty(), qPrintable(seeded));

    CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                   {QStringLiteral("reshard"), QStringLiteral("--cluster"), m_masters[0].toString(), QStringLiteral("--from"),
                    m_masters[2].toString(), QStringLiteral("--to"), m_masters[1].toString(), QStringLiteral("--slots"),
                    QStringLiteral("2000"), QStringLiteral("--slots-in-flight"), QStringLiteral("4"), QStringLiteral("--batch"),
                    QStringLiteral("10"), QStringLiteral("--max-keys-per-s"), QStringLiteral("200"), QStringLiteral("--yes"),
                    QStringLiteral("--json")});
    const bool moving = QTest::qWaitFor([&cli] {
        return cli.sawLine([](const QJsonObject &l) { return isEvent(l, "progress") && l.value(QStringLiteral("slotsDone")).toInt() > 0; });
    }, 60000);
    if (moving)
        ::kill(pid_t(cli.process().processId()), SIGKILL);
    QVERIFY2(moving, (cli.out().right(3000) + cli.err()).constData());
    QVERIFY(cli.finished(10000));
    QCOMPARE(cli.process().exitStatus(), QProcess::CrashExit);
    for (const QJsonObject &o : cli.lines())
        if (isEvent(o, "started"))
            m_operation = o.value(QStringLiteral("operation")).toString();
    QVERIFY(!m_operation.isEmpty());
}

void TestCliUnfinishedWarning::cleanupTestCase() { m_lab.reset(); }

QStringList TestCliUnfinishedWarning::actionArgs(const QString &action) const
{
    const QString seed = m_masters[0].toString();
    const QStringList dry{QStringLiteral("--dry-run"), QStringLiteral("--json")};
    if (action == QLatin1String("cluster failover"))
        return QStringList{QStringLiteral("failover"), QStringLiteral("--cluster-replica"), m_replica.toString()} + dry;
    if (action == QLatin1String("add-node"))
        return QStringList{QStringLiteral("add-node"), m_spare.toString(), QStringLiteral("--cluster"), seed} + dry;
    if (action == QLatin1String("remove-node"))
        return QStringList{QStringLiteral("remove-node"), m_replica.toString(), QStringLiteral("--cluster"), seed} + dry;
    if (action == QLatin1String("fix"))
        return QStringList{QStringLiteral("fix"), QStringLiteral("--cluster"), seed} + dry;
    if (action == QLatin1String("drain"))
        return QStringList{QStringLiteral("drain"), m_masters[1].toString(), QStringLiteral("--cluster"), seed} + dry;
    if (action == QLatin1String("rebalance"))
        return QStringList{QStringLiteral("rebalance"), QStringLiteral("--cluster"), seed} + dry;
    return QStringList{QStringLiteral("reshard"), QStringLiteral("--cluster"), seed, QStringLiteral("--from"), m_masters[1].toString(),
                       QStringLiteral("--to"), m_masters[0].toString(), QStringLiteral("--slots"), QStringLiteral("5")}
        + dry;
}

void TestCliUnfinishedWarning::everyClusterActionWarns_data()
{
    QTest::addColumn<QString>("action");
    for (const char *a : {"cluster failover", "add-node", "remove-node", "fix", "reshard", "drain", "rebalance"})
        QTest::newRow(a) << QString::fromLatin1(a);
}

void TestCliUnfinishedWarning::everyClusterActionWarns()
{
    QFETCH(QString, action);
    QVERIFY(!m_operation.isEmpty());
    CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), m_home.path(), actionArgs(action));
    QVERIFY(cli.finished(60000));
    const QByteArray err = cli.err();
    QVERIFY2(err.contains("WARNING: unfinished operation " + m_operation.toUtf8()), (err + cli.out().right(2000)).constData());
    QVERIFY2(err.contains("redis-ops resume " + m_operation.toUtf8()), err.constData());
    bool jsonWarning = false;
    for (const QJsonObject &o : cli.lines())
        jsonWarning = jsonWarning || (isEvent(o, "unfinished") && o.value(QStringLiteral("operation")).toString() == m_operation);
    QVERIFY2(jsonWarning, cli.out().right(2000).constData());
}

void TestCliUnfinishedWarning::noWarningOnceResumed()
{
    CliProcess resume(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                      {QStringLiteral("resume"), m_operation.left(8), QStringLiteral("--yes"), QStringLiteral("--json")});
    QVERIFY(resume.finished(180000));
    QVERIFY2(resume.process().exitCode() == 0, (resume.out().right(3000) + resume.err()).constData());
    for (const QString &action : {QStringLiteral("cluster failover"), QStringLiteral("add-node")}) {
        CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), m_home.path(), actionArgs(action));
        QVERIFY(cli.finished(60000));
        QVERIFY2(!cli.err().contains("unfinished operation"), cli.err().constData());
    }
    const labtest::ReadBack rb = labtest::readBack(*m_lab, "uw:", 5000, 32);
    QVERIFY2(rb.present == 5000, qPrintable(rb.toString()));
}

QTEST_MAIN(TestCliUnfinishedWarning)
#include "tst_cli_unfinishedwarning.moc"
