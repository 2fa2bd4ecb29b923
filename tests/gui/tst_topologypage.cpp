// The topology page (graph + details) offscreen over synthetic snapshots: health shapes, roles
// and details, a failover swapping in place, layout stability, sentinel disagreement, a
// 500-master cluster, zoom/pan/fit, find and page actions, the dark palette. Real labs:
// tst_topologylab. Screenshots of every state go to testOutputDir() for review.
#include "TopologyTestHelpers.h"
#include "topology/LinkItem.h"
#include "topology/NodeDetailsPanel.h"

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

Q_DECLARE_METATYPE(ops::NodeItem::HealthShape)

class TestTopologyPage : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void healthShapes_data();
    void healthShapes();
    void roleShapesAndDetails();
    void syntheticFailoverSwapsInPlace();
    void layoutStableAcrossTopologyChanges();
    void sentinelDisagreementIsDrawn();
    void fiveHundredMastersDoNotOverlap();
    void zoomPanAndFit();
    void findNodeAndPageActions();
    void darkPalette();

private:
    void showPage();

    std::unique_ptr<TopologyPage> m_page;
};

void TestTopologyPage::init()
{
    m_page = std::make_unique<TopologyPage>();
}

void TestTopologyPage::cleanup()
{
    m_page.reset();
}

