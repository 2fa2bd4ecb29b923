// The topology page over real labs discovered by a real Monitor: a 3x1 cluster with a manual
// failover (the graph swaps roles in place, the selection survives) and a killed master
// (pfail -> fail -> promoted), and Sentinel 1+2 with 3 sentinels. Screenshots of every state go
// to testOutputDir() for review.
#include "TopologyTestHelpers.h"
#include "topology/LinkItem.h"
#include "topology/NodeDetailsPanel.h"
#include "LabFixture.h"
#include "lab/FaultInjector.h"
#include "lab/LocalLab.h"
#include "monitor/Monitor.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QtTest>

#include <algorithm>
#include <functional>
#include <memory>

using namespace ops;
using namespace topologytest;
using labtest::execute;

class TestTopologyLab : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void clusterDiscoverySelectionAndFailover();
    void clusterKilledMasterGoesFail();
    void sentinelDeployment();

private:
    bool startLab(LabSpec::Kind kind, int replicas);
    void startMonitor(MonitorConfig::Kind kind, const Endpoint &seed, int intervalMs = 500);
    SnapshotPtr waitSnapshot(const std::function<bool(const TopologySnapshot &)> &pred, int timeoutMs = 30000);
    QByteArray nodeId(const Endpoint &ep);
    void showPage();

    std::unique_ptr<LocalLab> m_lab;
    std::unique_ptr<Monitor> m_monitor;
    std::unique_ptr<TopologyPage> m_page;
    int m_snapshotsShown = 0;
};

void TestTopologyLab::init()
{
    m_page = std::make_unique<TopologyPage>();
    m_snapshotsShown = 0;
}

void TestTopologyLab::cleanup()
{
    m_monitor.reset();
    m_lab.reset();
    m_page.reset();
}

