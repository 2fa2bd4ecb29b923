// `redis-ops failover` on a shared PostgreSQL store whose operation lease another console holds
// (a real Sentinel lab): refused, naming the holder, nothing journaled or sent; with
// `--take-over-lease <holder's operation, first 8 characters>` it takes the lease over (a
// warning line, an audit row, the operation's details name the previous holder) and fails over.
// A confirmation shorter than 8 characters is a usage error.
#include "CliProcess.h"
#include "LabFixture.h"
#include "PostgresServer.h"
#include "history/HistoryStore.h"

#include <QDateTime>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace ops;

namespace {
const QString kHolderOperation = QStringLiteral("c4r01-0p-0000-1111-222222222222");

bool isEvent(const QJsonObject &o, const char *event) { return o.value(QStringLiteral("event")).toString() == QLatin1String(event); }

QJsonObject lineOf(const CliProcess &run, const char *event)
{
    for (const QJsonObject &o : run.lines())
        if (isEvent(o, event))
            return o;
    return {};
}
} // namespace

class TestCliLease : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void refusedThenTakenOver();

private:
    QStringList failoverArgs() const;

    PostgresServer m_server;
    QString m_location;
    QTemporaryDir m_home;
    std::unique_ptr<LocalLab> m_lab;
};

void TestCliLease::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
    const QString db = m_server.createDatabase(&error);
    QVERIFY2(!db.isEmpty(), qPrintable(error));
    m_location = m_server.url(db);
    QVERIFY(m_home.isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_lab);
}

void TestCliLease::cleanupTestCase() { m_lab.reset(); }

QStringList TestCliLease::failoverArgs() const
{
    QStringList args{QStringLiteral("--store"), m_location, QStringLiteral("failover")};
    for (const LabNode &s : m_lab->topology().nodesWithRole(LabNode::Role::Sentinel))
        args << QStringLiteral("--sentinel") << s.endpoint.toString();
    return args << QStringLiteral("--master") << m_lab->topology().spec.masterName << QStringLiteral("--json")
                << QStringLiteral("--yes");
}

void TestCliLease::refusedThenTakenOver()
{
    const LabTopology &t = m_lab->topology();
    // The console's id (lowest sentinel id): a console's lease on it refuses the CLI.
    const QString deployment = labtest::sentinelDeploymentId(*m_lab);
    QVERIFY(deployment.startsWith(QStringLiteral("sentinel:%1/").arg(t.spec.masterName)));
    HistoryStore carol(m_location);
    QVERIFY(!carol.open().isError());
    OperationLease held;
    held.deploymentId = deployment;
    held.operationId = kHolderOperation;
    held.operatorName = QStringLiteral("carol");
    held.host = QStringLiteral("ops-2");
    held.description = QStringLiteral("cluster-reshard of elsewhere");
    held.acquiredMs = held.renewedMs = QDateTime::currentMSecsSinceEpoch();
    held.expiresMs = held.acquiredMs + 600000;
    QVERIFY(!carol.acquireLease(held).isError());
    const Endpoint masterBefore = labtest::sentinelMaster(*m_lab);

    {   // Refused: who holds it and what they do; nothing journaled, the master unchanged.
        CliProcess run(QStringLiteral(REDIS_OPS_BINARY), m_home.path(), failoverArgs());
        QVERIFY(run.finished(60000));
        QCOMPARE(run.process().exitCode(), 1);
        const QString outcome = lineOf(run, "finished").value(QStringLiteral("outcome")).toString();
        QVERIFY2(outcome.startsWith(QStringLiteral("not started: ")) && outcome.contains(QStringLiteral("carol@ops-2"))
                     && outcome.contains(kHolderOperation),
                 qPrintable(outcome + QString::fromUtf8(run.err())));
        QCOMPARE(labtest::sentinelMaster(*m_lab), masterBefore);
        QCOMPARE(carol.lease(deployment)->operationId, kHolderOperation);
    }
    {   // Too short a confirmation: a usage error before anything.
        CliProcess run(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                       QStringList(failoverArgs()) << QStringLiteral("--take-over-lease") << QStringLiteral("c4r01"));
        QVERIFY(run.finished(30000));
        QCOMPARE(run.process().exitCode(), 2);
    }
    QString operationId;
    {   // Typed: taken over, journaled, and the failover runs.
        CliProcess run(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                       QStringList(failoverArgs()) << QStringLiteral("--take-over-lease") << kHolderOperation.left(8));
        QVERIFY(run.finished(120000));
        QVERIFY2(run.process().exitCode() == 0, (run.out() + run.err()).constData());
        const QJsonObject takeover = lineOf(run, "lease-takeover");
        QCOMPARE(takeover.value(QStringLiteral("previousOperation")).toString(), kHolderOperation);
        QCOMPARE(takeover.value(QStringLiteral("previousOperator")).toString(), QStringLiteral("carol"));
        operationId = lineOf(run, "started").value(QStringLiteral("operation")).toString();
    }
    QVERIFY(labtest::sentinelMaster(*m_lab) != masterBefore);
    const QList<AuditRecord> audit = carol.audit(deployment);
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.first().action, QStringLiteral("lease-takeover"));
    QCOMPARE(audit.first().details.value(QStringLiteral("previousOperation")).toString(), kHolderOperation);
    QCOMPARE(audit.first().details.value(QStringLiteral("operation")).toString(), operationId);
    const std::optional<OperationRecord> op = carol.operation(operationId);
    QVERIFY(op.has_value());
    QCOMPARE(op->state, OperationRecord::State::Succeeded);
    QCOMPARE(op->details.value(QStringLiteral("leaseTakenOver")).toObject().value(QStringLiteral("operation")).toString(),
             kHolderOperation);
    QVERIFY(!carol.lease(deployment).has_value()); // released at the end
}

QTEST_GUILESS_MAIN(TestCliLease)
#include "tst_cli_lease.moc"