void TestTopologyPage::showPage()
{
    m_page->resize(1400, 820);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestTopologyPage::healthShapes_data()
{
    QTest::addColumn<int>("flags");
    QTest::addColumn<NodeItem::HealthShape>("shape");
    QTest::addColumn<QString>("words");

    QTest::newRow("ok") << 0 << NodeItem::HealthShape::Normal << QStringLiteral("ok");
    QTest::newRow("pfail") << int(Node::PFail) << NodeItem::HealthShape::Question << QStringLiteral("PFAIL?");
    QTest::newRow("fail") << int(Node::Fail) << NodeItem::HealthShape::Cross << QStringLiteral("FAIL");
    QTest::newRow("fail+stale: fail wins") << int(Node::Fail | Node::Stale) << NodeItem::HealthShape::Cross
                                          << QStringLiteral("FAIL · stale");
    QTest::newRow("stale") << int(Node::Stale) << NodeItem::HealthShape::Stale << QStringLiteral("stale");
    QTest::newRow("pfail+stale: stale wins") << int(Node::PFail | Node::Stale) << NodeItem::HealthShape::Stale
                                            << QStringLiteral("PFAIL? · stale");
    QTest::newRow("handshake") << int(Node::Handshake) << NodeItem::HealthShape::Dotted << QStringLiteral("handshake");
    QTest::newRow("noaddr") << int(Node::NoAddr) << NodeItem::HealthShape::Dotted << QStringLiteral("noaddr");
    QTest::newRow("loading") << int(Node::Loading) << NodeItem::HealthShape::Loading << QStringLiteral("loading");
    QTest::newRow("sdown") << int(Node::SDown) << NodeItem::HealthShape::Question << QStringLiteral("SDOWN?");
    QTest::newRow("odown") << int(Node::ODown | Node::SDown) << NodeItem::HealthShape::Cross << QStringLiteral("ODOWN · SDOWN?");
    QTest::newRow("nofailover alone is healthy") << int(Node::NoFailover) << NodeItem::HealthShape::Normal << QStringLiteral("ok");
}

void TestTopologyPage::healthShapes()
{
    QFETCH(int, flags);
    QFETCH(NodeItem::HealthShape, shape);
    QFETCH(QString, words);

    auto s = std::make_shared<TopologySnapshot>();
    s->kind = TopologySnapshot::Kind::Cluster;
    s->timestampMs = kNow;
    Node master = dataNode(QStringLiteral("a").repeated(40), 7000, Node::Role::Master);
    master.flags = quint16(flags);
    master.slotRanges = {SlotRange{0, 16383}};
    master.slotCount = kSlotCount;
    Node replica = dataNode(QStringLiteral("b").repeated(40), 7001, Node::Role::Replica, master.id);
    replica.flags = quint16(flags);
    replica.masterLinkUp = flags == 0 ? 1 : 0;
    s->nodes = {master, replica};
    m_page->scene()->setAnimationsEnabled(false);
    m_page->setSnapshot(s);

    for (const Node &n : s->nodes) {
        const NodeItem *item = m_page->scene()->nodeItem(n.id);
        QVERIFY(item);
        QCOMPARE(item->healthShape(), shape);
        QCOMPARE(item->textLines().last(), words);
    }
    QCOMPARE(m_page->scene()->nodeItem(master.id)->roleShape(), NodeItem::RoleShape::RoundedRect);
    QCOMPARE(m_page->scene()->nodeItem(replica.id)->roleShape(), NodeItem::RoleShape::Rect);
    const LinkItem *link = m_page->scene()->linkOf(replica.id);
    QVERIFY(link);
    QCOMPARE(link->state(), flags == 0 ? LinkItem::State::Up : LinkItem::State::Down);
    QCOMPARE(link->to(), m_page->scene()->nodeItem(master.id));
}

void TestTopologyPage::roleShapesAndDetails()
{
    // One picture of every health state side by side, and the details panel's content.
    auto s = std::make_shared<TopologySnapshot>();
    s->kind = TopologySnapshot::Kind::Cluster;
    s->timestampMs = kNow;
    const QList<QPair<QString, int>> states{{QStringLiteral("ok"), 0},
                                             {QStringLiteral("pfail"), Node::PFail},
                                             {QStringLiteral("fail"), Node::Fail},
                                             {QStringLiteral("stale"), Node::Stale},
                                             {QStringLiteral("handshake"), Node::Handshake},
                                             {QStringLiteral("loading"), Node::Loading}};
    const int per = kSlotCount / int(states.size());
    for (int i = 0; i < int(states.size()); ++i) {
        const QString mid = QStringLiteral("%1").arg(i, 40, 10, QLatin1Char('a'));
        const QString rid = QStringLiteral("%1").arg(i, 40, 10, QLatin1Char('b'));
        Node m = dataNode(mid, 7000 + i, Node::Role::Master);
        m.slotRanges = {SlotRange{i * per, i == int(states.size()) - 1 ? kSlotCount - 1 : (i + 1) * per - 1}};
        m.slotCount = m.slotRanges.first().count();
        m.flags = quint16(states.at(i).second);
        m.replOffset = 123456;
        Node r = dataNode(rid, 7100 + i, Node::Role::Replica, mid);
        r.masterLinkUp = i == 2 ? 0 : 1;
        r.masterLinkDownSeconds = i == 2 ? 7 : -1;
        r.lagBytes = i == 2 ? 12 * 1024 : 0;
        r.lagSeconds = i == 2 ? 7 : 0;
        r.replOffset = 123456 - r.lagBytes;
        s->nodes << m << r;
    }
    s->nodes[0].hostname = QStringLiteral("redis-a.example");
    s->nodes[0].lastError = QStringLiteral("<b>not markup</b>");
    showPage();
    m_page->scene()->setAnimationsEnabled(false);
    m_page->setSnapshot(s);

    QCOMPARE(m_page->scene()->nodeItems().size(), 12);
    QCOMPARE(m_page->scene()->shardItems().size(), 6);
    QCOMPARE(m_page->scene()->nodeItem(s->nodes.at(2).id)->healthShape(), NodeItem::HealthShape::Question);
    QCOMPARE(m_page->scene()->nodeItem(s->nodes.at(4).id)->healthShape(), NodeItem::HealthShape::Cross);
    QCOMPARE(m_page->scene()->nodeItem(s->nodes.at(6).id)->healthShape(), NodeItem::HealthShape::Stale);
    QCOMPARE(m_page->scene()->nodeItem(s->nodes.at(8).id)->healthShape(), NodeItem::HealthShape::Dotted);
    QCOMPARE(m_page->scene()->nodeItem(s->nodes.at(10).id)->healthShape(), NodeItem::HealthShape::Loading);
    const LinkItem *down = m_page->scene()->linkOf(s->nodes.at(5).id);
    QCOMPARE(down->state(), LinkItem::State::Down);
    QCOMPARE(down->label(), QStringLiteral("down · 12 KB / 7 s"));
    QCOMPARE(m_page->scene()->linkOf(s->nodes.at(1).id)->label(), QStringLiteral("0 B / 0 s"));
    QCOMPARE(m_page->scene()->shardItemOf(s->nodes.at(0).id)->title(), QStringLiteral("0-2729 · 2730 slots"));

    // Details of the first master: every field, plain text.
    m_page->scene()->selectNode(s->nodes.at(0).id);
    const QString details = m_page->detailsPanel()->text();
    for (const QString &expected : {QStringLiteral("Role:         master"), QStringLiteral("Address:      127.0.0.1:7000"),
                                    QStringLiteral("Hostname:     redis-a.example"), QStringLiteral("Id:           ") + s->nodes.at(0).id,
                                    QStringLiteral("Replicas:     1"), QStringLiteral("Repl offset:  123456"),
                                    QStringLiteral("Memory:       2.3 MB (2400000 bytes)"),
                                    QStringLiteral("Slots:        2730 in 1 range: 0-2729"),
                                    QStringLiteral("Last seen:    2 s ago ("), QStringLiteral("Last error:   <b>not markup</b>")})
        QVERIFY2(details.contains(expected), qPrintable(expected + QStringLiteral("\n---\n") + details));
    // A replica with a broken link.
    m_page->scene()->selectNode(s->nodes.at(5).id);
    const QString replica = m_page->detailsPanel()->text();
    QVERIFY2(replica.contains(QStringLiteral("Link:         down for 7 s")), qPrintable(replica));
    QVERIFY2(replica.contains(QStringLiteral("Lag:          12 KB (12288 bytes) / 7 s")), qPrintable(replica));
    QVERIFY2(replica.contains(QStringLiteral("Master:       ") + s->nodes.at(4).id.left(8) + QStringLiteral(" (127.0.0.1:7002)")),
             qPrintable(replica));
    QVERIFY(m_page->grab().save(shotPath(QStringLiteral("health-states"))));
}

void TestTopologyPage::syntheticFailoverSwapsInPlace()
{
    m_page->scene()->setAnimationsEnabled(false);
    const SnapshotPtr before = syntheticCluster(3);
    m_page->setSnapshot(before);
    TopologyScene *scene = m_page->scene();
    QCOMPARE(scene->nodeItems().size(), 6);
    const QString oldMaster = QString::fromLatin1(synthetic::nodeId(1));
    const QString replica = QString::fromLatin1(synthetic::nodeId(3 + 1));
    QCOMPARE(scene->nodeItem(replica)->node().masterId, oldMaster);
    const QPointF masterPos = scene->nodeItem(oldMaster)->pos(), replicaPos = scene->nodeItem(replica)->pos();
    const QRectF shard = scene->shardRectOf(oldMaster);
    QHash<QString, QPointF> others;
    for (NodeItem *item : scene->nodeItems())
        if (item->nodeId() != oldMaster && item->nodeId() != replica)
            others.insert(item->nodeId(), item->pos());
    scene->selectNode(replica);
    NodeItem *const replicaItem = scene->nodeItem(replica);

    m_page->setSnapshot(syntheticCluster(3, {1}));
    QCOMPARE(scene->nodeItems().size(), 6);
    QCOMPARE(scene->nodeItem(replica), replicaItem); // reused, not rebuilt
    QCOMPARE(scene->nodeItem(replica)->role(), Node::Role::Master);
    QCOMPARE(scene->nodeItem(oldMaster)->healthShape(), NodeItem::HealthShape::Cross);
    QCOMPARE(scene->nodeItem(replica)->pos(), masterPos);
    QCOMPARE(scene->nodeItem(oldMaster)->pos(), replicaPos);
    QCOMPARE(scene->shardRectOf(replica), shard);
    QCOMPARE(scene->shardRectOf(oldMaster), shard);
    for (auto it = others.cbegin(); it != others.cend(); ++it)
        QCOMPARE(scene->nodeItem(it.key())->pos(), it.value());
    QCOMPARE(scene->selectedNodeId(), replica);

    // And back, animated: the items slide and end in their original places.
    scene->setAnimationsEnabled(true);
    scene->setAnimationDuration(120);
    m_page->setSnapshot(before);
    QVERIFY(scene->isAnimating());
    QTRY_VERIFY_WITH_TIMEOUT(!scene->isAnimating(), 3000);
    QCOMPARE(scene->nodeItem(oldMaster)->pos(), masterPos);
    QCOMPARE(scene->nodeItem(replica)->pos(), replicaPos);
    QCOMPARE(scene->linkOf(replica)->to(), scene->nodeItem(oldMaster));
}

void TestTopologyPage::layoutStableAcrossTopologyChanges()
{
    auto master = [](const QString &id, int port, int first, int last) {
        Node n = dataNode(id, port, Node::Role::Master);
        if (first >= 0) {
            n.slotRanges = {SlotRange{first, last}};
            n.slotCount = last - first + 1;
        }
        return n;
    };
    auto cluster = [](const QList<Node> &nodes) {
        auto s = std::make_shared<TopologySnapshot>();
        s->kind = TopologySnapshot::Kind::Cluster;
        s->nodes = nodes;
        return SnapshotPtr(s);
    };
    const QString m1 = QStringLiteral("m1"), m2 = QStringLiteral("m2"), m3 = QStringLiteral("m3");
    const QString r1 = QStringLiteral("r1"), r2 = QStringLiteral("r2"), r3 = QStringLiteral("r3");
    TopologyScene *scene = m_page->scene();
    scene->setAnimationsEnabled(false);
    m_page->setSnapshot(cluster({master(m1, 7000, 0, 8191), dataNode(r1, 7100, Node::Role::Replica, m1),
                                 master(m2, 7001, 8192, 16383), dataNode(r2, 7101, Node::Role::Replica, m2)}));
    QHash<QString, QPointF> pos;
    for (NodeItem *item : scene->nodeItems())
        pos.insert(item->nodeId(), item->pos());
    QVERIFY(pos.value(m1).x() < pos.value(m2).x()); // ordered by lowest slot
    QVERIFY(pos.value(r1).y() > pos.value(m1).y());

    // A new empty master: a new shard after the others; nothing else moves.
    m_page->setSnapshot(cluster({master(m1, 7000, 0, 8191), dataNode(r1, 7100, Node::Role::Replica, m1),
                                 master(m2, 7001, 8192, 16383), dataNode(r2, 7101, Node::Role::Replica, m2),
                                 master(m3, 6999, -1, -1)}));
    QCOMPARE(scene->shardItems().size(), 3);
    QVERIFY(scene->shardRectOf(m3).left() > scene->shardRectOf(m2).right());
    for (auto it = pos.cbegin(); it != pos.cend(); ++it)
        QCOMPARE(scene->nodeItem(it.key())->pos(), it.value());
    QCOMPARE(scene->shardItemOf(m3)->title(), QStringLiteral("no slots"));

    // r1 migrates to m2 (replica migration), r3 replicates from r2 (chained): both join m2's box;
    // links that skip a member go round the gutter on the left, one lane each.
    m_page->setSnapshot(cluster({master(m1, 7000, 0, 8191), master(m2, 7001, 8192, 16383),
                                 dataNode(r1, 7100, Node::Role::Replica, m2), dataNode(r2, 7101, Node::Role::Replica, m2),
                                 dataNode(r3, 7102, Node::Role::Replica, r2), master(m3, 6999, -1, -1)}));
    QCOMPARE(scene->shardRectOf(r1), scene->shardRectOf(m2));
    QCOMPARE(scene->shardRectOf(r3), scene->shardRectOf(m2));
    QCOMPARE(scene->nodeItem(m1)->pos(), pos.value(m1));
    QCOMPARE(scene->nodeItem(m2)->pos(), pos.value(m2));
    QCOMPARE(scene->nodeItem(r2)->pos(), pos.value(r2)); // kept its slot; newcomers below it
    QVERIFY(scene->nodeItem(r1)->pos().y() > pos.value(r2).y());
    QVERIFY(scene->nodeItem(r3)->pos().y() > scene->nodeItem(r1)->pos().y());
    QCOMPARE(scene->linkOf(r2)->lane(), 0);
    QCOMPARE(scene->linkOf(r1)->lane(), 1);
    QCOMPARE(scene->linkOf(r3)->lane(), 2);
    QCOMPARE(scene->linkOf(r3)->to(), scene->nodeItem(r2));
    const QRectF body = scene->nodeItem(r3)->mapRectToScene(scene->nodeItem(r3)->bodyRect());
    QVERIFY(scene->linkOf(r3)->path().boundingRect().left() < body.left());
    QVERIFY(scene->shardRectOf(m2).contains(scene->linkOf(r3)->path().boundingRect()));
    const QList<NodeItem *> items = scene->nodeItems();
    for (qsizetype i = 0; i < items.size(); ++i)
        for (qsizetype j = i + 1; j < items.size(); ++j)
            QVERIFY(!items.at(i)->sceneBoundingRect().intersects(items.at(j)->sceneBoundingRect()));
    showPage();
    QVERIFY(m_page->grab().save(shotPath(QStringLiteral("lanes"))));
}

void TestTopologyPage::sentinelDisagreementIsDrawn()
{
    auto s = std::make_shared<TopologySnapshot>();
    s->kind = TopologySnapshot::Kind::Sentinel;
    s->masterName = QStringLiteral("mymaster");
    s->quorum = 2;
    Node a = dataNode(QStringLiteral("127.0.0.1:6379"), 6379, Node::Role::Master);
    Node b = dataNode(QStringLiteral("127.0.0.1:6380"), 6380, Node::Role::Replica, a.id);
    b.masterLinkUp = 1;
    s->nodes = {a, b};
    for (int port : {26379, 26380, 26381}) {
        Node sn = dataNode(QStringLiteral("127.0.0.1:%1").arg(port), port, Node::Role::Sentinel);
        sn.watchedMasters = {QStringLiteral("mymaster")};
        s->sentinels << sn;
        s->sentinelMasterViews.insert(sn.id, port == 26381 ? b.id : a.id);
    }
    s->sentinels[1].flags = Node::SDown;
    m_page->scene()->setAnimationsEnabled(false);
    m_page->setSnapshot(s);
    TopologyScene *scene = m_page->scene();
    QCOMPARE(scene->linkOf(QStringLiteral("127.0.0.1:26379"))->state(), LinkItem::State::Up);
    QCOMPARE(scene->linkOf(QStringLiteral("127.0.0.1:26379"))->to(), scene->nodeItem(a.id));
    const LinkItem *odd = scene->linkOf(QStringLiteral("127.0.0.1:26381"));
    QCOMPARE(odd->state(), LinkItem::State::Disagrees);
    QCOMPARE(odd->to(), scene->nodeItem(b.id));
    QCOMPARE(scene->nodeItem(QStringLiteral("127.0.0.1:26380"))->healthShape(), NodeItem::HealthShape::Question);
    scene->selectNode(QStringLiteral("127.0.0.1:26381"));
    QVERIFY(m_page->detailsPanel()->text().contains(QStringLiteral("Reports:      master at 127.0.0.1:6380")));
    showPage();
    QVERIFY(m_page->grab().save(shotPath(QStringLiteral("sentinel-disagreement"))));
}

void TestTopologyPage::fiveHundredMastersDoNotOverlap()
{
    m_page->scene()->setAnimationsEnabled(false);
    QElapsedTimer timer;
    timer.start();
    m_page->setSnapshot(syntheticCluster(500));
    const qint64 firstMs = timer.restart();
    m_page->setSnapshot(syntheticCluster(500, {3, 99, 250}));
    const qint64 updateMs = timer.elapsed();
    qInfo("500 masters x 1 replica: first build %lld ms, update %lld ms (debug build)", firstMs, updateMs);

    TopologyScene *scene = m_page->scene();
    QList<NodeItem *> items = scene->nodeItems();
    QCOMPARE(items.size(), 1000);
    QCOMPARE(scene->shardItems().size(), 500);
    QCOMPARE(itemsWithRole(*scene, Node::Role::Master).size(), 500);
    // Sweep by left edge: no two node bodies (nor their selection outlines) intersect.
    std::sort(items.begin(), items.end(), [](NodeItem *a, NodeItem *b) { return a->sceneBoundingRect().left() < b->sceneBoundingRect().left(); });
    int checked = 0;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QRectF a = items.at(i)->sceneBoundingRect();
        QVERIFY(scene->sceneRect().contains(a));
        for (qsizetype j = i + 1; j < items.size() && items.at(j)->sceneBoundingRect().left() < a.right(); ++j) {
            ++checked;
            QVERIFY2(!a.intersects(items.at(j)->sceneBoundingRect()),
                     qPrintable(items.at(i)->nodeId() + QStringLiteral(" overlaps ") + items.at(j)->nodeId()));
        }
    }
    QVERIFY(checked > 0);
    QList<ShardItem *> shards = scene->shardItems();
    for (qsizetype i = 0; i < shards.size(); ++i)
        for (qsizetype j = i + 1; j < shards.size(); ++j)
            QVERIFY(!shards.at(i)->sceneBoundingRect().intersects(shards.at(j)->sceneBoundingRect()));
    // Each node lies inside its own shard box; every replica's link label sits in its own gap.
    for (NodeItem *item : scene->nodeItems())
        QVERIFY(scene->shardRectOf(item->nodeId()).contains(item->mapRectToScene(item->bodyRect())));
    for (LinkItem *link : scene->linkItems())
        for (NodeItem *item : {link->from(), link->to()})
            QVERIFY(!link->labelRect().intersects(item->mapRectToScene(item->bodyRect())));
    // Roughly as wide as high (a grid, not a 100,000-pixel row).
    const QRectF b = scene->layoutBounds();
    QVERIFY2(b.width() / b.height() > 0.8 && b.width() / b.height() < 3.0,
             qPrintable(QStringLiteral("%1 x %2").arg(b.width()).arg(b.height())));
    showPage();
    QVERIFY(m_page->grab().save(shotPath(QStringLiteral("synthetic-500"))));
}