void TestTopologyLab::showPage()
{
    m_page->resize(1400, 820);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

bool TestTopologyLab::startLab(LabSpec::Kind kind, int replicas)
{
    m_lab = labtest::startedLab(kind, replicas);
    return m_lab != nullptr;
}

void TestTopologyLab::startMonitor(MonitorConfig::Kind kind, const Endpoint &seed, int intervalMs)
{
    MonitorConfig config;
    config.kind = kind;
    config.seeds = {seed};
    config.masterName = QByteArrayLiteral("mymaster");
    config.intervalMs = intervalMs;
    config.staleAfterMs = std::max(1500, 3 * intervalMs);
    config.commandTimeoutMs = std::max(1000, 2 * intervalMs);
    config.dataOptions = m_lab->topology().connectionOptions(seed);
    config.sentinelOptions = config.dataOptions;
    m_monitor = std::make_unique<Monitor>(config);
    // As the main window will: every published snapshot goes to the page.
    connect(m_monitor.get(), &Monitor::snapshotChanged, m_page.get(), [this](const SnapshotPtr &s) {
        m_page->setSnapshot(s);
        ++m_snapshotsShown;
    });
    m_monitor->start();
}

SnapshotPtr TestTopologyLab::waitSnapshot(const std::function<bool(const TopologySnapshot &)> &pred, int timeoutMs)
{
    (void)QTest::qWaitFor([&] { return m_page->snapshot() && pred(*m_page->snapshot()); }, timeoutMs);
    return m_page->snapshot();
}

QByteArray TestTopologyLab::nodeId(const Endpoint &ep)
{
    return execute(*m_lab->control(ep), RespCommand{"CLUSTER", "MYID"}).value().bytes();
}

void TestTopologyLab::clusterDiscoverySelectionAndFailover()
{
    QVERIFY(startLab(LabSpec::Kind::Cluster, 1));
    showPage();
    const LabNode replica = m_lab->topology().nodesWithRole(LabNode::Role::Replica).first();
    startMonitor(MonitorConfig::Kind::Cluster, replica.endpoint);
    const SnapshotPtr s = waitSnapshot([](const TopologySnapshot &t) {
        return complete(t, 6) && t.slotMap && t.slotMap->coveredCount() == kSlotCount;
    });
    QVERIFY(s && complete(*s, 6));
    TopologyScene *scene = m_page->scene();
    TopologyView *view = m_page->view();
    QCOMPARE(scene->nodeItems().size(), 6);
    QCOMPARE(itemsWithRole(*scene, Node::Role::Master).size(), 3);
    QCOMPARE(itemsWithRole(*scene, Node::Role::Replica).size(), 3);
    QCOMPARE(scene->shardItems().size(), 3);
    for (const Node &n : s->nodes) {
        const NodeItem *item = scene->nodeItem(n.id);
        QVERIFY2(item, qPrintable(n.id));
        QCOMPARE(item->role(), n.role);
        QCOMPARE(item->roleShape(), n.isMaster() ? NodeItem::RoleShape::RoundedRect : NodeItem::RoleShape::Rect);
        QCOMPARE(item->healthShape(), NodeItem::HealthShape::Normal);
        QVERIFY(item->textLines().contains(n.endpoint.toString()));
        if (n.isReplica()) {
            QTRY_COMPARE(scene->linkOf(n.id)->state(), LinkItem::State::Up);
            QCOMPARE(scene->linkOf(n.id)->to(), scene->nodeItem(n.masterId));
            QVERIFY(scene->linkOf(n.id)->label().contains(QStringLiteral(" / ")));
        }
    }
    // Fitted on the first snapshot.
    QVERIFY(view->mapToScene(view->viewport()->rect()).boundingRect().contains(scene->layoutBounds()));
    QVERIFY(m_page->grab().save(shotPath(QStringLiteral("cluster"))));

    // Select the replica we will promote with a real click; the details panel follows.
    const QString replicaId = QString::fromLatin1(nodeId(replica.endpoint));
    const QString oldMasterId = s->node(replicaId)->masterId;
    NodeItem *replicaItem = scene->nodeItem(replicaId);
    NodeItem *oldMasterItem = scene->nodeItem(oldMasterId);
    QSignalSpy selected(view, &TopologyView::nodeSelected);
    const QPoint click = view->mapFromScene(replicaItem->mapToScene(replicaItem->bodyRect().center()));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, click);
    QCOMPARE(scene->selectedNodeId(), replicaId);
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().first().toString(), replicaId);
    QCOMPARE(m_page->detailsPanel()->nodeId(), replicaId);
    QVERIFY2(m_page->detailsPanel()->text().contains(replica.endpoint.toString()), qPrintable(m_page->detailsPanel()->text()));
    QVERIFY(m_page->detailsPanel()->text().contains(QStringLiteral("Role:         replica")));

    // Selection and view survive further snapshots.
    const int shown = m_snapshotsShown;
    const QTransform transform = view->transform();
    const QPointF center = view->mapToScene(view->viewport()->rect().center());
    QTRY_VERIFY_WITH_TIMEOUT(m_snapshotsShown >= shown + 2, 10000);
    QVERIFY(replicaItem->isSelected());
    QCOMPARE(scene->selectedNodeId(), replicaId);
    QCOMPARE(view->transform(), transform);
    QCOMPARE(view->mapToScene(view->viewport()->rect().center()), center);

    // Manual failover: the two items swap places inside their shard box; nothing else moves.
    const QPointF masterPos = oldMasterItem->pos(), replicaPos = replicaItem->pos();
    const QRect shardOnScreen = screenRectOfShard(*m_page, replicaId);
    const QRectF shardInScene = scene->shardRectOf(replicaId);
    QHash<QString, QPointF> others;
    for (NodeItem *item : scene->nodeItems())
        if (item != replicaItem && item != oldMasterItem)
            others.insert(item->nodeId(), item->pos());
    QVERIFY(execute(*m_lab->control(replica.endpoint), RespCommand{"CLUSTER", "FAILOVER"}).ok());
    const SnapshotPtr after = waitSnapshot([&](const TopologySnapshot &t) {
        const Node *r = t.node(replicaId), *m = t.node(oldMasterId);
        return complete(t, 6) && r && m && r->isMaster() && r->slotCount > 0 && m->isReplica() && m->masterId == replicaId
            && m->masterLinkUp == 1;
    });
    QVERIFY(after->node(replicaId)->isMaster());
    QCOMPARE(scene->nodeItems().size(), 6);
    QCOMPARE(scene->nodeItem(replicaId), replicaItem);
    QCOMPARE(scene->nodeItem(oldMasterId), oldMasterItem);
    QCOMPARE(replicaItem->role(), Node::Role::Master);
    QCOMPARE(oldMasterItem->role(), Node::Role::Replica);
    QCOMPARE(replicaItem->roleShape(), NodeItem::RoleShape::RoundedRect);
    QCOMPARE(oldMasterItem->roleShape(), NodeItem::RoleShape::Rect);
    QTRY_VERIFY_WITH_TIMEOUT(!scene->isAnimating(), 1500);
    QCOMPARE(replicaItem->pos(), masterPos);
    QCOMPARE(oldMasterItem->pos(), replicaPos);
    QCOMPARE(scene->shardRectOf(replicaId), shardInScene);
    QCOMPARE(scene->shardRectOf(oldMasterId), shardInScene);
    QCOMPARE(screenRectOfShard(*m_page, replicaId), shardOnScreen);
    for (auto it = others.cbegin(); it != others.cend(); ++it)
        QCOMPARE(scene->nodeItem(it.key())->pos(), it.value());
    QCOMPARE(scene->linkOf(oldMasterId)->to(), replicaItem);
    QVERIFY(scene->linkOf(replicaId) == nullptr);
    // Still selected, and the details say what it is now.
    QCOMPARE(scene->selectedNodeId(), replicaId);
    QTRY_VERIFY(m_page->detailsPanel()->text().contains(QStringLiteral("Role:         master")));
    QVERIFY(m_page->grab().save(shotPath(QStringLiteral("cluster-after-failover"))));
}

