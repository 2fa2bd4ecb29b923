// DeploymentSession, the object the console (one per tab) and the CLI share, on a real Sentinel
// lab with an injected clock: a failover preview is a live dry run; executing names that preview
// and is refused when the preview was replaced, when it is older than the plan may be (clock
// time), for a read-only session, without a journal, and for a standalone server.
#include "LabFixture.h"
#include "core/ManualClock.h"
#include "history/AsyncHistoryStore.h"
#include "lab/LocalLab.h"
#include "resp/RedisConnection.h"
#include "session/DeploymentSession.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace ops;

class TestDeploymentSession : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void previewIsADryRunAndExecuteNamesIt();
    void readOnlyAndUnjournaledSessionsNeverExecute();
    void samplesAreStoredBeforeTheyArePublished();
    void openAlertsSurviveARestart();

private:
    std::unique_ptr<DeploymentSession> session(ManualClock &clock, AsyncHistoryStore *history, bool readOnly);
    static ActionPreview previewOf(DeploymentSession &s, const FailoverIntent &intent);
    static ActionOutcome executeRefused(DeploymentSession &s, const QString &previewId);

    std::unique_ptr<LocalLab> m_lab;
    QTemporaryDir m_dir;
    std::unique_ptr<AsyncHistoryStore> m_history;
};

void TestDeploymentSession::initTestCase()
{
    m_lab = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_lab);
    QVERIFY(m_dir.isValid());
    m_history = std::make_unique<AsyncHistoryStore>(m_dir.filePath(QStringLiteral("history.sqlite")));
    m_history->open();
}

void TestDeploymentSession::cleanupTestCase()
{
    m_history.reset();
    m_lab.reset();
}

std::unique_ptr<DeploymentSession> TestDeploymentSession::session(ManualClock &clock, AsyncHistoryStore *history, bool readOnly)
{
    const LabTopology &t = m_lab->topology();
    DeploymentSession::Options o;
    o.monitor.kind = MonitorConfig::Kind::Sentinel;
    o.monitor.masterName = t.spec.masterName.toUtf8();
    for (const LabNode &s : t.nodesWithRole(LabNode::Role::Sentinel))
        o.monitor.seeds << s.endpoint;
    o.monitor.dataOptions = t.connectionOptions(t.nodesWithRole(LabNode::Role::Master).first().endpoint);
    o.monitor.sentinelOptions = o.monitor.dataOptions;
    o.readOnly = readOnly;
    auto s = std::make_unique<DeploymentSession>(o, history, &clock);
    QSignalSpy first(s.get(), &DeploymentSession::snapshotChanged);
    s->start(); // the first cycle runs at once; later ones only when the test moves the clock
    if (!first.wait(15000))
        return nullptr;
    return s;
}

ActionPreview TestDeploymentSession::previewOf(DeploymentSession &s, const FailoverIntent &intent)
{
    QSignalSpy spy(&s, &DeploymentSession::actionPreview);
    s.previewFailover(intent); // a refusal is answered at once, a plan after the survey
    if (spy.isEmpty() && !spy.wait(15000))
        return {};
    return spy.first().first().value<ActionPreview>();
}

ActionOutcome TestDeploymentSession::executeRefused(DeploymentSession &s, const QString &previewId)
{
    QSignalSpy started(&s, &DeploymentSession::actionStarted);
    QSignalSpy finished(&s, &DeploymentSession::actionFinished);
    s.executeAction(previewId); // a refusal is answered at once
    if (finished.isEmpty() && !finished.wait(5000))
        return {};
    const auto outcome = finished.first().first().value<ActionOutcome>();
    return started.isEmpty() ? outcome : ActionOutcome{};
}

