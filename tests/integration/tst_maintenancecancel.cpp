// Cancel on the console's cluster maintenance actions (DeploymentSession::cancelAction, what the
// wizard's Cancel sends), on a real cluster lab with an empty spare node: an add-node cancelled
// as soon as it is confirmed stops before its first command — journaled cancelled, the node not
// met by any member — and the same add-node confirmed without a cancel joins and is verified,
// so the stop is the cancel's doing. (The executors' own stop points are tested from the CLI's
// Ctrl-C: tst_cli_interrupt_cluster.)
#include "LabFixture.h"
#include "LabSeeding.h"
#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "reshard/MaintenanceIntent.h"
#include "session/DeploymentSession.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace ops;
using labtest::execute;

class TestMaintenanceCancel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void addNodeCancelledBeforeItsFirstCommand();
    void addNodeWithoutCancelJoins();

private:
    /** Previews and confirms an add-node of the spare; @p cancel sends Cancel right after. */
    ActionOutcome addSpare(bool cancel, QStringList *progress);
    /** How many members' CLUSTER NODES list the spare's port. */
    int membersKnowingSpare();

    QTemporaryDir m_dir;
    std::unique_ptr<AsyncHistoryStore> m_history;
    std::unique_ptr<LocalLab> m_lab;
    std::unique_ptr<DeploymentSession> m_session;
    Endpoint m_spare;
};

void TestMaintenanceCancel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_history = std::make_unique<AsyncHistoryStore>(m_dir.filePath(QStringLiteral("history.sqlite")));
    bool ok = false;
    m_history->open(this, [&ok](int, const HistoryError &e) { ok = !e.isError(); });
    QTRY_VERIFY_WITH_TIMEOUT(ok, 10000);
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 0, 1);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why), qPrintable(why));
    m_spare = m_lab->topology().nodesWithRole(LabNode::Role::Spare).value(0).endpoint;
    QVERIFY(m_spare.isValid());
    DeploymentSession::Options o;
    o.monitor = labtest::clusterMonitorConfig(m_lab->topology());
    m_session = std::make_unique<DeploymentSession>(o, m_history.get(), Clock::system());
    m_session->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_session->snapshot() && m_session->snapshot()->nodes.size() >= 3, 20000);
}

void TestMaintenanceCancel::cleanupTestCase()
{
    m_session.reset();
    const QList<qint64> left = labtest::stopLabs({&m_lab});
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("still running: %1").arg(left.size())));
    m_history.reset();
}

int TestMaintenanceCancel::membersKnowingSpare()
{
    int knowing = 0;
    const QByteArray port = ":" + QByteArray::number(m_spare.port) + "@";
    for (const LabNode &m : m_lab->topology().nodesWithRole(LabNode::Role::Master)) {
        const RedisResult nodes = execute(*m_lab->control(m.endpoint), RespCommand{"CLUSTER", "NODES"});
        knowing += nodes.ok() && nodes.value().bytes().contains(port) ? 1 : 0;
    }
    return knowing;
}

ActionOutcome TestMaintenanceCancel::addSpare(bool cancel, QStringList *progress)
{
    QSignalSpy previews(m_session.get(), &DeploymentSession::actionPreview);
    QSignalSpy finished(m_session.get(), &DeploymentSession::actionFinished);
    connect(m_session.get(), &DeploymentSession::actionProgress, this,
            [progress](const ActionProgress &p) { *progress << p.text; });
    MaintenanceIntent intent;
    intent.kind = MaintenanceIntent::Kind::AddNode;
    intent.node = m_spare.toString();
    m_session->previewMaintenance(intent);
    if (!previews.wait(30000))
        return {};
    const ActionPreview p = previews.last().first().value<ActionPreview>();
    if (!p.allowed()) {
        qWarning() << "preview refused:" << p.blockingReasons();
        return {};
    }
    m_session->executeAction(p.id);
    if (cancel)
        m_session->cancelAction(); // the operator's Cancel, at once
    if (!finished.wait(60000))
        return {};
    disconnect(m_session.get(), &DeploymentSession::actionProgress, this, nullptr);
    return finished.last().first().value<ActionOutcome>();
}

void TestMaintenanceCancel::addNodeCancelledBeforeItsFirstCommand()
{
    QStringList progress;
    const ActionOutcome o = addSpare(true, &progress);
    QVERIFY2(o.state == QLatin1String("cancelled"), qPrintable(o.state + QStringLiteral(": ") + o.outcome + QStringLiteral("\n")
                                                               + progress.join(QLatin1Char('\n'))));
    QVERIFY2(o.outcome.contains(QLatin1String("Cancelled by the operator")), qPrintable(o.outcome));
    QVERIFY(!o.operationId.isEmpty());
    // Nothing was sent: no member met the spare, which still knows only itself.
    QCOMPARE(membersKnowingSpare(), 0);
    QCOMPARE(labtest::infoField(execute(*m_lab->control(m_spare), RespCommand{"CLUSTER", "INFO"}), "cluster_known_nodes"),
             QByteArray("1"));
    // The journal says so.
    std::optional<OperationRecord> record;
    bool answered = false;
    m_history->operation(o.operationId, this, [&](const std::optional<OperationRecord> &r, const HistoryError &) {
        record = r;
        answered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
    QVERIFY(record);
    QCOMPARE(record->state, OperationRecord::State::Cancelled);
}

void TestMaintenanceCancel::addNodeWithoutCancelJoins()
{
    QStringList progress;
    const ActionOutcome o = addSpare(false, &progress);
    QVERIFY2(o.state == QLatin1String("succeeded") && o.verified, qPrintable(o.state + QStringLiteral(": ") + o.outcome));
    QCOMPARE(membersKnowingSpare(), 3);
}

QTEST_GUILESS_MAIN(TestMaintenanceCancel)
#include "tst_maintenancecancel.moc"
