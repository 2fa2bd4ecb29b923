// The Failover history page offscreen over a real HistoryStore (SQLite in a temporary dir) filled
// with a realistic cluster `kill -9` sequence (as TopologyDiff records it) plus a Sentinel
// deployment beside it: rows appear, kind / node / time filters narrow them, the failover episode
// and its duration are found and shown, exports write exactly the filtered rows, everything is
// still there after the page and the store are destroyed and reopened, and the same page works
// through a real ConsoleRuntime (openHistory + queryHistory on the backend thread). The page
// shortcuts (Ctrl+F, Ctrl+E, Ctrl+Shift+E) are driven end to end, the page follows a live switch
// to a dark application palette, and empty results explain themselves.
// Screenshots go to the test output dir.
#include "ConsoleRuntime.h"
#include "PageTestHelpers.h"
#include "TestPaths.h"
#include "history/HistoryFilterProxy.h"
#include "history/HistoryPage.h"
#include "history/HistoryStore.h"
#include "history/HistoryTimeline.h"
#include "history/HistoryTimelinePainter.h"
#include "viewmodels/HistoryTableModel.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ops;

namespace {

const QString kCluster = QStringLiteral("cluster:07c37dfeb235213a872192d90877d0cd55635b91");
const QString kSentinel = QStringLiteral("mymaster@127.0.0.1:26379");
const QString kA = QStringLiteral("07c37dfeb235213a872192d90877d0cd55635b91"); // master 7000, killed
const QString kB = QStringLiteral("67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1");
const QString kD = QStringLiteral("e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca"); // its replica 7003

OpsEvent ev(qint64 t, const QString &deployment, const QString &kind, OpsEvent::Severity severity, const QString &node,
            const QString &endpoint, const QString &message, const QJsonObject &details = {})
{
    OpsEvent e;
    e.timestampMs = t;
    e.deploymentId = deployment;
    if (!OpsEvent::kindFromName(kind, &e.kind))
        qFatal("bad kind");
    if (e.kind == OpsEvent::Kind::Sentinel) {
        e.sentinelType = kind;
        e.source = OpsEvent::Source::Sentinel;
    }
    e.severity = severity;
    e.nodeId = node;
    e.endpoint = endpoint;
    e.message = message;
    e.details = details;
    return e;
}

/** The stored history: `now` minus 3 days, 3 hours, 30 minutes (the failover) and 10 minutes. */
OpsEvents scenario(qint64 now)
{
    using S = OpsEvent::Severity;
    const QString a = QStringLiteral("127.0.0.1:7000");
    const QString b = QStringLiteral("127.0.0.1:7001");
    const QString d = QStringLiteral("127.0.0.1:7003");
    const qint64 f = now - 30 * 60'000;
    const QJsonObject promoted{{QStringLiteral("oldMaster"), kA}, {QStringLiteral("oldMasterAddress"), a},
                               {QStringLiteral("newMaster"), kD}, {QStringLiteral("newMasterAddress"), d},
                               {QStringLiteral("configEpoch"), 7}};
    return OpsEvents{
        ev(now - 3 * 86'400'000LL, kCluster, QStringLiteral("node-added"), S::Info, kB, b, QStringLiteral("master 127.0.0.1:7001 joined")),
        ev(now - 3 * 3'600'000, kCluster, QStringLiteral("replication-link-down"), S::Warning, kD, d,
           QStringLiteral("127.0.0.1:7003 lost its link to master 127.0.0.1:7000")),
        ev(now - 3 * 3'600'000 + 4000, kCluster, QStringLiteral("replication-link-up"), S::Info, kD, d,
           QStringLiteral("127.0.0.1:7003 link to master 127.0.0.1:7000 is up")),
        ev(f, kCluster, QStringLiteral("node-stale"), S::Warning, kA, a, QStringLiteral("127.0.0.1:7000 stopped answering the console")),
        ev(f + 1000, kCluster, QStringLiteral("pfail-set"), S::Warning, kA, a, QStringLiteral("127.0.0.1:7000 is suspected down (pfail)")),
        ev(f + 1000, kCluster, QStringLiteral("replication-link-down"), S::Warning, kD, d,
           QStringLiteral("127.0.0.1:7003 lost its link to master 127.0.0.1:7000")),
        ev(f + 2500, kCluster, QStringLiteral("fail-set"), S::Critical, kA, a, QStringLiteral("127.0.0.1:7000 is marked FAIL by the cluster")),
        ev(f + 3400, kCluster, QStringLiteral("promoted"), S::Warning, kD, d, QStringLiteral("127.0.0.1:7003 was promoted to master"), promoted),
        ev(f + 3400, kCluster, QStringLiteral("config-epoch-changed"), S::Info, kD, d, QStringLiteral("127.0.0.1:7003 config epoch 4 -> 7"),
           QJsonObject{{QStringLiteral("oldEpoch"), 4}, {QStringLiteral("newEpoch"), 7}}),
        ev(f + 3400, kCluster, QStringLiteral("slot-owner-changed"), S::Info, kD, d,
           QStringLiteral("slots 0-5460 moved from 127.0.0.1:7000 to 127.0.0.1:7003"),
           QJsonObject{{QStringLiteral("slots"), QStringLiteral("0-5460")}, {QStringLiteral("from"), kA}, {QStringLiteral("to"), kD}}),
        ev(f + 65'000, kCluster, QStringLiteral("node-recovered"), S::Info, kA, a, QStringLiteral("127.0.0.1:7000 answers again")),
        ev(f + 66'000, kCluster, QStringLiteral("fail-cleared"), S::Info, kA, a, QStringLiteral("127.0.0.1:7000 FAIL flag cleared")),
        ev(f + 66'000, kCluster, QStringLiteral("demoted"), S::Warning, kA, a,
           QStringLiteral("127.0.0.1:7000 was demoted to replica of 127.0.0.1:7003"), promoted),
        // Another deployment at the same time: never shown on the cluster's page.
        ev(now - 10 * 60'000, kSentinel, QStringLiteral("+sdown"), S::Warning, QStringLiteral("127.0.0.1:6379"), QStringLiteral("127.0.0.1:6379"),
           QStringLiteral("+sdown master mymaster 127.0.0.1 6379"),
           QJsonObject{{QStringLiteral("masterName"), QStringLiteral("mymaster")}, {QStringLiteral("instanceType"), QStringLiteral("master")}}),
        ev(now - 10 * 60'000 + 1500, kSentinel, QStringLiteral("+try-failover"), S::Warning, QStringLiteral("127.0.0.1:6379"),
           QStringLiteral("127.0.0.1:6379"), QStringLiteral("+try-failover master mymaster 127.0.0.1 6379"),
           QJsonObject{{QStringLiteral("masterName"), QStringLiteral("mymaster")}, {QStringLiteral("instanceType"), QStringLiteral("master")}}),
        ev(now - 10 * 60'000 + 4200, kSentinel, QStringLiteral("+switch-master"), S::Critical, QStringLiteral("127.0.0.1:6380"),
           QStringLiteral("127.0.0.1:6380"), QStringLiteral("+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380"),
           QJsonObject{{QStringLiteral("masterName"), QStringLiteral("mymaster")},
                       {QStringLiteral("oldMaster"), QStringLiteral("127.0.0.1:6379")},
                       {QStringLiteral("newMaster"), QStringLiteral("127.0.0.1:6380")}}),
    };
}

/** Calls a HistoryStore on this thread but answers asynchronously, like ConsoleRuntime. */
HistoryPage::QueryFunction directQuery(HistoryStore *store)
{
    return [store](const HistoryQuery &q, QObject *context, HistoryPage::Handler handler) {
        HistoryError error;
        const QList<OpsEvent> events = store->query(q, &error);
        QPointer<QObject> guard(context);
        QMetaObject::invokeMethod(context, [guard, handler, events, error] {
            if (guard)
                handler(events, error);
        }, Qt::QueuedConnection);
    };
}

QStringList kinds(const OpsEvents &events)
{
    QStringList out;
    for (const OpsEvent &e : events)
        out << e.kindName();
    return out;
}

void screenshot(QWidget *w, const QString &name)
{
    const QString path = testOutputDir() + QLatin1Char('/') + name;
    QVERIFY2(w->grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

} // namespace

class TestHistoryPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void rowsFiltersEpisodesExports();
    void timelineClickAndTooltip();
    void survivesRestarts();
    void throughConsoleRuntime();
    void queryErrorIsShown();
    void shortcutsFilterAndExport();
    void followsApplicationPaletteLive();
    void emptyStatesAreExplained();
    void thousandsOfLiveEvents();
    void incidentReportWindow();

private:
    std::unique_ptr<HistoryPage> openPage(HistoryStore *store);

    QTemporaryDir m_dir;
    QString m_path;
    qint64 m_now = 0;
    OpsEvents m_stored;
};

void TestHistoryPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // whatever a page stores goes to a test location
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("history.sqlite"));
    m_now = QDateTime::currentMSecsSinceEpoch();
    HistoryStore store(m_path);
    QVERIFY(!store.open().isError());
    m_stored = scenario(m_now);
    QVERIFY(!store.append(m_stored).isError());
}

std::unique_ptr<HistoryPage> TestHistoryPage::openPage(HistoryStore *store)
{
    auto page = std::make_unique<HistoryPage>(directQuery(store));
    page->resize(1280, 820);
    page->show();
    page->setDeployment(kCluster);
    return page;
}

void TestHistoryPage::rowsFiltersEpisodesExports()
{
    HistoryStore store(m_path);
    QVERIFY(!store.open().isError());
    auto page = openPage(&store);
    QVERIFY(page->isLoading());
    QTRY_VERIFY(!page->isLoading());
    // Default range: last 24 h -> everything of the cluster except the 3-day-old row.
    QCOMPARE(page->proxy()->rowCount(), 12);
    QTRY_COMPARE(page->episodes().size(), 1);
    const FailoverEpisode ep = page->episodes().first();
    QCOMPARE(ep.outcome, FailoverEpisode::Outcome::Completed);
    QCOMPARE(ep.oldMasterAddress, QStringLiteral("127.0.0.1:7000"));
    QCOMPARE(ep.newMasterAddress, QStringLiteral("127.0.0.1:7003"));
    QCOMPARE(ep.durationMs(), 2400);
    QCOMPARE(ep.epoch, 7);
    QVERIFY2(page->statusText().contains(QStringLiteral("12 of 12 events shown · 1 completed failover (1 episode) in the last 24 hours")), qPrintable(page->statusText()));
    screenshot(page.get(), QStringLiteral("history-24h.png"));

    // The episode bar and the promoted event show the episode with its duration.
    page->showEpisode(0);
    QVERIFY2(page->detailsText().contains(QStringLiteral("duration:   2.4 s (2400 ms)")), qPrintable(page->detailsText()));
    QVERIFY(page->detailsText().contains(QStringLiteral("old master: 127.0.0.1:7000\n              id %1").arg(kA)));
    qint64 promotedId = 0;
    for (const OpsEvent &e : page->filteredEvents())
        if (e.kind == OpsEvent::Kind::Promoted)
            promotedId = e.id;
    QVERIFY(promotedId != 0);
    page->selectEvent(promotedId);
    QCOMPARE(page->timeline()->selectedEventId(), promotedId);
    QVERIFY(page->detailsText().contains(QStringLiteral("\"newMasterAddress\": \"127.0.0.1:7003\"")));
    QVERIFY(page->detailsText().contains(QStringLiteral("Failover episode")));
    screenshot(page.get(), QStringLiteral("history-selected.png"));

    // Kind filter (several fragments), then node, then time range.
    page->setKindFilter(QStringLiteral("fail, promoted"));
    QCOMPARE(kinds(page->filteredEvents()),
             (QStringList{QStringLiteral("pfail-set"), QStringLiteral("fail-set"), QStringLiteral("promoted"),
                          QStringLiteral("fail-cleared")}));
    page->setNodeFilter(QStringLiteral("127.0.0.1:7000"));
    QCOMPARE(kinds(page->filteredEvents()),
             (QStringList{QStringLiteral("pfail-set"), QStringLiteral("fail-set"), QStringLiteral("fail-cleared")}));
    QTRY_COMPARE(page->timeline()->laneTitles(), (QStringList{QStringLiteral("Failovers"), QStringLiteral("127.0.0.1:7000")}));
    screenshot(page.get(), QStringLiteral("history-filtered.png"));

    // Exports hold exactly the filtered rows, in table order.
    const QString csv = m_dir.filePath(QStringLiteral("out.csv"));
    const QString json = m_dir.filePath(QStringLiteral("out.json"));
    QVERIFY(page->exportCsv(csv));
    QVERIFY(page->exportJson(json));
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csvFile.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QVERIFY(lines[0].startsWith("id,time,timestampMs,deployment,kind"));
    QVERIFY(lines[1].contains("\"pfail-set\""));
    QVERIFY(lines[3].contains("\"127.0.0.1:7000 FAIL flag cleared\""));
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    const QJsonArray rows = QJsonDocument::fromJson(jsonFile.readAll()).array();
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows[1].toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("fail-set"));
    QCOMPARE(rows[1].toObject().value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));

    page->setNodeFilter(QString());
    page->setKindFilter(QString());
    QCOMPARE(page->proxy()->rowCount(), 12);
    page->setRange(HistoryPage::Range::LastHour);
    QTRY_VERIFY(!page->isLoading());
    QCOMPARE(page->proxy()->rowCount(), 10); // the link flap 3 h ago is gone
    page->setRange(HistoryPage::Range::All);
    QTRY_VERIFY(!page->isLoading());
    QCOMPARE(page->proxy()->rowCount(), 13);
    QCOMPARE(page->model()->rowCount(), 13);

    // Live events are appended (other deployments and duplicates ignored).
    OpsEvent live = ev(QDateTime::currentMSecsSinceEpoch(), kCluster, QStringLiteral("node-stale"), OpsEvent::Severity::Warning,
                       kB, QStringLiteral("127.0.0.1:7001"), QStringLiteral("127.0.0.1:7001 stopped answering the console"));
    OpsEvents batch{live};
    QVERIFY(!store.append(batch).isError());
    page->addEvents(batch + scenario(m_now).mid(13)); // + the sentinel deployment's events
    page->addEvents(batch);
    QCOMPARE(page->model()->rowCount(), 14);

    // All deployments: both failovers.
    page->setDeployment(QString());
    QTRY_VERIFY(!page->isLoading());
    QCOMPARE(page->model()->rowCount(), 17);
    QTRY_COMPARE(page->episodes().size(), 2);
    QCOMPARE(page->episodes().at(1).newMasterAddress, QStringLiteral("127.0.0.1:6380"));
    screenshot(page.get(), QStringLiteral("history-all-deployments.png"));
    page->timeline()->setLanes(HistoryTimeline::Lanes::ByKindGroup);
    screenshot(page->timeline(), QStringLiteral("history-timeline-kind-lanes.png"));
}

