// RoundTripWindow: empty, max and nearest-rank p99, the ring dropping its oldest sample, negative
// samples ignored.
#include "monitor/RoundTripWindow.h"

#include <QTest>

using namespace ops;

class TestRoundTripWindow : public QObject
{
    Q_OBJECT
private slots:
    void empty();
    void maxAndP99();
    void ringDropsTheOldest();
};

void TestRoundTripWindow::empty()
{
    RoundTripWindow w;
    QVERIFY(w.isEmpty());
    QCOMPARE(w.maxUs(), -1);
    QCOMPARE(w.p99Us(), -1);
    w.add(-5);
    QVERIFY(w.isEmpty());
}

void TestRoundTripWindow::maxAndP99()
{
    RoundTripWindow w;
    w.add(300);
    QCOMPARE(w.maxUs(), 300);
    QCOMPARE(w.p99Us(), 300);
    for (int i = 1; i < RoundTripWindow::kCapacity; ++i)
        w.add(100 + i);
    QCOMPARE(w.size(), RoundTripWindow::kCapacity);
    QCOMPARE(w.maxUs(), 300);
    // 64 samples: nearest rank ceil(0.99 * 64) = 64, the largest.
    QCOMPARE(w.p99Us(), 300);
}

void TestRoundTripWindow::ringDropsTheOldest()
{
    RoundTripWindow w;
    w.add(9000); // a slow first poll...
    for (int i = 0; i < RoundTripWindow::kCapacity; ++i)
        w.add(200);
    // ...has left the window after kCapacity more.
    QCOMPARE(w.size(), RoundTripWindow::kCapacity);
    QCOMPARE(w.maxUs(), 200);
    QCOMPARE(w.p99Us(), 200);
}

QTEST_APPLESS_MAIN(TestRoundTripWindow)
#include "tst_roundtripwindow.moc"
