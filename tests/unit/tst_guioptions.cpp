// GuiOptions: the console's command line, data-driven — every option, every usage error.
#include "GuiOptions.h"

#include <QtTest>

using namespace ops;

namespace {
QString s(const char *text) { return QString::fromLatin1(text); }
QStringList a(std::initializer_list<const char *> args)
{
    QStringList list;
    for (const char *arg : args)
        list << QString::fromLatin1(arg);
    return list;
}
} // namespace

class TestGuiOptions : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
};

void TestGuiOptions::parse_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("errorContains"); // empty: parses
    QTest::addColumn<QString>("view");
    QTest::addColumn<bool>("viewGiven");
    QTest::addColumn<bool>("startLab");
    QTest::addColumn<int>("labKind"); // LabSpec::Kind, -1 when no lab
    QTest::addColumn<bool>("labTls");
    QTest::addColumn<QString>("screenshot");
    QTest::addColumn<int>("delayMs");
    QTest::addColumn<QString>("endpoint");

    const QString none;
    const int cluster = int(LabSpec::Kind::Cluster), sentinel = int(LabSpec::Kind::Sentinel);
    QTest::newRow("nothing") << a({}) << none << s("topology") << false << false << -1 << false << none << 2500 << none;
    QTest::newRow("lab cluster") << a({"--lab", "cluster"}) << none << s("topology") << false << true << cluster << false << none << 2500 << none;
    QTest::newRow("lab sentinel tls") << a({"--lab", "sentinel", "--lab-tls"}) << none << s("topology") << false << true << sentinel << true << none << 2500 << none;
    QTest::newRow("view slots") << a({"--view", "slots"}) << none << s("slots") << true << false << -1 << false << none << 2500 << none;
    QTest::newRow("view topology explicit") << a({"--view", "topology"}) << none << s("topology") << true << false << -1 << false << none << 2500 << none;
    for (const char *page : {"overview", "metrics", "history", "events", "health"})
        QTest::newRow(qPrintable(QStringLiteral("view %1").arg(QLatin1String(page))))
            << a({"--view", page}) << none << QString::fromLatin1(page) << true << false << -1 << false << none << 2500 << none;
    QTest::newRow("screenshot") << a({"--lab", "cluster", "--screenshot", "/tmp/x.png"}) << none << s("topology") << false << true << cluster << false << s("/tmp/x.png") << 2500 << none;
    QTest::newRow("screenshot delay") << a({"--screenshot", "x.png", "--screenshot-delay", "20"}) << none << s("topology") << false << false << -1 << false << s("x.png") << 20000 << none;
    QTest::newRow("screenshot delay fraction") << a({"--screenshot-delay", "0.5"}) << none << s("topology") << false << false << -1 << false << none << 500 << none;
    QTest::newRow("host and port") << a({"-h", "10.0.0.5", "-p", "6380"}) << none << s("topology") << false << false << -1 << false << none << 2500 << s("10.0.0.5:6380");

    QTest::newRow("unknown view") << a({"--view", "graph"}) << s("--view takes") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("unknown lab") << a({"--lab", "mesh"}) << s("--lab takes") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("negative delay") << a({"--screenshot-delay", "-1"}) << s("--screenshot-delay") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("delay not a number") << a({"--screenshot-delay", "soon"}) << s("--screenshot-delay") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("unknown option") << a({"--frobnicate"}) << s("frobnicate") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("missing value") << a({"--lab"}) << s("lab") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("help") << a({"--help"}) << s("Usage") << none << false << false << -1 << false << none << 0 << none;
}

void TestGuiOptions::parse()
{
    QFETCH(QStringList, args);
    QFETCH(QString, errorContains);
    args.prepend(QStringLiteral("redis-ops-console"));
    GuiOptions options;
    QString error;
    const bool ok = GuiOptions::parse(args, options, error);
    if (!errorContains.isEmpty()) {
        QVERIFY2(!ok, "a usage error must not parse");
        QVERIFY2(error.contains(errorContains), qPrintable(error));
        return;
    }
    QVERIFY2(ok, qPrintable(error));
    QTEST(options.view, "view");
    QTEST(options.viewGiven, "viewGiven");
    QTEST(options.startLab, "startLab");
    QFETCH(int, labKind);
    if (labKind >= 0)
        QCOMPARE(int(options.lab.kind), labKind);
    QTEST(options.lab.tls, "labTls");
    QTEST(options.screenshot, "screenshot");
    QTEST(options.screenshotDelayMs, "delayMs");
    QFETCH(QString, endpoint);
    QCOMPARE(options.haveConnection, !endpoint.isEmpty());
    if (!endpoint.isEmpty())
        QCOMPARE(options.connection.endpoint.toString(), endpoint);
}

QTEST_APPLESS_MAIN(TestGuiOptions)
#include "tst_guioptions.moc"
