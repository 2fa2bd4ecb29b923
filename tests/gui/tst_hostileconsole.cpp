// The console against a node that turns hostile mid-session: the real console (ConsoleRuntime +
// MainWindow + ConsoleSessions) watches a cluster lab whose one replica announces the address of
// a TamperingProxy in front of it (so the console reaches it only through the proxy; it is the seed). The proxy then answers CLUSTER NODES with markup and escapes, CLUSTER INFO
// and INFO with a wrong type, announces a 600 MB bulk reply, cuts an INFO reply in half and resets
// the connection, and — after that replica was promoted by a CLUSTER FAILOVER — answers garbage.
// Each gives a specific error on the node (and once in the status bar), memory stays bounded, the
// rest of the cluster stays watched, the node comes back when the proxy passes again, and the GUI
// thread keeps running: the gaps of a 5 ms timer are measured throughout and reported.
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "DeploymentWorkspace.h"
#include "EventLoopGapProbe.h"
#include "HeapInUse.h"
#include "LabFixture.h"
#include "MainWindow.h"
#include "TamperingProxy.h"
#include "TestPaths.h"
#include "core/ConnectionProfile.h"

#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

class TestHostileConsole : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void nodeTurnsHostile();
    void sentinelTurnsHostile();

private:
    QTemporaryDir m_data;
};

void TestHostileConsole::initTestCase()
{
    QVERIFY(m_data.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_data.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_data.path());
}

