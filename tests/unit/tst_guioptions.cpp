// GuiOptions: the console's command line, data-driven — every option, every usage error.
#include "DeploymentArguments.h"
#include "GuiOptions.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>

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
    void deploymentDetails();
    void printAndExit_data();
    void printAndExit();
    void helpAndManualListTheSameOptions();
    void savedDeploymentByProfile();
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
    QTest::addColumn<QString>("endpoint"); // the seed, or the sentinels and "/master"

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
    QTest::newRow("sentinels and master") << a({"--sentinel", "10.0.0.1:26379", "--sentinel", "10.0.0.2", "--master", "orders"})
                                          << none << s("topology") << false << false << -1 << false << none << 2500
                                          << s("10.0.0.1:26379,10.0.0.2:26379/orders");
    QTest::newRow("sentinel with user and tls") << a({"--sentinel", "s1:5000", "--master", "m", "--user", "ops", "--tls", "--cacert", "ca.pem"})
                                                << none << s("topology") << false << false << -1 << false << none << 2500 << s("s1:5000/m");

    QTest::newRow("unknown view") << a({"--view", "graph"}) << s("--view takes") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("unknown lab") << a({"--lab", "mesh"}) << s("--lab takes") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("negative delay") << a({"--screenshot-delay", "-1"}) << s("--screenshot-delay") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("delay not a number") << a({"--screenshot-delay", "soon"}) << s("--screenshot-delay") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("unknown option") << a({"--frobnicate"}) << s("frobnicate") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("missing value") << a({"--lab"}) << s("lab") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("sentinel without master") << a({"--sentinel", "10.0.0.1:26379"}) << s("--sentinel needs --master") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("master without sentinel") << a({"--master", "orders"}) << s("needs --sentinel") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("bad sentinel address") << a({"--sentinel", "10.0.0.1:99999", "--master", "m"}) << s("invalid --sentinel address") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("tls file without tls") << a({"--sentinel", "s1:5000", "--master", "m", "--cacert", "ca.pem"}) << s("need --tls") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("lab and deployment") << a({"--lab", "cluster", "-p", "7000"}) << s("--lab starts its own") << none << false << false << -1 << false << none << 0 << none;
    QTest::newRow("password is no option") << a({"--password", "secret"}) << s("password") << none << false << false << -1 << false << none << 0 << none;
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
    QCOMPARE(options.haveDeployment, !endpoint.isEmpty());
    QVERIFY(options.printAndExit.isEmpty());
    if (endpoint.isEmpty())
        return;
    const ConnectionProfile &d = options.deployment;
    QStringList sentinels;
    for (const Endpoint &e : d.sentinels)
        sentinels << e.toString();
    QCOMPARE(d.isSentinel() ? sentinels.join(QLatin1Char(',')) + QLatin1Char('/') + QString::fromUtf8(d.masterName)
                            : d.options.endpoint.toString(),
             endpoint);
}

// What the deployment options carry besides the address: user, TLS files, read-only. No password.
void TestGuiOptions::deploymentDetails()
{
    GuiOptions options;
    QString error;
    QVERIFY2(GuiOptions::parse(a({"redis-ops-console", "--sentinel", "s1:5000", "--master", "m", "--user", "ops", "--tls",
                                   "--cacert", "ca.pem", "--cert", "c.pem", "--key", "k.pem", "--read-only"}),
                               options, error),
             qPrintable(error));
    QCOMPARE(options.deployment.options.user, s("ops"));
    QVERIFY(options.deployment.options.tls.enabled);
    QCOMPARE(options.deployment.options.tls.caFile, s("ca.pem"));
    QCOMPARE(options.deployment.options.tls.certFile, s("c.pem"));
    QCOMPARE(options.deployment.options.tls.keyFile, s("k.pem"));
    QVERIFY(options.deployment.readOnly);
    QVERIFY(options.readOnly);
    QVERIFY(options.deployment.options.password.isEmpty());
}

void TestGuiOptions::printAndExit_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("starts");
    QTest::newRow("help") << a({"--help"}) << s("Usage: ");
    QTest::newRow("version") << a({"--version"}) << s("redis-ops-console ");
    QTest::newRow("man page") << a({"--help-man"}) << s(".TH REDIS-OPS-CONSOLE 1");
}

