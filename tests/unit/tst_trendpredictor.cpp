// TrendPredictor: steady growth told from noise, steps, sawtooths and sparse series, and the
// predicted crossing of synthetic linear series within a stated error (2% of the time left without
// noise, 5% with noise of ±10% of the window's rise), on fixed time stamps: no clock involved.
#include "health/TrendPredictor.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace ops;

namespace {
constexpr qint64 kStartMs = 1'700'000'000'000;
constexpr qint64 kNowMs = kStartMs + 10 * 60 * 1000; // ten minutes of samples, one per second

enum class Shape { Linear, Sawtooth, Step, Spike, Sparse };

QList<TrendPredictor::Point> series(Shape shape, double base, double perMinute, double noise)
{
    QRandomGenerator random(42); // the same noise on every run
    QList<TrendPredictor::Point> points;
    for (qint64 ms = kStartMs; ms <= kNowMs; ms += 1000) {
        const double minutes = double(ms - kStartMs) / 60000.0;
        double v = base + perMinute * minutes;
        if (shape == Shape::Sawtooth)
            v = base + perMinute * double((ms - kStartMs) % 120000) / 60000.0; // freed every 2 minutes
        else if (shape == Shape::Step)
            v = ms < kStartMs + 5 * 60 * 1000 ? base : base + perMinute;
        else if (shape == Shape::Spike && ms == kNowMs - 10000)
            v = base * 100;
        else if (shape == Shape::Sparse && (ms - kStartMs) % 120000 != 0)
            continue; // five points in ten minutes
        v += noise * (random.generateDouble() * 2 - 1);
        points << TrendPredictor::Point{ms, v};
    }
    return points;
}
} // namespace

class TestTrendPredictor : public QObject
{
    Q_OBJECT
private slots:
    void predict_data();
    void predict();
    void pointsOutsideTheWindowAreIgnored();
};

void TestTrendPredictor::predict_data()
{
    QTest::addColumn<int>("shape");
    QTest::addColumn<double>("base");
    QTest::addColumn<double>("perMinute");
    QTest::addColumn<double>("noise");
    QTest::addColumn<double>("threshold");
    QTest::addColumn<bool>("steady");
    QTest::addColumn<bool>("alert");
    QTest::addColumn<double>("tolerance"); // of the time left to the true crossing

    const int linear = int(Shape::Linear);
    // True crossing: base + perMinute * m = threshold, m minutes after the start (now is m = 10).
    QTest::newRow("linear, crosses in 10 min") << linear << 0.0 << 100.0 << 0.0 << 2000.0 << true << true << 0.02;
    QTest::newRow("linear, crosses in 25 min") << linear << 1000.0 << 40.0 << 0.0 << 2400.0 << true << true << 0.02;
    QTest::newRow("linear, noise of 10% of the rise") << linear << 0.0 << 100.0 << 100.0 << 2000.0 << true << true << 0.05;
    QTest::newRow("linear, crosses in 2 h: beyond the horizon") << linear << 0.0 << 10.0 << 0.0 << 1300.0 << true << false << 0.02;
    QTest::newRow("flat with noise") << linear << 500.0 << 0.0 << 50.0 << 1000.0 << false << false << 0.0;
    QTest::newRow("falling") << linear << 900.0 << -50.0 << 0.0 << 1000.0 << false << false << 0.0;
    QTest::newRow("rise too small for the threshold") << linear << 1000.0 << 0.1 << 0.0 << 2000.0 << false << false << 0.0;
    QTest::newRow("already above the threshold") << linear << 3000.0 << 10.0 << 0.0 << 2000.0 << false << false << 0.0;
    QTest::newRow("sawtooth: freed every 2 minutes") << int(Shape::Sawtooth) << 0.0 << 500.0 << 0.0 << 2000.0 << false << false << 0.0;
    QTest::newRow("one step up") << int(Shape::Step) << 100.0 << 800.0 << 0.0 << 2000.0 << false << false << 0.0;
    QTest::newRow("one spike on a flat line") << int(Shape::Spike) << 100.0 << 0.0 << 0.0 << 200000.0 << false << false << 0.0;
    QTest::newRow("five points in ten minutes") << int(Shape::Sparse) << 0.0 << 100.0 << 0.0 << 2000.0 << false << false << 0.0;
}

void TestTrendPredictor::predict()
{
    QFETCH(int, shape);
    QFETCH(double, base);
    QFETCH(double, perMinute);
    QFETCH(double, noise);
    QFETCH(double, threshold);
    QFETCH(bool, steady);
    QFETCH(bool, alert);
    QFETCH(double, tolerance);

    const TrendPredictor predictor;
    const TrendPredictor::Prediction p = predictor.predict(series(Shape(shape), base, perMinute, noise), kNowMs, threshold);
    QVERIFY2(p.steady == steady, qPrintable(p.why));
    QVERIFY2(p.alert == alert, qPrintable(p.why));
    QVERIFY(!p.why.isEmpty());
    if (!steady) {
        QCOMPARE(p.crossingMs, qint64(-1));
        return;
    }
    const double trueCrossingMs = double(kStartMs) + (threshold - base) / perMinute * 60000.0;
    const double left = trueCrossingMs - double(kNowMs);
    QVERIFY(left > 0);
    const double error = std::abs(double(p.crossingMs) - trueCrossingMs);
    qInfo("%s: predicted %.1f min, true %.1f min (error %.2f%% of the time left)", QTest::currentDataTag(),
          double(p.crossingMs - kNowMs) / 60000.0, left / 60000.0, 100.0 * error / left);
    QVERIFY2(error <= tolerance * left, qPrintable(QStringLiteral("error %1 ms of %2").arg(error).arg(left)));
    QVERIFY(std::abs(p.slopePerMinute - perMinute) <= 0.05 * perMinute);
}

void TestTrendPredictor::pointsOutsideTheWindowAreIgnored()
{
    // A steady rise, then an hour-old burst of huge values: only the last ten minutes count.
    QList<TrendPredictor::Point> points = series(Shape::Linear, 0.0, 100.0, 0.0);
    for (int i = 0; i < 50; ++i)
        points.prepend({kStartMs - 3600 * 1000 + i * 1000, 1e9});
    points << TrendPredictor::Point{kNowMs + 60000, 1e9}; // from the future: ignored too
    const TrendPredictor::Prediction p = TrendPredictor().predict(points, kNowMs, 2000.0);
    QVERIFY2(p.alert, qPrintable(p.why));
    QVERIFY(std::abs(double(p.crossingMs - kNowMs) - 10 * 60000.0) <= 0.02 * 10 * 60000.0);
}

QTEST_APPLESS_MAIN(TestTrendPredictor)
#include "tst_trendpredictor.moc"
