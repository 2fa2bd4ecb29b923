// Key counts on the Slots page: the hover tooltip names slot, owner and the key count asked for
// on demand (cached for a while), Ctrl+K asks for a full count, hot slots get a ring and a dot
// (gone when the slot changes owner), the table shows counted keys and hot slots per master
// (QAbstractItemModelTester on model and proxy through the update), failed masters are reported;
// over a real 3x1 lab the owners match CLUSTER SLOTS and a real SlotKeyCounter finds the {hot}
// slot. Screenshots go to the test output dir (hot light / dark, lab, lab hot).
#include "SlotsTestData.h"

using namespace ops;
using namespace slotstest;

class TestSlotsPageKeys : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void tooltipShowsSlotOwnerAndKeyCount();
    void countKeysShortcutMarksHotSlot();
    void countFailureAndStaleCounts();
    void hoverUsesCachedCounts();
    void realLabOwnersMatchClusterSlots();

private:
    std::unique_ptr<SlotsPage> m_page;
};

void TestSlotsPageKeys::init()
{
    m_page = std::make_unique<SlotsPage>();
    m_page->resize(1100, 800);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestSlotsPageKeys::cleanup()
{
    QToolTip::hideText();
    m_page.reset();
}

void TestSlotsPageKeys::tooltipShowsSlotOwnerAndKeyCount()
{
    m_page->setSnapshot(build(troubled()));
    SlotMapWidget *map = m_page->slotMap();
    QSignalSpy requests(m_page.get(), &SlotsPage::keyCountRequested);
    const auto hover = [map](int slot) { hoverSlot(map, slot); };

    hover(1234);
    QTRY_VERIFY(QToolTip::isVisible());
    QString text = QToolTip::text();
    QVERIFY2(text.contains(QLatin1String("Slot 1234")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Owner: 127.0.0.1:30000")), qPrintable(text));
    QVERIFY2(text.contains(id(0)), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Migration: none")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Keys: counting…")), qPrintable(text));
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().first().toInt(), 1234);

    m_page->setKeyCount(1234, 4242); // the answer updates the visible tooltip
    QVERIFY2(QToolTip::text().contains(QStringLiteral("Keys: %1").arg(QLocale().toString(4242))), qPrintable(QToolTip::text()));
    hover(1234);
    QCOMPARE(requests.size(), 1); // fresh: not asked again

    hover(100);
    QVERIFY2(QToolTip::text().contains(QStringLiteral("Migrating: 127.0.0.1:30000 → 127.0.0.1:30001")), qPrintable(QToolTip::text()));
    hover(9000);
    QVERIFY2(QToolTip::text().contains(QLatin1String("Half-open: MIGRATING on 127.0.0.1:30001 towards 127.0.0.1:30002")),
             qPrintable(QToolTip::text()));
    const int before = int(requests.size());
    hover(16200);
    QVERIFY2(QToolTip::text().contains(QLatin1String("uncovered")), qPrintable(QToolTip::text()));
    QCOMPARE(int(requests.size()), before); // nobody to ask
    QCOMPARE(map->toolTipText(16200).split(QLatin1Char('\n')).first(), QStringLiteral("Slot 16200"));
}

