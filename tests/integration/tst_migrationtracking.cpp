// Slot migrations started outside the console, seen by the session's MigrationTracker on a real
// 3-master lab: a real `redis-cli --cluster reshard --cluster-pipeline 1` moves the first 3 slots
// of master A (20,000 + 20,000 + 5,000 keys) to master B. While it runs the session must publish
// a view of A -> B that is not the console's own, with an open slot, keys left in it counted on
// the source (COUNTKEYSINSLOT) and a rate above 0; once no slot has been open for the grace
// period, a migration-summary event is stored in the history (3 slots, keys seen moving,
// "outside-console") and the views are empty. No fixed sleeps: QTRY_* and signal waits only.
#include "LabFixture.h"
#include "LabSeeding.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryQuery.h"
#include "core/Clock.h"
#include "lab/LocalLab.h"
#include "model/HashSlot.h"
#include "session/DeploymentSession.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace ops;

namespace {

/** A hash tag whose keys land in @p slot. */
QByteArray tagFor(int slot)
{
    for (int i = 0;; ++i) {
        const QByteArray tag = "t" + QByteArray::number(i);
        if (HashSlot::of(tag) == slot)
            return tag;
    }
}

} // namespace

class TestMigrationTracking : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void redisCliReshardIsTrackedAndRecorded();

private:
    std::unique_ptr<LocalLab> m_lab;
    QTemporaryDir m_dir;
    std::unique_ptr<AsyncHistoryStore> m_history;
};

void TestMigrationTracking::initTestCase()
{
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 0);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why), qPrintable(why));
    QVERIFY(m_dir.isValid());
    m_history = std::make_unique<AsyncHistoryStore>(m_dir.filePath(QStringLiteral("history.sqlite")));
    m_history->open();
}

void TestMigrationTracking::cleanupTestCase()
{
    m_history.reset();
    m_lab.reset();
}