void TestGuiOptions::printAndExit()
{
    QFETCH(QStringList, args);
    QFETCH(QString, starts);
    args.prepend(QStringLiteral("redis-ops-console"));
    GuiOptions options;
    QString error;
    QVERIFY2(GuiOptions::parse(args, options, error), qPrintable(error));
    QVERIFY2(options.printAndExit.startsWith(starts), qPrintable(options.printAndExit));
}

// --help is generated from the same objects as the man page: every option of one is in the other,
// and the deployment options of redis-ops (DeploymentArguments) are all there.
void TestGuiOptions::helpAndManualListTheSameOptions()
{
    GuiOptions options;
    QString error;
    QVERIFY(GuiOptions::parse(a({"redis-ops-console", "--help"}), options, error));
    static const QRegularExpression name(QStringLiteral("(?:^|[ ,])(--?[a-z][a-z-]*)"));
    QStringList inHelp;
    for (const QString &line : options.printAndExit.split(QLatin1Char('\n')))
        if (line.startsWith(QStringLiteral("  -")))
            for (auto it = name.globalMatch(line.section(QStringLiteral("  "), 1, 1)); it.hasNext();)
                inHelp << it.next().captured(1);
    QStringList inManual = GuiOptions::manual().optionNames();
    inHelp.sort();
    inManual.sort();
    QCOMPARE(inHelp, inManual);
    for (const QCommandLineOption &o : DeploymentArguments().options())
        QVERIFY2(inManual.contains(QStringLiteral("--") + o.names().last()), qPrintable(o.names().last()));
    QVERIFY(!inHelp.contains(QStringLiteral("--help-man")));
}

// --profile NAME: the deployment the connection dialog saved (QSettings), with the password from
// REDISCLI_AUTH (never saved); not mixed with a second address; an unknown name lists the saved ones.
void TestGuiOptions::savedDeploymentByProfile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("redis-ops-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_guioptions"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
    ConnectionProfile saved;
    saved.name = QStringLiteral("orders eu");
    saved.sentinels = {Endpoint{QStringLiteral("10.0.0.1"), 26379}, Endpoint{QStringLiteral("10.0.0.2"), 26380}};
    saved.masterName = "orders";
    saved.options.user = QStringLiteral("ops");
    saved.options.tls.enabled = true;
    saved.options.tls.caFile = QStringLiteral("/etc/redis/ca.pem");
    saved.readOnly = true;
    {
        QSettings settings;
        saved.save(settings);
    }
    qputenv("REDISCLI_AUTH", "s3cret");
    GuiOptions options;
    QString error;
    const bool ok = GuiOptions::parse(a({"redis-ops-console", "--profile", "orders eu"}), options, error);
    qunsetenv("REDISCLI_AUTH");
    QVERIFY2(ok, qPrintable(error));
    QVERIFY(options.haveDeployment);
    const ConnectionProfile &d = options.deployment;
    QCOMPARE(d.name, saved.name);
    QCOMPARE(d.sentinels.size(), 2);
    QCOMPARE(d.sentinels.last().toString(), QStringLiteral("10.0.0.2:26380"));
    QCOMPARE(d.masterName, saved.masterName);
    QCOMPARE(d.options.user, QStringLiteral("ops"));
    QVERIFY(d.options.tls.enabled);
    QCOMPARE(d.options.tls.caFile, saved.options.tls.caFile);
    QVERIFY(d.readOnly);
    QCOMPARE(d.options.password, QByteArray("s3cret"));

    QVERIFY(!GuiOptions::parse(a({"redis-ops-console", "--profile", "orders eu", "-p", "7000"}), options, error));
    QVERIFY2(error.contains(QStringLiteral("leave out --port")), qPrintable(error));
    QVERIFY(!GuiOptions::parse(a({"redis-ops-console", "--profile", "billing"}), options, error));
    QVERIFY2(error.contains(QStringLiteral("no saved deployment named 'billing' (saved: orders eu)")), qPrintable(error));
}

QTEST_APPLESS_MAIN(TestGuiOptions)
#include "tst_guioptions.moc"