void TestSlotsPageKeys::countKeysShortcutMarksHotSlot()
{
    const SnapshotPtr s = build(Layout{});
    m_page->setSnapshot(s);
    QAbstractItemModelTester modelTester(m_page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(m_page->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    SlotMapWidget *map = m_page->slotMap();
    QCOMPARE(hotPixelsAround(*map, 866), 0);

    // The caller answers asynchronously, as ConsoleRuntime does.
    QSignalSpy asked(m_page.get(), &SlotsPage::countAllKeysRequested);
    connect(m_page.get(), &SlotsPage::countAllKeysRequested, this, [&] {
        QTimer::singleShot(0, m_page.get(), [&] { m_page->setSlotKeyCounts(syntheticCounts(s, {{866, 1000}, {12000, 150}})); });
    });
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    map->setFocus();
    QAction *count = m_page->findChild<QAction *>(QStringLiteral("actionCountKeys"));
    QVERIFY(count);
    QCOMPARE(count->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_K));
    QTest::keyClick(map, Qt::Key_K, Qt::ControlModifier);
    QCOMPARE(asked.size(), 1);
    QVERIFY(m_page->isCounting());
    QVERIFY2(m_page->statusLabel()->text().endsWith(QStringLiteral("counting keys…")), qPrintable(m_page->statusLabel()->text()));
    QTRY_VERIFY(!m_page->isCounting());

    // Slot 866: 1,000 of 1,752 keys; the mean is 1,752 / 16,384 = 0.107 keys per slot.
    QCOMPARE(map->hotSlots(), (QList<int>{866, 12000}));
    const double mean = map->keyCounts()->meanPerSlot();
    const QString status = m_page->statusLabel()->text();
    QVERIFY2(status.startsWith(QStringLiteral("16384/16384 covered, 0 migrations, uneven: none · keys: %1 counted; hot: slot 866 — %2 keys, %3× the mean on 127.0.0.1:30000; slot 12000 — 150 keys")
                                   .arg(n(map->keyCounts()->totalKeys()), n(1000), QLocale().toString(1000 / mean, 'f', 0))),
             qPrintable(status));
    QVERIFY(hotPixelsAround(*map, 866) > 20);
    QVERIFY(hotPixelsAround(*map, 12000) > 20);
    QCOMPARE(hotPixelsAround(*map, 5000), 0);
    // The hot cell itself is marked with a dot, not only ringed.
    QVERIFY(near(map->grab().toImage().pixelColor(map->cellRect(866).center()), SlotMapRenderer::hotColor()));
    QVERIFY(map->toolTipText(866).contains(QStringLiteral("Keys: %1 — hot, %2× the mean").arg(n(1000), QLocale().toString(1000 / mean, 'f', 0))));

    // The table: counted keys and hot slots per master.
    SlotSummaryModel *model = m_page->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QString nodeId = model->index(r, 0).data(SlotSummaryModel::NodeIdRole).toString();
        const SlotKeyCounts::Master *m = map->keyCounts()->master(nodeId);
        QVERIFY(m);
        QCOMPARE(model->index(r, SlotSummaryModel::CountedKeysColumn).data(SlotSummaryModel::RawRole).toLongLong(), m->keys);
        QCOMPARE(model->index(r, SlotSummaryModel::CountedKeysColumn).data().toString(), QLocale().toString(m->keys));
        const int hot = nodeId == id(0) || nodeId == id(2) ? 1 : 0; // 866 and 12000
        QCOMPARE(model->index(r, SlotSummaryModel::HotSlotsColumn).data().toString(), QString::number(hot));
    }
    const QModelIndex hotCell = m_page->proxy()->mapFromSource(model->index(model->rowOf(id(0)), SlotSummaryModel::HotSlotsColumn));
    QVERIFY(hotCell.data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-hot-light.png")).isEmpty());

    // Master 0 gives slots 0-999 (and 866 with them) to master 1: 866 is no longer marked hot,
    // master 0's and 1's totals are stale ("–"), master 2's stand.
    Layout moved;
    moved.slotText = {{0, "1000-5460"}, {1, "0-999 5461-10922"}};
    m_page->setSnapshot(build(moved));
    QCOMPARE(map->hotSlots(), QList<int>{12000});
    QCOMPARE(hotPixelsAround(*map, 866), 0);
    QCOMPARE(map->cachedKeyCount(866), qint64(-1));    // stale: asked again on hover
    QCOMPARE(map->cachedKeyCount(12000), qint64(150)); // untouched slot keeps its count
    QCOMPARE(model->index(model->rowOf(id(0)), SlotSummaryModel::CountedKeysColumn).data().toString(), QStringLiteral("–"));
    QCOMPARE(model->index(model->rowOf(id(1)), SlotSummaryModel::CountedKeysColumn).data().toString(), QStringLiteral("–"));
    QCOMPARE(model->index(model->rowOf(id(2)), SlotSummaryModel::HotSlotsColumn).data().toString(), QStringLiteral("1"));
}

void TestSlotsPageKeys::countFailureAndStaleCounts()
{
    const SnapshotPtr s = build(Layout{});
    m_page->setSnapshot(s);
    QAbstractItemModelTester modelTester(m_page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(m_page->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_page->countAllKeys();
    m_page->setSlotKeyCounts(syntheticCounts(s, {{866, 1000}, {12000, 5000}}, {id(2)}));
    SlotMapWidget *map = m_page->slotMap();
    // Master 2 (10923-16383) failed: 12000 is unknown, not hot; 866 still is.
    QCOMPARE(map->hotSlots(), QList<int>{866});
    QCOMPARE(map->cachedKeyCount(12000), qint64(-2));
    QVERIFY(map->toolTipText(12000).contains(QLatin1String("Keys: unavailable")));
    const QString status = m_page->statusLabel()->text();
    QVERIFY2(status.contains(QLatin1String("(1 of 3 masters failed, their slots unknown: 127.0.0.1:30002")), qPrintable(status));
    SlotSummaryModel *model = m_page->model();
    const int row = model->rowOf(id(2));
    QCOMPARE(model->index(row, SlotSummaryModel::CountedKeysColumn).data().toString(), QStringLiteral("failed"));
    QVERIFY(model->index(row, SlotSummaryModel::CountedKeysColumn).data(SlotSummaryModel::CountFailedRole).toBool());
    const QString tip = model->index(row, SlotSummaryModel::CountedKeysColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QLatin1String("&lt;b&gt;within&lt;/b&gt;")), qPrintable(tip)); // server text escaped
    const QModelIndex failedCell = m_page->proxy()->mapFromSource(model->index(row, SlotSummaryModel::CountedKeysColumn));
    QCOMPARE(failedCell.data(Qt::ForegroundRole).value<QColor>(), SlotTableProxy::warningColor());

    // A count with nothing counted (the deployment went away): the status says why, hot slots stay from before.
    m_page->countAllKeys();
    m_page->setSlotKeyCounts(std::make_shared<const SlotKeyCounts>(QStringLiteral("the deployment is no longer watched"),
                                                                    SlotRange{0, kSlotCount - 1}));
    QVERIFY(!m_page->isCounting());
    QVERIFY2(m_page->statusLabel()->text().endsWith(QLatin1String("key count failed: the deployment is no longer watched")),
             qPrintable(m_page->statusLabel()->text()));
}

void TestSlotsPageKeys::hoverUsesCachedCounts()
{
    const SnapshotPtr s = build(Layout{});
    m_page->setSnapshot(s);
    SlotMapWidget *map = m_page->slotMap();
    QSignalSpy requests(m_page.get(), &SlotsPage::keyCountRequested);
    const auto hover = [map](int slot) { hoverSlot(map, slot); };
    // A one-slot answer (the hover's) fills the tooltip and the cache, and marks nothing hot.
    hover(866);
    QCOMPARE(requests.size(), 1);
    auto one = std::make_shared<SlotKeyCounts>(SlotRange{866, 866}, s->slotMap, s->sequence);
    one->setCount(866, 31337);
    one->finish();
    m_page->setSlotKeyCounts(one);
    QVERIFY2(QToolTip::text().contains(QStringLiteral("Keys: %1").arg(QLocale().toString(31337))), qPrintable(QToolTip::text()));
    QVERIFY(map->hotSlots().isEmpty());
    QVERIFY(!map->keyCounts());
    // After a full count, hovering any covered slot needs no request.
    m_page->setSlotKeyCounts(syntheticCounts(s, {{866, 1000}}));
    hover(4000);
    hover(15001); // 15001 % 40 != 0: an empty slot
    QCOMPARE(requests.size(), 1);
    QVERIFY2(QToolTip::text().contains(QLatin1String("Keys: 0")), qPrintable(QToolTip::text()));
    // A hover answered with a problem: "unavailable", not "counting…" forever.
    m_page->setSnapshot(build(troubled()));
    hover(100); // slot 100 is migrating: its count was dropped
    QCOMPARE(requests.size(), 2);
    m_page->setSlotKeyCounts(std::make_shared<const SlotKeyCounts>(QStringLiteral("no slot map"), SlotRange{100, 100}));
    QVERIFY2(QToolTip::text().contains(QLatin1String("Keys: unavailable")), qPrintable(QToolTip::text()));
}

void TestSlotsPageKeys::realLabOwnersMatchClusterSlots()
{
    LocalLab lab;
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    spec.masters = 3;
    spec.replicasPerMaster = 1;
    QString error;
    QVERIFY2(labtest::startLab(lab, spec, error), qPrintable(error));

    const MonitorConfig config = labtest::clusterMonitorConfig(lab.topology());
    const Endpoint seed = config.seeds.first();
    Monitor monitor(config);
    monitor.start();
    auto complete = [&] {
        const SnapshotPtr s = monitor.snapshot();
        if (!s || s->nodes.size() != 6 || !s->slotMap || s->slotMap->coveredCount() != kSlotCount)
            return false;
        return std::all_of(s->nodes.cbegin(), s->nodes.cend(), [](const Node &n) { return n.lastSeenMs > 0 && n.keys >= 0; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(complete(), 20000);
    const SnapshotPtr s = monitor.snapshot();
    m_page->setSnapshot(s);

    const RedisResult reply = labtest::execute(*lab.control(seed), RespCommand{"CLUSTER", "SLOTS"});
    QVERIFY2(reply.ok(), labtest::describe(reply).constData());
    int checked = 0;
    SlotMapWidget *map = m_page->slotMap();
    for (const RespValue &range : reply.value().elements()) {
        const QString owner = QString::fromLatin1(range[2][2].bytes());
        const quint16 port = quint16(range[2][1].integer());
        for (int slot = int(range[0].integer()); slot <= int(range[1].integer()); ++slot, ++checked) {
            QCOMPARE(map->ownerAt(slot), owner);
            if (slot % 1000 == 0)
                QVERIFY(map->toolTipText(slot).contains(QStringLiteral(":%1").arg(port)));
        }
    }
    QCOMPARE(checked, kSlotCount);
    // And against CLUSTER NODES as another node prints it, read here with a plain split (not
    // the parser under test): "<id> <addr> <flags> <master> <ping> <pong> <epoch> <link> <slot>...".
    const Endpoint other = lab.topology().nodesWithRole(LabNode::Role::Replica).last().endpoint;
    const RedisResult nodes = labtest::execute(*lab.control(other), RespCommand{"CLUSTER", "NODES"});
    QVERIFY2(nodes.ok(), labtest::describe(nodes).constData());
    int fromNodes = 0;
    for (const QByteArray &line : nodes.value().bytes().split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        if (f.size() < 9 || !f[2].contains("master"))
            continue;
        for (qsizetype i = 8; i < f.size(); ++i) {
            if (f[i].startsWith('['))
                continue; // a migration, not ownership
            const QList<QByteArray> ends = f[i].split('-');
            const int first = ends[0].toInt(), last = ends.size() > 1 ? ends[1].toInt() : first;
            for (int slot = first; slot <= last; ++slot, ++fromNodes)
                QCOMPARE(map->ownerAt(slot), QString::fromLatin1(f[0]));
        }
    }
    QCOMPARE(fromNodes, kSlotCount);
    QCOMPARE(firstColourMismatch(*map, *s->slotMap), -1);
    QCOMPARE(m_page->model()->rowCount(), 3);
    QCOMPARE(m_page->statusLabel()->text(), QStringLiteral("16384/16384 covered, 0 migrations, uneven: none"));
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-lab.png")).isEmpty());

    // 1,000 keys in the {hot} slot, 200 spread; Ctrl+K counts them with a real SlotKeyCounter.
    const int hotSlot = HashSlot::of("{hot}");
    QList<QByteArray> keys;
    for (int i = 0; i < 1000; ++i)
        keys << "{hot}:" + QByteArray::number(i);
    for (int i = 0; i < 200; ++i)
        keys << "spread:" + QByteArray::number(i);
    const QString written = labtest::writeKeys(lab, *s, keys, "v");
    QVERIFY2(written.isEmpty(), qPrintable(written));
    SlotKeyCounter counter(config.dataOptions);
    connect(m_page.get(), &SlotsPage::countAllKeysRequested, &counter, [&] { counter.start(monitor.snapshot(), {0, kSlotCount - 1}, 3000); });
    connect(&counter, &SlotKeyCounter::finished, m_page.get(), &SlotsPage::setSlotKeyCounts);
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    map->setFocus();
    QTest::keyClick(map, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->isCounting(), 10000);
    QCOMPARE(map->keyCounts()->totalKeys(), qint64(1200));
    QCOMPARE(map->hotSlots(), QList<int>{hotSlot});
    QVERIFY(hotPixelsAround(*map, hotSlot) > 20);
    QVERIFY2(m_page->statusLabel()->text().contains(QStringLiteral("hot: slot %1 — %2 keys").arg(hotSlot).arg(n(1000))), qPrintable(m_page->statusLabel()->text()));
    qint64 tableKeys = 0;
    for (int r = 0; r < m_page->model()->rowCount(); ++r)
        tableKeys += m_page->model()->index(r, SlotSummaryModel::CountedKeysColumn).data(SlotSummaryModel::RawRole).toLongLong();
    QCOMPARE(tableKeys, qint64(1200));
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-lab-hot.png")).isEmpty());
    monitor.stop();
}

QTEST_MAIN(TestSlotsPageKeys)
#include "tst_slotspagekeys.moc"