void TestMigrationTracking::redisCliReshardIsTrackedAndRecorded()
{
    DeploymentSession::Options options;
    options.monitor = labtest::clusterMonitorConfig(m_lab->topology());
    DeploymentSession session(options, m_history.get(), Clock::system());
    QSignalSpy first(&session, &DeploymentSession::snapshotChanged);
    session.start();
    QVERIFY(first.wait(15000));
    const SnapshotPtr snapshot = session.snapshot();
    QVERIFY(snapshot && snapshot->slotMap);
    const QString a = snapshot->slotMap->ownerOf(0);
    QVERIFY(!a.isEmpty());
    QString b;
    for (const Node *m : snapshot->masters())
        if (m->id != a && b.isEmpty())
            b = m->id;
    QVERIFY(!b.isEmpty());
    QCOMPARE(snapshot->slotMap->ownerOf(2), a);

    // Keys in A's first three slots: what `--cluster-slots 3` takes (the source's lowest slots).
    const int perSlot[] = {20000, 20000, 5000};
    for (int slot = 0; slot < 3; ++slot) {
        const QByteArray tag = tagFor(slot);
        QList<QByteArray> keys;
        for (int i = 0; i < perSlot[slot]; ++i)
            keys << "{" + tag + "}:" + QByteArray::number(i);
        const QString failed = labtest::writeKeys(*m_lab, *snapshot, keys, QByteArray(64, 'v'));
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }

    // What the session publishes, kept from every update.
    bool sawOpen = false, sawKeysLeft = false, sawRate = false, sawOwn = false;
    qint64 maxKeysLeft = 0;
    double maxRate = 0;
    connect(&session, &DeploymentSession::migrationsChanged, this, [&](const MigrationViews &views) {
        for (const MigrationView &v : views) {
            if (v.sourceId != a || v.targetId != b)
                continue;
            sawOwn = sawOwn || v.own;
            sawOpen = sawOpen || v.openCount() > 0;
            if (v.keysLeft > 0) {
                sawKeysLeft = true;
                maxKeysLeft = std::max(maxKeysLeft, v.keysLeft);
            }
            if (v.keysPerSecond > 0) {
                sawRate = true;
                maxRate = std::max(maxRate, v.keysPerSecond);
            }
        }
    });
    OpsEvents summaries;
    connect(&session, &DeploymentSession::eventsRecorded, this, [&](const OpsEvents &events) {
        for (const OpsEvent &e : events)
            if (e.kind == OpsEvent::Kind::MigrationSummary)
                summaries << e;
    });

    const Node *seed = snapshot->node(a);
    QVERIFY(seed);
    QProcess cli;
    cli.setProcessChannelMode(QProcess::MergedChannels);
    cli.start(QStringLiteral("redis-cli"),
              {QStringLiteral("--cluster"), QStringLiteral("reshard"), seed->endpoint.toString(), QStringLiteral("--cluster-from"), a,
               QStringLiteral("--cluster-to"), b, QStringLiteral("--cluster-slots"), QStringLiteral("3"),
               QStringLiteral("--cluster-yes"), QStringLiteral("--cluster-pipeline"), QStringLiteral("1")});
    QVERIFY2(cli.waitForStarted(10000), qPrintable(cli.errorString()));

    // While it runs: its open slot, the keys left in it on the source, a rate.
    QByteArray cliOutput;
    connect(&cli, &QProcess::readyRead, this, [&] { cliOutput += cli.readAll(); });
    QTRY_VERIFY2_WITH_TIMEOUT(sawOpen && sawKeysLeft && sawRate,
                              qPrintable(QStringLiteral("open %1, keys left %2, rate %3, redis-cli: %4")
                                             .arg(sawOpen).arg(sawKeysLeft).arg(sawRate)
                                             .arg(QString::fromUtf8(cliOutput.right(1500)))),
                              60000);
    QVERIFY(!sawOwn); // the console runs nothing: started by someone else
    QVERIFY2(maxKeysLeft <= 20000, qPrintable(QString::number(maxKeysLeft)));
    qInfo("observed: up to %lld keys left in an open slot, up to %.0f keys/s", maxKeysLeft, maxRate);

    QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 120000);
    cliOutput += cli.readAll();
    QVERIFY2(cli.exitStatus() == QProcess::NormalExit && cli.exitCode() == 0, cliOutput.right(2000).constData());
    QTRY_COMPARE_WITH_TIMEOUT(session.snapshot()->slotMap->ownerOf(2), b, 10000);

    // Ended after the grace period: one summary, stored (it has an id), then no view is left.
    QTRY_COMPARE_WITH_TIMEOUT(summaries.size(), 1, 30000);
    const OpsEvent &e = summaries.first();
    QVERIFY(e.id > 0);
    QCOMPARE(e.details.value(QStringLiteral("source")).toString(), a);
    QCOMPARE(e.details.value(QStringLiteral("target")).toString(), b);
    QCOMPARE(e.details.value(QStringLiteral("slotsMoved")).toInt(), 3);
    QCOMPARE(e.details.value(QStringLiteral("slots")).toString(), QStringLiteral("0-2"));
    QCOMPARE(e.details.value(QStringLiteral("origin")).toString(), QStringLiteral("outside-console"));
    QVERIFY(e.details.value(QStringLiteral("keysMoved")).toInteger() > 0);
    QVERIFY(e.details.value(QStringLiteral("durationMs")).toInteger() > 0);
    QVERIFY2(e.message.contains(QStringLiteral("outside the console")), qPrintable(e.message));
    QVERIFY(session.snapshot()->slotMap->migrations().isEmpty());

    // Read back from the history as the History page and `redis-ops history --kind` would.
    HistoryQuery q;
    q.kinds = {QStringLiteral("migration-summary")};
    QList<OpsEvent> stored;
    bool answered = false;
    m_history->query(q, this, [&](const QList<OpsEvent> &events, const HistoryError &) {
        stored = events;
        answered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().details.value(QStringLiteral("slotsMoved")).toInt(), 3);
    session.stop();
}

QTEST_GUILESS_MAIN(TestMigrationTracking)
#include "tst_migrationtracking.moc"
