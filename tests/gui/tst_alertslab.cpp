// Desktop notifications from a real incident: the real console (ConsoleRuntime + ConsoleSessions,
// wired as app/gui/main.cpp wires them, with a recording notifier in place of the system tray)
// watches a Sentinel lab whose master is SIGKILLed. The operator is told that the master is
// down and that a failover started and ended — each once, though three sentinels report them
// and the monitor polls on — naming the old and the new master; nothing is notified while the
// deployment is healthy. The same events are in the event log and the history.
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "DeploymentWorkspace.h"
#include "LabFixture.h"
#include "MainWindow.h"
#include "health/AlertNotifier.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace ops;

namespace {

struct SpyNotifier : AlertNotifier
{
    QStringList shown; ///< "title | text"
    bool notify(const QString &title, const QString &text, OpsEvent::Severity) override
    {
        shown << title + QStringLiteral(" | ") + text;
        return true;
    }
    QStringList titled(const QString &prefix) const
    {
        QStringList out;
        for (const QString &s : shown)
            if (s.startsWith(prefix))
                out << s;
        return out;
    }
};

} // namespace

class TestAlertsLab : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void masterKilledIsNotifiedOnce();

private:
    QTemporaryDir m_home;
};

void TestAlertsLab::initTestCase()
{
    QVERIFY(m_home.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_home.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_home.path());
}

void TestAlertsLab::masterKilledIsNotifiedOnce()
{
    ConsoleRuntime runtime;
    runtime.openHistory(m_home.filePath(QStringLiteral("history.sqlite")));
    MainWindow window;
    SpyNotifier spy;
    ConsoleSessions sessions(runtime, window, false, nullptr, &spy);
    QSignalSpy shown(&window, &MainWindow::firstSnapshotShown);
    QSignalSpy labReady(&runtime, &ConsoleRuntime::labReady);
    window.resize(1200, 800);
    window.show();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Sentinel;
    spec.replicasPerMaster = 1;
    runtime.startLab(spec);
    QVERIFY(shown.wait(90000));
    DeploymentWorkspace *w = window.currentDeployment();
    QVERIFY(w);
    QTRY_VERIFY_WITH_TIMEOUT(w->snapshot() && w->snapshot()->master() && w->snapshot()->replicasOf(w->snapshot()->master()->id).size() == 1,
                             30000);
    const LabTopology topology = labReady.constFirst().constFirst().value<LabTopology>();
    const LabNode master = topology.nodesWithRole(LabNode::Role::Master).first();
    const LabNode replica = topology.nodesWithRole(LabNode::Role::Replica).first();
    QCOMPARE(w->snapshot()->master()->endpoint, master.endpoint);
    // A healthy lab notifies nothing but what its settings fire (the lab has persistence off:
    // a rule alert, not a node or failover notification).
    QVERIFY2(spy.titled(QStringLiteral("Redis node down")).isEmpty() && spy.titled(QStringLiteral("Redis failover")).isEmpty(),
             qPrintable(spy.shown.join(QLatin1Char('\n'))));

    QVERIFY(::kill(pid_t(master.pid), SIGKILL) == 0);
    // The sentinels agree it is down, fail over to the replica and say so.
    QTRY_VERIFY2_WITH_TIMEOUT(spy.titled(QStringLiteral("Redis failover")).size() >= 2, qPrintable(spy.shown.join(QLatin1Char('\n'))), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->master() && w->snapshot()->master()->endpoint == replica.endpoint, 30000);
    // The console marks the old master stale once it has been silent for the stale limit (3 s):
    // before or after the failover ends, depending on how fast the sentinels are.
    QTRY_VERIFY2_WITH_TIMEOUT(!spy.titled(QStringLiteral("Redis node down")).isEmpty(), qPrintable(spy.shown.join(QLatin1Char('\n'))),
                              30000);
    // Polls and sentinel messages go on for a while: nothing is notified twice.
    QSignalSpy polls(&runtime, &ConsoleRuntime::snapshotChanged);
    QTRY_VERIFY_WITH_TIMEOUT(polls.size() >= 5, 30000); // five more snapshots of the new state
    const QString all = spy.shown.join(QLatin1Char('\n'));
    qInfo("%s", qPrintable(all));
    // Sentinel spells an address "host port".
    const QString oldSpelled = master.endpoint.host + QLatin1Char(' ') + QString::number(master.endpoint.port);
    const QStringList down = spy.titled(QStringLiteral("Redis master down"));
    QVERIFY2(down.size() == 1 && down.first().contains(oldSpelled), qPrintable(all));
    const QStringList failover = spy.titled(QStringLiteral("Redis failover"));
    QVERIFY2(failover.size() == 2, qPrintable(all)); // tried, ended
    QVERIFY2(failover.first().contains(QLatin1String("+try-failover")) && failover.first().contains(oldSpelled), qPrintable(all));
    // Ended: said by the first to report it (a sentinel's +switch-master or the monitor's view of
    // the promotion), naming the new master.
    QVERIFY2(failover.last().contains(replica.endpoint.toString())
                 || failover.last().contains(replica.endpoint.host + QLatin1Char(' ') + QString::number(replica.endpoint.port)),
             qPrintable(all));
    // The old master stopped answering the console: told once; the promoted replica (whose
    // clients the sentinel kills when it promotes it) is not reported down.
    const QStringList nodeDown = spy.titled(QStringLiteral("Redis node down"));
    QVERIFY2(nodeDown.size() == 1 && nodeDown.first().contains(master.endpoint.toString()), qPrintable(all));
}

QTEST_MAIN(TestAlertsLab)
#include "tst_alertslab.moc"