void TestTopologyLab::clusterKilledMasterGoesFail()
{
    QVERIFY(startLab(LabSpec::Kind::Cluster, 1));
    showPage();
    const LabNode master = m_lab->topology().nodesWithRole(LabNode::Role::Master).first();
    const LabNode seed = m_lab->topology().nodesWithRole(LabNode::Role::Master).last();
    startMonitor(MonitorConfig::Kind::Cluster, seed.endpoint, 250);
    QVERIFY(waitSnapshot([](const TopologySnapshot &t) { return complete(t, 6); }));
    const QString masterId = QString::fromLatin1(nodeId(master.endpoint));
    const QString replicaId = m_page->snapshot()->replicasOf(masterId).first()->id;
    TopologyScene *scene = m_page->scene();
    const QRectF shard = scene->shardRectOf(masterId);
    const QPointF masterPos = scene->nodeItem(masterId)->pos();
    m_page->scene()->selectNode(masterId);

    FaultInjector faults(m_lab.get());
    QVERIFY(faults.kill(master.endpoint));
    // PFAIL (or stale) first, then FAIL: the item changes shape, not place.
    QVERIFY(waitSnapshot([&](const TopologySnapshot &t) { return t.node(masterId) && t.node(masterId)->has(Node::Fail); }, 30000)
                ->node(masterId)->has(Node::Fail));
    NodeItem *killed = scene->nodeItem(masterId);
    QCOMPARE(killed->healthShape(), NodeItem::HealthShape::Cross);
    QVERIFY(killed->textLines().last().startsWith(QStringLiteral("FAIL")));
    QCOMPARE(scene->shardRectOf(masterId), shard);
    if (m_page->snapshot()->node(replicaId)->isReplica()) {
        QCOMPARE(killed->pos(), masterPos);
        QCOMPARE(scene->linkOf(replicaId)->state(), LinkItem::State::Down);
        QVERIFY(m_page->grab().save(shotPath(QStringLiteral("cluster-killed-master-fail"))));
    }
    QVERIFY(m_page->detailsPanel()->text().contains(QStringLiteral("fail")));

    // The replica takes over; the dead master stays in its shard's box, below the new master.
    QVERIFY(waitSnapshot([&](const TopologySnapshot &t) {
        const Node *r = t.node(replicaId);
        return r && r->isMaster() && r->slotCount > 0;
    }, 30000)->node(replicaId)->isMaster());
    QTRY_VERIFY_WITH_TIMEOUT(!scene->isAnimating(), 1500);
    QCOMPARE(scene->nodeItems().size(), 6);
    QCOMPARE(scene->shardItems().size(), 3);
    QCOMPARE(scene->shardRectOf(masterId), shard);
    QCOMPARE(scene->shardRectOf(replicaId), shard);
    QCOMPARE(scene->nodeItem(replicaId)->pos(), masterPos);
    QCOMPARE(scene->nodeItem(masterId)->healthShape(), NodeItem::HealthShape::Cross);
    QCOMPARE(scene->selectedNodeId(), masterId);
    QVERIFY(m_page->grab().save(shotPath(QStringLiteral("cluster-killed-master-promoted"))));
}

