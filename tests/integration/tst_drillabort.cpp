// An aborted drill leaves no fault behind: for every drill of the catalogue, DrillSession is
// aborted while the fault is in (a recovery check has just said "not yet"), and then every lab
// process runs (none killed, none stopped), no node has a changed masterauth or maxmemory,
// every sentinel monitors the master, no cluster slot is open, every replica's link is up, the
// hot-slot load is stopped.
#include "LabFixture.h"
#include "drills/DrillFaults.h"
#include "drills/DrillHotLoad.h"
#include "drills/DrillScenario.h"
#include "drills/DrillSession.h"
#include "lab/LabProcess.h"
#include "lab/LocalLab.h"
#include "resp/RedisConnection.h"

#include <QFile>
#include <QtTest>

using namespace ops;
using labtest::execute;
using labtest::infoField;

namespace {

/** The state letter of /proc/<pid>/stat ('T' = stopped); 0 when the process is gone. */
char processState(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close < 0 || close + 2 >= text.size() ? char(0) : text.at(close + 2);
}

QByteArray configValue(LocalLab &lab, const Endpoint &node, const QByteArray &name)
{
    const RedisResult r = execute(*lab.control(node), RespCommand{"CONFIG", "GET", name});
    return r.ok() && r.value().size() == 2 ? r.value()[1].bytes() : QByteArrayLiteral("<error>");
}

bool everyReplicaLinked(LocalLab &lab)
{
    for (const LabNode &n : lab.topology().nodesWithRole(LabNode::Role::Replica))
        if (infoField(execute(*lab.control(n.endpoint), RespCommand{"INFO", "replication"}), "master_link_status") != "up")
            return false;
    return true;
}

bool everySentinelMonitors(LocalLab &lab)
{
    for (const LabNode &n : lab.topology().nodesWithRole(LabNode::Role::Sentinel))
        if (!execute(*lab.control(n.endpoint), RespCommand{"SENTINEL", "CKQUORUM", "mymaster"}).ok())
            return false;
    return true;
}

bool noOpenSlot(LocalLab &lab)
{
    for (const LabNode &n : lab.topology().nodesWithRole(LabNode::Role::Master)) {
        const RedisResult r = execute(*lab.control(n.endpoint), RespCommand{"CLUSTER", "NODES"});
        if (!r.ok() || r.value().bytes().contains("->-") || r.value().bytes().contains("-<-"))
            return false;
    }
    return true;
}

} // namespace

class TestDrillAbort : public QObject
{
    Q_OBJECT
private slots:
    void abortLeavesNoFault_data();
    void abortLeavesNoFault();
};

void TestDrillAbort::abortLeavesNoFault_data()
{
    QTest::addColumn<QString>("scenario");
    for (const DrillScenario &d : DrillScenario::catalogue())
        QTest::newRow(qPrintable(d.id)) << d.id;
}

void TestDrillAbort::abortLeavesNoFault()
{
    QFETCH(QString, scenario);
    const auto drill = DrillScenario::find(scenario);
    QVERIFY(drill);
    DrillSession::Options options;
    options.seed = 3;
    options.trainee = QStringLiteral("alice");
    options.pollMs = 100;
    DrillSession session(*drill, options);
    QSignalSpy injected(&session, &DrillSession::injected);
    QSignalSpy checked(&session, &DrillSession::recoveryChecked);
    QSignalSpy finished(&session, &DrillSession::finished);
    session.start();
    QVERIFY2(injected.wait(40000), qPrintable(session.score().note));
    QVERIFY(checked.wait(10000));
    QCOMPARE(checked.constFirst().constFirst().toBool(), false); // the fault is in

    session.abort();
    QVERIFY(finished.wait(20000));
    const DrillScore score = finished.constFirst().constFirst().value<DrillScore>();
    QCOMPARE(score.outcome, QStringLiteral("aborted"));
    QVERIFY2(score.note.isEmpty(), qPrintable(score.note));
    QCOMPARE(session.faults()->records().size(), 1);
    QVERIFY(session.faults()->records().first().undone);
    if (drill->fault == DrillScenario::Fault::HotSlot) {
        QVERIFY(session.faults()->hotLoad() != nullptr);
        QVERIFY(!session.faults()->hotLoad()->isRunning());
    }

    LocalLab &lab = *session.lab();
    for (const LabNode &n : lab.topology().nodes) {
        LabProcess *p = lab.process(n.endpoint);
        QVERIFY(p != nullptr);
        QVERIFY2(p->isRunning(), qPrintable(n.endpoint.toString()));
        QTRY_VERIFY2_WITH_TIMEOUT(processState(p->pid()) != 'T' && processState(p->pid()) != 0,
                                  qPrintable(n.endpoint.toString()), 5000);
        if (n.role == LabNode::Role::Sentinel)
            continue;
        QTRY_COMPARE_WITH_TIMEOUT(configValue(lab, n.endpoint, "masterauth"), QByteArray(), 10000);
        QCOMPARE(configValue(lab, n.endpoint, "maxmemory"), QByteArray("0"));
    }
    QTRY_VERIFY_WITH_TIMEOUT(everyReplicaLinked(lab), 30000);
    if (drill->lab.kind == LabSpec::Kind::Sentinel)
        QTRY_VERIFY_WITH_TIMEOUT(everySentinelMonitors(lab), 15000);
    else
        QVERIFY(noOpenSlot(lab));
}

QTEST_MAIN(TestDrillAbort)
#include "tst_drillabort.moc"