void TestHostileConsole::nodeTurnsHostile()
{
    std::unique_ptr<LocalLab> lab = labtest::startedLab(LabSpec::Kind::Cluster, 1);
    QVERIFY(lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*lab, why), qPrintable(why));
    const LabNode replicaNode = lab->topology().nodesWithRole(LabNode::Role::Replica).first();
    const Endpoint replica = replicaNode.endpoint;
    TamperingProxy proxy(replica.port);
    QVERIFY(proxy.start());
    const Endpoint seed{QStringLiteral("127.0.0.1"), proxy.port()};
    // The replica announces the proxy's address (its bus port unchanged), so every view of the
    // cluster lists it there and the console reaches it only through the proxy.
    RedisConnection *admin = lab->control(replica);
    QVERIFY(labtest::execute(*admin, RespCommand{"CONFIG", "SET", "cluster-announce-bus-port", QByteArray::number(replicaNode.busPort)}).ok());
    QVERIFY(labtest::execute(*admin, RespCommand{"CONFIG", "SET", "cluster-announce-port", QByteArray::number(proxy.port())}).ok());
    const QByteArray announced = QStringLiteral("%1@%2").arg(seed.toString()).arg(replicaNode.busPort).toUtf8();
    for (const LabNode &m : lab->topology().nodesWithRole(LabNode::Role::Master))
        QTRY_VERIFY_WITH_TIMEOUT(labtest::execute(*lab->control(m.endpoint), RespCommand{"CLUSTER", "NODES"}).value().bytes().contains(announced),
                                 20000);

    ConsoleRuntime runtime;
    runtime.openHistory(m_data.filePath(QStringLiteral("history.sqlite")));
    MainWindow window;
    ConsoleSessions sessions(runtime, window, false);
    window.resize(1400, 900);
    window.show();
    QSignalSpy shown(&window, &MainWindow::firstSnapshotShown);
    QSignalSpy problems(&runtime, &ConsoleRuntime::monitorProblem);
    ConnectionOptions options;
    options.endpoint = seed;
    options.connectTimeoutMs = 1000;
    options.commandTimeoutMs = 1000;
    sessions.watchSeed(options, false);
    QVERIFY(shown.wait(60000));
    DeploymentWorkspace *w = window.currentDeployment();
    QVERIFY(w);
    auto *failing = window.findChild<QLabel *>(QStringLiteral("staleNodes"));
    QVERIFY(failing);
    // The replica is watched at the proxy's address, the 5 other nodes at their own.
    const auto seedNode = [&]() -> const Node * {
        const SnapshotPtr s = w->snapshot();
        if (!s)
            return nullptr;
        for (const Node &n : s->nodes)
            if (n.endpoint == seed)
                return &n;
        return nullptr;
    };
    const auto seedError = [&] {
        const Node *n = seedNode();
        return n != nullptr ? n->lastError : QStringLiteral("(no seed node)");
    };
    const auto problemSaid = [&](const QString &text) {
        for (const QList<QVariant> &args : std::as_const(problems))
            if (args.at(1).toString().contains(text))
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(seedNode() != nullptr && seedError().isEmpty(), 20000);
    const qint64 rssBefore = testmem::procStatusKb("VmRSS");
    const qint64 heapBefore = testmem::heapInUse();
    EventLoopGapProbe gaps;

    // 1. CLUSTER NODES: markup, escapes, no fields — the parser's error, on the node and in the status bar.
    const QByteArray hostile = QByteArrayLiteral("<b>not</b> a \x1b[31mnode\r\nline <img src=x>\n");
    proxy.replaceReplies("CLUSTER NODES", "$" + QByteArray::number(hostile.size()) + "\r\n" + hostile + "\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(seedError().startsWith(QLatin1String("CLUSTER NODES reply unusable:")), 20000);
    QTRY_VERIFY(problemSaid(QStringLiteral("CLUSTER NODES reply unusable: bad node id")));
    // The status bar says so until the node answers properly again, with the error in the tooltip.
    QTRY_COMPARE(failing->text(), QStringLiteral("1 node(s) with errors"));
    QVERIFY2(failing->toolTip().contains(seed.toString() + QStringLiteral(": CLUSTER NODES reply unusable: bad node id")),
             qPrintable(failing->toolTip()));
    QVERIFY(!failing->toolTip().contains(QStringLiteral("<b>"))); // server text is never markup
    QCOMPARE(w->snapshot()->nodes.size(), 6); // the last good view is kept; no node lost or invented
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/hostile-cluster-nodes.png")));
    gaps.skipCurrentGap(); // the grab and the PNG are the test's work, not the console's

    // 2. INFO and CLUSTER INFO with the wrong type: named as such.
    proxy.replaceReplies("INFO", QByteArrayLiteral(":42\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT(seedError().contains(QStringLiteral("INFO reply unusable: not an INFO reply")), 20000);
    proxy.replaceReplies("CLUSTER INFO", QByteArrayLiteral("*1\r\n$3\r\nabc\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT(seedError().contains(QStringLiteral("CLUSTER INFO reply unusable")), 30000);

    // 3. A 600 MB bulk announced: refused from its header (limit 64 MiB), never buffered.
    proxy.replaceReplies("INFO", QByteArrayLiteral("$600000000\r\nxxxxxxxx"));
    QTRY_VERIFY_WITH_TIMEOUT(seedError().contains(QStringLiteral("reply too large: bulk string of 600000000 bytes exceeds the limit")),
                             20000);
    const QString tooLarge = seedError();

    // 4. A reply cut in half, then a reset: a connection error, and the node answers again afterwards.
    proxy.pass();
    QTRY_VERIFY_WITH_TIMEOUT(seedError().isEmpty(), 30000);
    const int connections = proxy.connectionsSeen();
    proxy.resetMidReply("INFO");
    QTRY_VERIFY_WITH_TIMEOUT(seedError().contains(QStringLiteral("closed the connection in the middle of a reply")), 20000);
    const QString reset = seedError();
    QTRY_VERIFY_WITH_TIMEOUT(seedError().isEmpty() && proxy.connectionsSeen() > connections, 30000); // reconnected

    // 5. The seed's replica is promoted (another operator's CLUSTER FAILOVER), then answers garbage.
    QVERIFY(labtest::execute(*lab->control(replica), RespCommand{"CLUSTER", "FAILOVER"}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(seedNode() != nullptr && seedNode()->isMaster(), 30000);
    proxy.garbage(QByteArrayLiteral("\x00\xff\xfe<html>\x1b[2J HELLO\r\n\r\n%%%"));
    QTRY_VERIFY_WITH_TIMEOUT(seedError().contains(QStringLiteral("Protocol error")), 20000);
    const QString garbage = seedError();
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/hostile-garbage.png")));
    gaps.skipCurrentGap(); // the grab and the PNG are the test's work, not the console's
    // The rest of the cluster is still watched and fresh.
    const SnapshotPtr during = w->snapshot();
    int fresh = 0;
    for (const Node &n : during->nodes)
        fresh += n.endpoint != seed && n.lastError.isEmpty() && !n.has(Node::Stale);
    QCOMPARE(fresh, 5);
    proxy.pass();
    QTRY_VERIFY_WITH_TIMEOUT(seedError().isEmpty(), 30000);
    QTRY_COMPARE(failing->text(), QString());

    const qint64 rssAfter = testmem::procStatusKb("VmRSS");
    const qint64 heapAfter = testmem::heapInUse();
    qInfo().noquote() << QStringLiteral("hostile node errors: [%1] [%2] [%3]").arg(tooLarge, reset, garbage);
    qInfo().noquote() << gaps.summary();
    qInfo().noquote() << QStringLiteral("RSS %1 -> %2 KB, heap in use %3 -> %4 KB; %5 replies tampered")
                             .arg(rssBefore)
                             .arg(rssAfter)
                             .arg(heapBefore / 1024)
                             .arg(heapAfter / 1024)
                             .arg(proxy.tampered());
    QVERIFY(gaps.ticks() > 100);
    QVERIFY2(gaps.percentileMs(0.99) < 50, "the GUI thread stalled");
    // The bound, on what the GUI thread itself spent: a build on the same 2 cores adds
    // run-queue delay (measured 82-89 ms wall maxima that way), which says nothing of our code.
    QVERIFY(gaps.schedstatAvailable());
    QVERIFY2(gaps.ownMaxMs() < 50, qPrintable(gaps.summary()));
    // The 600 MB bulk was never buffered: the live heap stays within 64 MB of where it was. The
    // resident size says the same outside ASan, whose quarantine keeps freed blocks on purpose.
    QVERIFY2(heapAfter - heapBefore < 64 * 1024 * 1024, "the heap grew by more than 64 MB");
    if (!testmem::underAddressSanitizer())
        QVERIFY2(rssAfter - rssBefore < 64 * 1024, "memory grew by more than 64 MB");
}

void TestHostileConsole::sentinelTurnsHostile()
{
    // A Sentinel deployment watched through one sentinel behind the proxy: its SENTINEL replies go bad.
    std::unique_ptr<LocalLab> lab = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(lab);
    const Endpoint sentinel = lab->topology().nodesWithRole(LabNode::Role::Sentinel).first().endpoint;
    TamperingProxy proxy(sentinel.port);
    QVERIFY(proxy.start());
    const Endpoint seed{QStringLiteral("127.0.0.1"), proxy.port()};
    ConsoleRuntime runtime;
    runtime.openHistory(m_data.filePath(QStringLiteral("history-sentinel.sqlite")));
    MainWindow window;
    ConsoleSessions sessions(runtime, window, false);
    window.show();
    QSignalSpy shown(&window, &MainWindow::firstSnapshotShown);
    ConnectionProfile profile;
    profile.sentinels = {seed};
    profile.masterName = lab->topology().spec.masterName.toUtf8();
    sessions.watchProfile(profile);
    QVERIFY(shown.wait(60000));
    DeploymentWorkspace *w = window.currentDeployment();
    const auto seedError = [&] {
        const SnapshotPtr s = w->snapshot();
        for (const Node &n : s ? s->sentinels : QList<Node>{})
            if (n.endpoint == seed)
                return n.lastError;
        return QStringLiteral("(no seed sentinel)");
    };
    QTRY_VERIFY_WITH_TIMEOUT(seedError().isEmpty(), 20000);
    proxy.replaceReplies("SENTINEL MASTER", QByteArrayLiteral("*3\r\n$4\r\nname\r\n$8\r\n<b>x</b>\r\n$3\r\nodd\r\n"));
    QTRY_VERIFY2_WITH_TIMEOUT(seedError().startsWith(QLatin1String("SENTINEL MASTER reply unusable:")), qPrintable(seedError() + QStringLiteral(" tampered ") + QString::number(proxy.tampered())), 20000);
    qInfo().noquote() << QStringLiteral("hostile sentinel: %1").arg(seedError());
    QVERIFY(w->snapshot()->master() != nullptr); // the last good view stands
    proxy.replaceReplies("SENTINEL SENTINELS", QByteArrayLiteral(":7\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT(seedError().contains(QLatin1String("SENTINEL SENTINELS reply unusable:")), 30000);
    proxy.pass();
    QTRY_VERIFY_WITH_TIMEOUT(seedError().isEmpty(), 30000);
}

QTEST_MAIN(TestHostileConsole)
#include "tst_hostileconsole.moc"