void TestHistoryPage::timelineClickAndTooltip()
{
    HistoryStore store(m_path);
    QVERIFY(!store.open().isError());
    auto page = openPage(&store);
    page->setRange(HistoryPage::Range::LastHour);
    QTRY_VERIFY(!page->isLoading());
    QTRY_COMPARE(page->timeline()->laneTitles().size(), 4); // Failovers + 7000, 7001 (the live event), 7003
    HistoryTimeline *timeline = page->timeline();
    // Over an hour the failover's events share a pixel; clicking its bar zooms in.
    QTRY_COMPARE(page->episodes().size(), 1);
    page->showEpisode(0);
    QCOMPARE(timeline->rangeTo() - timeline->rangeFrom(), 2400 + 2 * 1000);
    const OpsEvents shown = page->filteredEvents();
    int failSet = -1;
    for (int i = 0; i < shown.size(); ++i)
        if (shown[i].kind == OpsEvent::Kind::FailSet)
            failSet = i;
    QVERIFY(failSet >= 0);
    const QPoint centre = timeline->markerCenter(failSet);
    QCOMPARE(timeline->eventAt(centre), failSet);
    const QString tip = timeline->toolTipTextAt(centre);
    QVERIFY2(tip.contains(QStringLiteral("fail-set (critical)")), qPrintable(tip));
    QTest::mouseClick(timeline, Qt::LeftButton, {}, centre);
    QCOMPARE(timeline->selectedEventId(), shown[failSet].id);
    QCOMPARE(page->table()->currentIndex().row(), failSet);
    QVERIFY(page->detailsText().contains(QStringLiteral("Kind:       fail-set")));
    screenshot(page.get(), QStringLiteral("history-1h-clicked.png"));
    QTest::mouseDClick(timeline, Qt::LeftButton, {}, QPoint(timeline->width() - 20, timeline->height() / 2));
    QVERIFY(timeline->rangeTo() - timeline->rangeFrom() > 30 * 60'000); // fits the data again
}

void TestHistoryPage::survivesRestarts()
{
    QList<qint64> before;
    {
        auto store = std::make_unique<HistoryStore>(m_path);
        QVERIFY(!store->open().isError());
        auto page = openPage(store.get());
        page->setRange(HistoryPage::Range::All);
        QTRY_VERIFY(!page->isLoading());
        for (const OpsEvent &e : page->filteredEvents())
            before << e.id;
        page.reset();
        store.reset();
    }
    HistoryStore store(m_path);
    QVERIFY(!store.open().isError());
    auto page = openPage(&store);
    page->setRange(HistoryPage::Range::All);
    QTRY_VERIFY(!page->isLoading());
    QList<qint64> after;
    for (const OpsEvent &e : page->filteredEvents())
        after << e.id;
    QCOMPARE(after, before);
    QCOMPARE(after.size(), 14);
    QTRY_COMPARE(page->episodes().size(), 1);
}

void TestHistoryPage::throughConsoleRuntime()
{
    ConsoleRuntime runtime;
    runtime.openHistory(m_path);
    HistoryPage page([&runtime](const HistoryQuery &q, QObject *context, HistoryPage::Handler handler) {
        runtime.queryHistory(q, context, std::move(handler));
    });
    page.resize(1280, 820);
    page.show();
    QSignalSpy loaded(&page, &HistoryPage::loaded);
    page.setDeployment(kCluster);
    QTRY_COMPARE(loaded.size(), 1);
    QVERIFY(!loaded.first().first().value<HistoryError>().isError());
    QCOMPARE(page.proxy()->rowCount(), 13); // 24 h: 12 stored rows + the live one
    QTRY_COMPARE(page.episodes().size(), 1);
    QCOMPARE(page.episodes().first().durationMs(), 2400);
    // A page destroyed with a query in flight is simply not called back. The history thread
    // answers in order: once a later query is answered, the doomed page's answer has come back
    // too, and it must have been dropped (no fixed sleep).
    int issued = 0;
    bool doomedCalledBack = false;
    auto doomed = std::make_unique<HistoryPage>([&](const HistoryQuery &q, QObject *context, HistoryPage::Handler handler) {
        ++issued;
        runtime.queryHistory(q, context, [&doomedCalledBack, handler](const QList<OpsEvent> &events, const HistoryError &error) {
            doomedCalledBack = true;
            handler(events, error);
        });
    });
    doomed->setDeployment(kCluster);
    QVERIFY(issued > 0);
    doomed.reset();
    bool laterAnswered = false;
    HistoryQuery later;
    later.deploymentId = kCluster;
    runtime.queryHistory(later, &page, [&laterAnswered](const QList<OpsEvent> &, const HistoryError &) { laterAnswered = true; });
    QTRY_VERIFY(laterAnswered);
    QVERIFY(!doomedCalledBack);
    screenshot(&page, QStringLiteral("history-runtime.png"));
}

void TestHistoryPage::queryErrorIsShown()
{
    ConsoleRuntime runtime; // no history opened
    HistoryPage page([&runtime](const HistoryQuery &q, QObject *context, HistoryPage::Handler handler) {
        runtime.queryHistory(q, context, std::move(handler));
    });
    QSignalSpy loaded(&page, &HistoryPage::loaded);
    page.setDeployment(kCluster);
    QTRY_COMPARE(loaded.size(), 1);
    QVERIFY(page.statusText().startsWith(QStringLiteral("History unavailable:")));
    QCOMPARE(page.model()->rowCount(), 0);
    QVERIFY(page.timeline()->emptyText().startsWith(QStringLiteral("History unavailable:")));
}

void TestHistoryPage::shortcutsFilterAndExport()
{
    HistoryStore store(m_path);
    QVERIFY(!store.open().isError());
    auto page = openPage(&store);
    QTRY_VERIFY(!page->isLoading());
    page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(page.get()));
    page->table()->setFocus();
    QTRY_VERIFY(page->table()->hasFocus());

    // Every action with text has a page-scoped shortcut; F5 is left to the main window.
    const QList<QAction *> actions = page->findChildren<QAction *>();
    QVERIFY(actions.size() >= 3);
    for (QAction *a : actions) {
        if (a->text().isEmpty())
            continue;
        QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->objectName()));
        QVERIFY2(a->objectName().startsWith(QStringLiteral("actionHistory")), qPrintable(a->objectName()));
        QCOMPARE(a->shortcutContext(), Qt::WidgetWithChildrenShortcut);
        QVERIFY(a->shortcut() != QKeySequence(Qt::Key_F5));
        QVERIFY2(a->toolTip().contains(a->shortcut().toString(QKeySequence::NativeText)), qPrintable(a->toolTip()));
    }

    // Ctrl+F from the table: focus lands in the kind filter, typing filters.
    auto *kindEdit = page->findChild<QLineEdit *>(QStringLiteral("historyKindFilter"));
    QVERIFY(kindEdit);
    QTest::keyClick(page->table(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(kindEdit->hasFocus());
    QTest::keyClicks(kindEdit, QStringLiteral("promoted"));
    QCOMPARE(kinds(page->filteredEvents()), QStringList{QStringLiteral("promoted")});
    // Ctrl+F again selects the text, so the next kinds replace it.
    page->table()->setFocus();
    QTest::keyClick(page->table(), Qt::Key_F, Qt::ControlModifier);
    QTest::keyClicks(kindEdit, QStringLiteral("fail"));
    QCOMPARE(kindEdit->text(), QStringLiteral("fail"));
    QCOMPARE(page->proxy()->rowCount(), 3);

    // Ctrl+E: CSV of the filtered rows; Ctrl+Shift+E: JSON.
    const QString csv = m_dir.filePath(QStringLiteral("shortcut.csv"));
    const QString json = m_dir.filePath(QStringLiteral("shortcut.json"));
    auto csvAnswer = pagetest::answerNextFileDialog(csv);
    QTest::keyClick(kindEdit, Qt::Key_E, Qt::ControlModifier);
    QVERIFY(csvAnswer->seen);
    QCOMPARE(csvAnswer->title, QStringLiteral("Export CSV"));
    QVERIFY2(QFile::exists(csv), qPrintable(page->statusText()));
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    QCOMPARE(csvFile.readAll().trimmed().split('\n').size(), 1 + 3);
    // The closed dialog leaves no active window offscreen: give the page focus back first.
    page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(page.get()));
    page->table()->setFocus();
    QTRY_VERIFY(page->table()->hasFocus());
    auto jsonAnswer = pagetest::answerNextFileDialog(json);
    QTest::keyClick(page->table(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(jsonAnswer->seen);
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(jsonFile.readAll()).array().size(), 3);
    QVERIFY2(page->statusText().startsWith(QStringLiteral("Exported 3 rows")), qPrintable(page->statusText()));
}

void TestHistoryPage::followsApplicationPaletteLive()
{
    HistoryStore store(m_path);
    QVERIFY(!store.open().isError());
    auto page = openPage(&store);
    QTRY_VERIFY(!page->isLoading());
    QTRY_COMPARE(page->episodes().size(), 1);
    const QPalette light = QApplication::palette();
    HistoryTimeline *timeline = page->timeline();
    const QRect timelineArea(timeline->mapTo(page.get(), QPoint(0, 0)), timeline->size());
    QVERIFY(pagetest::meanLightness(page->grab().toImage(), timelineArea) > 180);

    QApplication::setPalette(pagetest::darkPalette());
    QTRY_COMPARE(timeline->palette().color(QPalette::Base), QColor(0x1e, 0x1e, 0x1e));
    page->showEpisode(0);
    const QImage dark = page->grab().toImage();
    QVERIFY(dark.save(testOutputDir() + QStringLiteral("/history-dark.png")));
    const int timelineLightness = pagetest::meanLightness(dark, timelineArea);
    QVERIFY2(timelineLightness < 70, qPrintable(QString::number(timelineLightness)));
    const QWidget *viewport = page->table()->viewport();
    const QRect tableArea(viewport->mapTo(page.get(), QPoint(0, 0)), viewport->size());
    const int tableLightness = pagetest::meanLightness(dark, tableArea);
    QVERIFY2(tableLightness < 90, qPrintable(QString::number(tableLightness)));
    // Status colours are lighter on dark backgrounds, so markers and bars stay visible.
    for (auto s : {OpsEvent::Severity::Info, OpsEvent::Severity::Warning, OpsEvent::Severity::Critical})
        QVERIFY(HistoryTimelinePainter::severityColour(s, pagetest::darkPalette()).lightness()
                > HistoryTimelinePainter::severityColour(s, light).lightness());

    QApplication::setPalette(light);
    QTRY_VERIFY(pagetest::meanLightness(page->grab().toImage(), timelineArea) > 180);
}

void TestHistoryPage::emptyStatesAreExplained()
{
    // A deployment with nothing recorded.
    HistoryStore store(m_path);
    QVERIFY(!store.open().isError());
    auto page = std::make_unique<HistoryPage>(directQuery(&store));
    page->resize(1280, 820);
    page->show();
    page->setDeployment(QStringLiteral("cluster:quiet"));
    QVERIFY(page->timeline()->emptyText().startsWith(QStringLiteral("Loading")));
    QTRY_VERIFY(!page->isLoading());
    QTRY_VERIFY2(page->timeline()->emptyText().startsWith(QStringLiteral("No events recorded in the last 24 hours")),
                 qPrintable(page->timeline()->emptyText()));
    screenshot(page.get(), QStringLiteral("history-empty.png"));

    // Filters that hide every row say so, with the number hidden.
    page->setDeployment(kCluster);
    QTRY_VERIFY(!page->isLoading());
    page->setKindFilter(QStringLiteral("no-such-kind"));
    const QString hidden = QStringLiteral("%1 event(s) hidden").arg(page->model()->rowCount());
    QVERIFY(page->model()->rowCount() >= 12);
    QTRY_VERIFY2(page->timeline()->emptyText().contains(hidden),
                 qPrintable(page->timeline()->emptyText()));
    screenshot(page.get(), QStringLiteral("history-filtered-empty.png"));
}

void TestHistoryPage::thousandsOfLiveEvents()
{
    // A 1,000-node cluster's bad hour arriving live in batches of 40: 400 failovers (pfail-set,
    // fail-set, promoted, config epoch, demoted) and link flaps of 1,000 replicas, 4,000 events.
    using S = OpsEvent::Severity;
    constexpr int kFailovers = 400;
    constexpr int kReplicas = 1000;
    const auto address = [](int i) { return QStringLiteral("10.0.%1.%2:6379").arg(i / 250).arg(i % 250); };
    const qint64 t0 = m_now - 3'600'000;
    OpsEvents all;
    for (int i = 0; i < kFailovers; ++i) {
        const qint64 t = t0 + qint64(i) * 4000;
        const QString master = QStringLiteral("m%1").arg(i);
        const QString replica = QStringLiteral("r%1").arg(i);
        const QJsonObject promoted{{QStringLiteral("oldMaster"), master}, {QStringLiteral("oldMasterAddress"), address(i)},
                                   {QStringLiteral("newMaster"), replica}, {QStringLiteral("newMasterAddress"), address(1000 + i)}};
        all << ev(t, kCluster, QStringLiteral("pfail-set"), S::Warning, master, address(i), QStringLiteral("pfail"))
            << ev(t + 1000, kCluster, QStringLiteral("fail-set"), S::Critical, master, address(i), QStringLiteral("fail"))
            << ev(t + 1800, kCluster, QStringLiteral("promoted"), S::Warning, replica, address(1000 + i), QStringLiteral("promoted"), promoted)
            << ev(t + 1800, kCluster, QStringLiteral("config-epoch-changed"), S::Info, replica, address(1000 + i), QStringLiteral("epoch"))
            << ev(t + 3000, kCluster, QStringLiteral("demoted"), S::Warning, master, address(i), QStringLiteral("demoted"), promoted);
    }
    for (int r = 0; r < kReplicas; ++r) {
        const qint64 t = t0 + qint64(r) * 1600 + 500;
        all << ev(t, kCluster, QStringLiteral("replication-link-down"), S::Warning, QStringLiteral("x%1").arg(r), address(2000 + r),
                  QStringLiteral("link down"))
            << ev(t + 700, kCluster, QStringLiteral("replication-link-up"), S::Info, QStringLiteral("x%1").arg(r), address(2000 + r),
                  QStringLiteral("link up"));
    }
    std::stable_sort(all.begin(), all.end(), [](const OpsEvent &a, const OpsEvent &b) { return a.timestampMs < b.timestampMs; });
    QCOMPARE(all.size(), 4000);

    HistoryPage page([](const HistoryQuery &, QObject *context, HistoryPage::Handler handler) {
        QMetaObject::invokeMethod(context, [handler] { handler({}, {}); }, Qt::QueuedConnection); // nothing stored yet
    });
    page.resize(1280, 820);
    page.show();
    QSignalSpy loaded(&page, &HistoryPage::loaded);
    page.setDeployment(kCluster);
    QVERIFY(loaded.wait());
    double worstMs = 0;
    QElapsedTimer clock;
    for (qsizetype i = 0; i < all.size(); i += 40) {
        clock.start();
        page.addEvents(all.mid(i, 40));
        QCoreApplication::sendPostedEvents(); // the queued timeline update of this batch
        worstMs = std::max(worstMs, double(clock.nsecsElapsed()) / 1e6);
    }
    qInfo("4,000 live events in batches of 40: slowest batch (append + timeline) %.1f ms", worstMs);

    QCOMPARE(page.model()->rowCount(), 4000);
    QTRY_COMPARE(page.proxy()->rowCount(), 4000);
    // Incremental grouping found what grouping everything at once finds.
    const QList<FailoverEpisode> full = groupFailoverEpisodes(page.model()->events());
    QTRY_COMPARE(page.episodes().size(), kFailovers);
    QCOMPARE(full.size(), kFailovers);
    for (int i = 0; i < kFailovers; ++i) {
        QCOMPARE(page.episodes().at(i).outcome, FailoverEpisode::Outcome::Completed);
        QCOMPARE(page.episodes().at(i).eventIds.size(), full.at(i).eventIds.size());
        QCOMPARE(page.episodes().at(i).eventIndexes, full.at(i).eventIndexes);
        QCOMPARE(page.episodes().at(i).newMasterAddress, address(1000 + i));
    }
    QVERIFY2(page.statusText().contains(QStringLiteral("400 completed failovers")), qPrintable(page.statusText()));
    // Every node once in the node filter, sorted, after "All nodes".
    auto *nodes = page.filterBar()->findChild<QComboBox *>(QStringLiteral("historyNodeFilter"));
    QVERIFY(nodes);
    QCOMPARE(nodes->count(), 1 + 2 * kFailovers + kReplicas);
    for (int i = 2; i < nodes->count(); ++i)
        QVERIFY2(nodes->itemData(i - 1).toString() < nodes->itemData(i).toString(), qPrintable(nodes->itemText(i)));
    QCOMPARE(page.timeline()->laneTitles().size(), 1 + 2 * kFailovers + kReplicas);
    // The node filter still narrows the rows.
    page.setNodeFilter(address(7));
    QCOMPARE(page.proxy()->rowCount(), 3); // pfail-set, fail-set, demoted of master 7
    page.setNodeFilter(QString());
    QCOMPARE(page.proxy()->rowCount(), 4000);
    QCoreApplication::sendPostedEvents();
    screenshot(&page, QStringLiteral("history-4000-live-events.png"));
}

// "Incident report…" asks for the episode shown (5 minutes on each side), else the range; an
// event shown instead of the episode goes back to the range; no deployment, no report.
void TestHistoryPage::incidentReportWindow()
{
    HistoryStore store(m_path);
    QVERIFY(!store.open().isError());
    auto page = openPage(&store);
    QTRY_VERIFY(!page->isLoading());
    QTRY_COMPARE(page->episodes().size(), 1);
    QSignalSpy asked(page.get(), &HistoryPage::incidentReportRequested);
    const FailoverEpisode ep = page->episodes().first();
    page->showEpisode(0);
    page->incidentReportAction()->trigger();
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first().at(0).toString(), kCluster);
    QCOMPARE(asked.first().at(1).toLongLong(), ep.startMs - 300'000);
    QCOMPARE(asked.first().at(2).toLongLong(), std::min(ep.endMs + 300'000, asked.first().at(2).toLongLong()));
    QVERIFY(asked.first().at(2).toLongLong() >= ep.endMs);

    page->selectEvent(page->filteredEvents().first().id);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    page->incidentReportAction()->trigger();
    QCOMPARE(asked.size(), 2);
    const qint64 from = asked.at(1).at(1).toLongLong();
    QVERIFY2(std::abs(from - (before - 86'400'000)) < 5000, qPrintable(QString::number(before - from))); // the default 24 h
    QVERIFY(asked.at(1).at(2).toLongLong() >= before);

    page->setDeployment(QString()); // every deployment: no single one to report on
    QTRY_VERIFY(!page->isLoading());
    page->incidentReportAction()->trigger();
    QCOMPARE(asked.size(), 2);
    QCOMPARE(page->reportWindow(before), qMakePair(qint64(0), qint64(0)));
}

QTEST_MAIN(TestHistoryPage)
#include "tst_historypage.moc"