void TestTopologyPage::zoomPanAndFit()
{
    showPage();
    m_page->setSnapshot(syntheticCluster(12));
    TopologyView *view = m_page->view();
    const QRectF all = m_page->scene()->layoutBounds();
    // Fitted on the first snapshot: everything visible.
    QVERIFY(view->mapToScene(view->viewport()->rect()).boundingRect().contains(all));
    const qreal fitted = view->zoom();
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Plus);
    QVERIFY(view->zoom() > fitted * 1.2);
    QTest::keyClick(view, Qt::Key_Minus);
    QTest::keyClick(view, Qt::Key_Minus);
    QVERIFY(view->zoom() < fitted);
    // Ctrl+wheel zooms; a plain wheel scrolls.
    const qreal before = view->zoom();
    QWheelEvent wheel(QPointF(200, 200), view->viewport()->mapToGlobal(QPointF(200, 200)), QPoint(), QPoint(0, 240),
                      Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view->viewport(), &wheel);
    QVERIFY(view->zoom() > before);
    // Later snapshots keep the user's zoom.
    const qreal user = view->zoom();
    m_page->setSnapshot(syntheticCluster(12, {2}));
    QCOMPARE(view->zoom(), user);
    // F fits again.
    QTest::keyClick(view, Qt::Key_F);
    QVERIFY(qAbs(view->zoom() - fitted) < 1e-6);
    QVERIFY(view->renderHints().testFlag(QPainter::Antialiasing));
    QCOMPARE(view->dragMode(), QGraphicsView::ScrollHandDrag);
}

