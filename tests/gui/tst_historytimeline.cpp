// The history timeline widget on its own: a 1,000-node deployment's history has a lane per node
// (about 2,000), more than fit at a readable height. The event lanes scroll under a fixed
// episode lane and time axis; markers scrolled out of sight are neither drawn nor hit; selecting
// an event brings its lane into view; the wheel over the titles scrolls, elsewhere it zooms.
#include "TestPaths.h"
#include "history/HistoryTimeline.h"

#include <QScrollBar>
#include <QWheelEvent>
#include <QtTest>

using namespace ops;

namespace {

constexpr qint64 kStart = 1'700'000'000'000;

/** One warning per node, a second apart: node i is 127.0.0.1:(30000 + i). */
OpsEvents eventsOnNodes(int nodes)
{
    OpsEvents events;
    for (int i = 0; i < nodes; ++i) {
        OpsEvent e;
        e.id = i + 1;
        e.timestampMs = kStart + i * 1000;
        e.kind = OpsEvent::Kind::FailSet;
        e.severity = OpsEvent::Severity::Warning;
        e.endpoint = QStringLiteral("127.0.0.1:%1").arg(30000 + i);
        e.message = QStringLiteral("node %1 flagged").arg(i);
        events.append(e);
    }
    return events;
}

void wheel(QWidget *w, QPoint at, int notches, Qt::KeyboardModifiers modifiers = {})
{
    QWheelEvent event(at, w->mapToGlobal(at), {}, QPoint(0, 120 * notches), Qt::NoButton, modifiers, Qt::NoScrollPhase,
                      false);
    QCoreApplication::sendEvent(w, &event);
}

} // namespace

class TestHistoryTimeline : public QObject
{
    Q_OBJECT
private slots:
    void fewLanesFitWithoutScrolling();
    void manyLanesScroll();
};

void TestHistoryTimeline::fewLanesFitWithoutScrolling()
{
    HistoryTimeline timeline;
    timeline.resize(900, 300);
    timeline.show();
    QVERIFY(QTest::qWaitForWindowExposed(&timeline));
    timeline.setData(eventsOnNodes(5), {});
    QCOMPARE(timeline.laneTitles().size(), 6);
    QVERIFY(!timeline.laneScrollBar()->isVisible());
    for (int i = 0; i < 5; ++i)
        QCOMPARE(timeline.eventAt(timeline.markerCenter(i)), i);
}

void TestHistoryTimeline::manyLanesScroll()
{
    HistoryTimeline timeline;
    timeline.resize(900, 400);
    timeline.show();
    QVERIFY(QTest::qWaitForWindowExposed(&timeline));
    const OpsEvents events = eventsOnNodes(2000);
    timeline.setData(events, {});
    QCOMPARE(timeline.laneTitles().size(), 2001);
    QScrollBar *bar = timeline.laneScrollBar();
    QVERIFY(bar->isVisible());
    QCOMPARE(bar->value(), 0);
    // Readable lanes: 2,000 of them at >= 16 px are ~32,000 px of content.
    QVERIFY2(bar->maximum() >= 2000 * 16 - 400, qPrintable(QString::number(bar->maximum())));
    // Lane titles are sorted; the first node's marker is in view and hit, the last one's is not.
    QCOMPARE(timeline.eventAt(timeline.markerCenter(0)), 0);
    QCOMPARE(timeline.eventAt(timeline.markerCenter(1999)), -1);
    QVERIFY(timeline.markerCenter(1999).y() > timeline.height());
    QVERIFY(timeline.grab().save(testOutputDir() + QStringLiteral("/history-timeline-2000-lanes-top.png")));

    // Selecting an event (a table row does this) scrolls its lane into view.
    timeline.setSelectedEventId(events.at(1500).id);
    QVERIFY(bar->value() > 0);
    const QPoint selected = timeline.markerCenter(1500);
    QVERIFY(selected.y() > 0 && selected.y() < timeline.height());
    QCOMPARE(timeline.eventAt(selected), 1500);
    QCOMPARE(timeline.eventAt(timeline.markerCenter(0)), -1);
    QVERIFY(timeline.toolTipTextAt(selected).contains(QStringLiteral("127.0.0.1:31500")));
    QVERIFY(timeline.grab().save(testOutputDir() + QStringLiteral("/history-timeline-2000-lanes-selected.png")));

    // The wheel over the lane titles scrolls the lanes and leaves the time span alone...
    const qint64 span = timeline.rangeTo() - timeline.rangeFrom();
    const int before = bar->value();
    wheel(&timeline, QPoint(40, 200), -2);
    QVERIFY(bar->value() > before);
    QCOMPARE(timeline.rangeTo() - timeline.rangeFrom(), span);
    // ...over the plot it zooms the time axis and does not scroll.
    const int scrolled = bar->value();
    wheel(&timeline, QPoint(500, 200), 1);
    QVERIFY(timeline.rangeTo() - timeline.rangeFrom() < span);
    QCOMPARE(bar->value(), scrolled);
    // The end of the list is reachable.
    bar->setValue(bar->maximum());
    const QPoint last = timeline.markerCenter(1999);
    QVERIFY(last.y() < timeline.height());
    QCOMPARE(timeline.eventAt(last), 1999);
}

QTEST_MAIN(TestHistoryTimeline)
#include "tst_historytimeline.moc"