void TestDeploymentSession::previewIsADryRunAndExecuteNamesIt()
{
    ManualClock clock;
    auto s = session(clock, m_history.get(), false);
    QVERIFY(s);
    const Endpoint master = m_lab->topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    FailoverIntent intent; // graceful, the best replica
    const ActionPreview first = previewOf(*s, intent);
    QVERIFY2(first.allowed(), qPrintable(first.blockingReasons().join(QLatin1Char('\n'))));
    QCOMPARE(first.kind, QStringLiteral("sentinel-failover"));
    QCOMPARE(first.deploymentId, s->deploymentId());
    QVERIFY(!first.eligibleTargets.isEmpty());
    QVERIFY(first.title.contains(master.toString()));
    // Pause, failover, demote, resume (and, when the target needs it, prefer and restore priorities).
    const QString commands = first.commands.join(QLatin1Char('\n'));
    for (const char *c : {"CLIENT PAUSE", "SENTINEL FAILOVER", "REPLICAOF", "CLIENT UNPAUSE"})
        QVERIFY2(commands.contains(QLatin1String(c)), qPrintable(commands));

    // A second preview (standard mode) replaces the first: the first can no longer run.
    intent.mode = FailoverIntent::Mode::Standard;
    const ActionPreview second = previewOf(*s, intent);
    QVERIFY(second.allowed());
    QCOMPARE(second.mode, QStringLiteral("standard"));
    QVERIFY(!second.commands.join(QLatin1Char('\n')).contains(QStringLiteral("CLIENT PAUSE")));
    ActionOutcome refused = executeRefused(*s, first.id);
    QCOMPARE(refused.state, QStringLiteral("refused"));
    QVERIFY2(refused.outcome.contains(QStringLiteral("surveyed again")), qPrintable(refused.outcome));

    // The current preview, but older than a plan may be on the clock: refused, review a fresh one.
    clock.advance(120'001);
    refused = executeRefused(*s, second.id);
    QCOMPARE(refused.state, QStringLiteral("refused"));
    QVERIFY2(refused.outcome.contains(QStringLiteral("old")), qPrintable(refused.outcome));
    QVERIFY(refused.operationId.isEmpty());
    QVERIFY(!s->actionRunning());
    // Nothing changed on the servers: the master is still the master (no command was sent).
    const RedisResult role = labtest::execute(*m_lab->control(master), RespCommand{"ROLE"});
    QVERIFY(role.ok());
    QCOMPARE(role.value()[0].bytes(), QByteArray("master"));
}

void TestDeploymentSession::readOnlyAndUnjournaledSessionsNeverExecute()
{
    ManualClock clock;
    auto readOnly = session(clock, m_history.get(), true);
    QVERIFY(readOnly);
    const ActionPreview p = previewOf(*readOnly, FailoverIntent{});
    QVERIFY(!p.id.isEmpty());          // planned: the dry run is shown in full ...
    QVERIFY(!p.commands.isEmpty());
    QVERIFY(p.refusal.contains(QStringLiteral("read-only"))); // ... and refused
    QVERIFY(!p.allowed());
    ActionOutcome refused = executeRefused(*readOnly, p.id);
    QCOMPARE(refused.state, QStringLiteral("refused"));
    QVERIFY(refused.outcome.contains(QStringLiteral("read-only")));

    auto unjournaled = session(clock, nullptr, false);
    QVERIFY(unjournaled);
    const ActionPreview q = previewOf(*unjournaled, FailoverIntent{});
    QVERIFY(q.id.isEmpty());
    QVERIFY2(q.refusal.contains(QStringLiteral("journal")), qPrintable(q.refusal));
}

void TestDeploymentSession::samplesAreStoredBeforeTheyArePublished()
{
    // The session owns the deployment's metric history: whoever hears samplesReady (the Metrics
    // page, on another thread in the console) finds the cycle already in it.
    ManualClock clock;
    auto s = session(clock, m_history.get(), true);
    QVERIFY(s);
    const MetricHistoryPtr history = s->metricHistory();
    QVERIFY(history);
    int batches = 0;
    bool stored = true;
    connect(s.get(), &DeploymentSession::samplesReady, this, [&](const MetricBatch &batch) {
        ++batches;
        stored = stored && !batch.isEmpty();
        for (const auto &[id, sample] : batch) {
            const auto latest = history->latest(id);
            stored = stored && latest && latest->timestampMs == sample.timestampMs && latest->replOffset == sample.replOffset;
        }
    });
    s->pollNow();
    QTRY_VERIFY_WITH_TIMEOUT(batches > 0, 15000);
    QVERIFY(stored);
}

void TestDeploymentSession::openAlertsSurviveARestart()
{
    // The lab as started has no persistence on its master (a critical alert) and
    // min-replicas-to-write 0 (a warning): a first session records them; a second session on the
    // same history (the console restarted) reopens them and records neither again.
    QTemporaryDir dir;
    AsyncHistoryStore history(dir.filePath(QStringLiteral("restart.sqlite")));
    history.open();
    auto storedAlerts = [&history]() {
        HistoryQuery q;
        q.kinds = {QStringLiteral("health-alert")};
        int count = -1;
        history.query(q, &history, [&count](const QList<OpsEvent> &events, const HistoryError &) { count = int(events.size()); });
        // FIFO: every append queued before it is stored when it answers.
        return QTest::qWaitFor([&count] { return count >= 0; }, 10000) ? count : -1;
    };
    // One console run of @p cycles poll cycles: alerts reopened from the history, raised
    // (published) by this run, and stored in the history at its end (read while it still runs:
    // the store acknowledges in order, so every raise is published before that answer).
    struct Run
    {
        int reopened = -1;
        int raised = 0;
        int stored = -1;
    };
    auto run = [&](int cycles, Run *r) {
        ManualClock clock;
        auto s = session(clock, &history, true);
        QVERIFY(s);
        QSignalSpy restored(s.get(), &DeploymentSession::alertsRestored);
        if (!s->alertsRestoredFromHistory())
            QVERIFY(restored.wait(10000));
        r->reopened = restored.isEmpty() ? -1 : restored.first().first().toInt();
        connect(s.get(), &DeploymentSession::eventsRecorded, this, [r](const OpsEvents &events) {
            for (const OpsEvent &e : events)
                r->raised += e.kind == OpsEvent::Kind::HealthAlert ? 1 : 0;
        });
        for (int i = 0; i < cycles; ++i) {
            QSignalSpy snapshots(s.get(), &DeploymentSession::snapshotChanged);
            clock.advance(1000);
            QVERIFY(snapshots.wait(5000));
        }
        r->stored = storedAlerts();
    };
    Run first;
    run(6, &first); // the 3 s raise hold, and some
    QCOMPARE(first.reopened, 0);
    QVERIFY2(first.stored >= 2, qPrintable(QString::number(first.stored)));
    QCOMPARE(first.raised, first.stored);

    Run second;
    run(8, &second);
    QCOMPARE(second.reopened, first.stored);
    QCOMPARE(second.raised, 0);
    QCOMPARE(second.stored, first.stored); // nothing recorded twice
}

QTEST_GUILESS_MAIN(TestDeploymentSession)
#include "tst_deploymentsession.moc"