void TestTopologyPage::findNodeAndPageActions()
{
    showPage();
    auto s = std::make_shared<TopologySnapshot>(*syntheticCluster(12));
    s->nodes[5].hostname = QStringLiteral("redis-f.example.net");
    m_page->scene()->setAnimationsEnabled(false);
    m_page->setSnapshot(s);
    TopologyScene *scene = m_page->scene();
    TopologyView *view = m_page->view();

    // Id prefix, address, hostname (case-insensitive); sentinels too would be searched.
    const Node &byId = s->nodes[7];
    QCOMPARE(m_page->matchingNodes(byId.id.left(8).toUpper()), QStringList{byId.id});
    QCOMPARE(m_page->matchingNodes(QStringLiteral("127.0.0.1:3000")).size(), 10); // ports 30000..30009
    QCOMPARE(m_page->matchingNodes(QStringLiteral("REDIS-F")), QStringList{s->nodes[5].id});
    QVERIFY(m_page->matchingNodes(QStringLiteral("nothing like it")).isEmpty());
    QVERIFY(m_page->matchingNodes(QStringLiteral("  ")).isEmpty());

    // Found: selected, centred, readable.
    view->zoomBy(0.2);
    QCOMPARE(m_page->findNode(QStringLiteral("redis-f")), s->nodes[5].id);
    QCOMPARE(scene->selectedNodeId(), s->nodes[5].id);
    QVERIFY(view->zoom() >= 0.99);
    // Centred as far as the scroll range allows.
    const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
    const QRectF node = scene->nodeItem(s->nodes[5].id)->sceneBoundingRect();
    QVERIFY(visible.contains(node));
    auto centred = [](qreal offset, const QScrollBar *bar) {
        return std::abs(offset) < 2 || (offset < 0 && bar->value() == bar->maximum()) || (offset > 0 && bar->value() == bar->minimum());
    };
    QVERIFY(centred(visible.center().x() - node.center().x(), view->horizontalScrollBar()));
    QVERIFY(centred(visible.center().y() - node.center().y(), view->verticalScrollBar()));
    auto *status = m_page->findChild<QLabel *>(QStringLiteral("topologyFindStatus"));
    QCOMPARE(status->text(), QStringLiteral("1 of 1"));
    // Return goes to the next match, and wraps.
    const QStringList many = m_page->matchingNodes(QStringLiteral(":3001"));
    QCOMPARE(many.size(), 10); // 30010..30019 (12 masters + 12 replicas: ports 30000..30023)
    QCOMPARE(m_page->findNode(QStringLiteral(":3001")), many[0]);
    QCOMPARE(m_page->findNode(QStringLiteral(":3001"), true), many[1]);
    QCOMPARE(status->text(), QStringLiteral("2 of 10"));
    for (int i = 0; i < 9; ++i)
        m_page->findNode(QStringLiteral(":3001"), true);
    QCOMPARE(scene->selectedNodeId(), many[0]);
    QVERIFY(m_page->findNode(QStringLiteral("zzz")).isEmpty());
    QCOMPARE(status->text(), QStringLiteral("no node matches"));

    // The page actions: real keys, the page's shortcut scope.
    QHash<QString, QAction *> actions;
    for (QAction *a : m_page->actions())
        actions.insert(a->objectName(), a);
    for (const char *name : {"actionZoomIn", "actionZoomOut", "actionFitAll", "actionFindNode", "actionClearSelection"}) {
        QAction *a = actions.value(QLatin1String(name));
        QVERIFY2(a && !a->text().isEmpty() && !a->shortcut().isEmpty(), name);
        QCOMPARE(a->shortcutContext(), Qt::WidgetWithChildrenShortcut);
        QVERIFY(a->toolTip().contains(a->shortcut().toString(QKeySequence::NativeText)));
    }
    QCOMPARE(actions.value(QStringLiteral("actionZoomIn"))->shortcuts().size(), 2); // Ctrl++ and Ctrl+=
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    view->setFocus();
    const qreal before = view->zoom();
    QTest::keyClick(view, Qt::Key_Equal, Qt::ControlModifier);
    QVERIFY(view->zoom() > before * 1.2);
    QTest::keyClick(view, Qt::Key_Minus, Qt::ControlModifier);
    QTest::keyClick(view, Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(view->zoom() < before);
    QTest::keyClick(view, Qt::Key_0, Qt::ControlModifier);
    QVERIFY(view->mapToScene(view->viewport()->rect()).boundingRect().contains(scene->layoutBounds()));
    QTest::keyClick(view, Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(m_page->findField()));
    QTest::keyClicks(m_page->findField(), byId.id.left(6));
    QCOMPARE(scene->selectedNodeId(), byId.id);
    QVERIFY(m_page->grab().save(shotPath(QStringLiteral("find"))));
    QTest::keyClick(m_page->findField(), Qt::Key_Escape);
    QVERIFY(scene->selectedNodeId().isEmpty());
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(view));
}

void TestTopologyPage::darkPalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe6));
    m_page->setPalette(dark);
    showPage();
    QCOMPARE(m_page->scene()->palette().color(QPalette::Base), QColor(0x1e, 0x1e, 0x1e));
    m_page->setSnapshot(syntheticCluster(3, {2}));
    const QImage image = m_page->view()->viewport()->grab().toImage();
    // Background stays dark: the graph does not paint a light canvas of its own.
    QVERIFY(QColor(image.pixel(3, 3)).lightness() < 80);
    QVERIFY(m_page->grab().save(shotPath(QStringLiteral("dark"))));
}
QTEST_MAIN(TestTopologyPage)
#include "tst_topologypage.moc"