void TestTopologyLab::sentinelDeployment()
{
    QVERIFY(startLab(LabSpec::Kind::Sentinel, 2));
    showPage();
    const QList<LabNode> sentinels = m_lab->topology().nodesWithRole(LabNode::Role::Sentinel);
    startMonitor(MonitorConfig::Kind::Sentinel, sentinels.first().endpoint);
    const SnapshotPtr s = waitSnapshot([](const TopologySnapshot &t) {
        if (!complete(t, 3, 3))
            return false;
        for (const Node &n : t.nodes)
            if (n.isReplica() && n.masterLinkUp != 1)
                return false;
        return true;
    });
    QVERIFY(s && complete(*s, 3, 3));
    TopologyScene *scene = m_page->scene();
    QCOMPARE(scene->nodeItems().size(), 6);
    QCOMPARE(itemsWithRole(*scene, Node::Role::Master).size(), 1);
    QCOMPARE(itemsWithRole(*scene, Node::Role::Replica).size(), 2);
    QCOMPARE(itemsWithRole(*scene, Node::Role::Sentinel).size(), 3);
    QCOMPARE(scene->shardItems().size(), 1);
    const QString masterId = s->master()->id;
    const QRectF masterRect = scene->nodeItem(masterId)->sceneBoundingRect();
    for (NodeItem *item : itemsWithRole(*scene, Node::Role::Sentinel)) {
        QCOMPARE(item->roleShape(), NodeItem::RoleShape::Ellipse);
        // Sentinels sit in a row above the data nodes, each with a line to the master.
        QVERIFY(item->sceneBoundingRect().bottom() < masterRect.top());
        const LinkItem *link = scene->linkOf(item->nodeId());
        QVERIFY(link);
        QCOMPARE(link->kind(), LinkItem::Kind::Sentinel);
        QCOMPARE(link->to(), scene->nodeItem(masterId));
        QCOMPARE(link->state(), LinkItem::State::Up);
        QVERIFY(item->textLines().contains(QStringLiteral("watches mymaster")));
    }
    for (NodeItem *item : itemsWithRole(*scene, Node::Role::Replica)) {
        QVERIFY(item->sceneBoundingRect().top() > masterRect.bottom());
        QCOMPARE(scene->linkOf(item->nodeId())->state(), LinkItem::State::Up);
    }
    QCOMPARE(scene->shardItemOf(masterId)->title(), QStringLiteral("mymaster · quorum 2"));
    scene->selectNode(sentinels.first().endpoint.toString());
    QVERIFY(m_page->detailsPanel()->text().contains(QStringLiteral("Watches:      mymaster")));
    QVERIFY(m_page->grab().save(shotPath(QStringLiteral("sentinel"))));
}

QTEST_MAIN(TestTopologyLab)
#include "tst_topologylab.moc"
