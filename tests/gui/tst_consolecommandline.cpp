// The deployment options both programs share (app/common/DeploymentArguments), on a real
// Sentinel lab (1 master, 2 replicas, 3 sentinels):
// - in process, `--sentinel H:P` (twice) `--master NAME` go through GuiOptions and ConsoleSessions
//   as app/gui/main.cpp does; the window shows the Sentinel deployment (kind, master name, every
//   sentinel and data node), and Help > About lists the libraries and the versions its servers report;
// - the built redis-ops-console with the same options and --screenshot exits 0 with the picture
//   and its history in --data-dir;
// - `redis-ops topology --profile NAME` reads the deployment a connection dialog saved.
// Screenshots go to testOutputDir().
#include "AboutDialog.h"
#include "CliProcess.h"
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "DeploymentWorkspace.h"
#include "GuiOptions.h"
#include "LabFixture.h"
#include "MainWindow.h"
#include "TestPaths.h"
#include "lab/LocalLab.h"

#include <QAction>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QTest>

#include <memory>

using namespace ops;

class TestConsoleCommandLine : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void sentinelDeploymentFromTheCommandLine();
    void binaryOpensTheSentinelDeployment();
    void cliOpensTheSavedDeployment();

private:
    QStringList deploymentArguments() const;

    QTemporaryDir m_data;
    std::unique_ptr<LocalLab> m_lab;
};

void TestConsoleCommandLine::initTestCase()
{
    QVERIFY(m_data.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_data.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_data.path());
    m_lab = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_lab);
}

void TestConsoleCommandLine::cleanupTestCase()
{
    m_lab.reset();
}

QStringList TestConsoleCommandLine::deploymentArguments() const
{
    QStringList args;
    const auto sentinels = m_lab->topology().nodesWithRole(LabNode::Role::Sentinel);
    for (int i = 0; i < 2; ++i) // two of the three: the third is discovered
        args << QStringLiteral("--sentinel") << sentinels.at(i).endpoint.toString();
    return args << QStringLiteral("--master") << m_lab->topology().spec.masterName;
}

void TestConsoleCommandLine::sentinelDeploymentFromTheCommandLine()
{
    GuiOptions options;
    QString error;
    QVERIFY2(GuiOptions::parse(QStringList{QStringLiteral("redis-ops-console")} + deploymentArguments(), options, error),
             qPrintable(error));
    QVERIFY(options.haveDeployment && options.deployment.isSentinel());

    ConsoleRuntime runtime;
    runtime.openHistory(m_data.filePath(QStringLiteral("inprocess.sqlite")));
    MainWindow window;
    ConsoleSessions sessions(runtime, window, options.readOnly);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    sessions.openFromCommandLine(options);

    QCOMPARE(window.monitorIds().size(), 1);
    const int id = window.monitorIds().first();
    const QString masterName = m_lab->topology().spec.masterName;
    QCOMPARE(window.deploymentTitle(id), masterName);
    DeploymentWorkspace *w = window.deployment(id);
    QVERIFY(w);
    auto complete = [w] {
        const SnapshotPtr s = w->snapshot();
        if (!s || s->nodes.size() != 3 || s->sentinels.size() != 3)
            return false;
        for (const QList<Node> *list : {&s->nodes, &s->sentinels})
            for (const Node &n : *list)
                if (n.lastSeenMs == 0)
                    return false;
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(complete(), 30000);
    const SnapshotPtr s = w->snapshot();
    QCOMPARE(s->kind, TopologySnapshot::Kind::Sentinel);
    QCOMPARE(s->masterName, masterName);
    QStringList masters;
    for (const Node &n : s->nodes)
        if (n.isMaster())
            masters << n.endpoint.toString();
    QCOMPARE(masters, QStringList{labtest::sentinelMaster(*m_lab).toString()});
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/consolecommandline-sentinel.png")));

    // Help ▸ About (Ctrl+F1) on what is open: the libraries, and the versions this deployment's
    // servers report (the lab's own redis-server, asked directly here).
    const QByteArray info = labtest::infoField(labtest::execute(*m_lab->control(labtest::sentinelMaster(*m_lab)),
                                                                RespCommand{"INFO", "server"}),
                                               "redis_version");
    QVERIFY(!info.isEmpty());
    const QString version = QString::fromLatin1(info);
    auto versionsRead = [w] { // sentinels answer INFO every tenth cycle
        for (const QList<Node> *list : {&w->snapshot()->nodes, &w->snapshot()->sentinels})
            for (const Node &n : *list)
                if (n.version.isEmpty())
                    return false;
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(versionsRead(), 30000);
    auto *aboutAction = window.findChild<QAction *>(QStringLiteral("actionAbout"));
    QVERIFY(aboutAction);
    QCOMPARE(aboutAction->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_F1));
    aboutAction->trigger();
    auto *about = window.findChild<AboutDialog *>(QStringLiteral("aboutDialog"));
    QVERIFY(about);
    QTRY_VERIFY(about->isVisible());
    QStringList libraries;
    for (int i = 0; i < about->libraries()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = about->libraries()->topLevelItem(i);
        QVERIFY2(!item->text(1).isEmpty() && item->text(1).front().isDigit(), qPrintable(item->text(0) + QLatin1Char(' ') + item->text(1)));
        libraries << item->text(0);
    }
    QCOMPARE(libraries, (QStringList{QStringLiteral("Qt"), QStringLiteral("hiredis"), QStringLiteral("spdlog"),
                                     QStringLiteral("yaml-cpp"), QStringLiteral("QCustomPlot"), QStringLiteral("QtKeychain")}));
    QCOMPARE(about->libraries()->topLevelItem(0)->text(1), QString::fromLatin1(qVersion()));
    QCOMPARE(about->servers()->topLevelItemCount(), 1);
    const QTreeWidgetItem *deployment = about->servers()->topLevelItem(0);
    QCOMPARE(deployment->text(0), window.deploymentTitle(id)); // the deployment id once known
    QVERIFY2(deployment->text(0).contains(masterName), qPrintable(deployment->text(0)));
    QCOMPARE(deployment->text(1), QStringLiteral("sentinel"));
    QStringList rows;
    for (int i = 0; i < deployment->childCount(); ++i)
        rows << deployment->child(i)->text(0) + QStringLiteral(": ") + deployment->child(i)->text(1);
    QCOMPARE(rows, (QStringList{QStringLiteral("Redis %1: 1 master, 2 replicas").arg(version),
                                QStringLiteral("Sentinel %1: 3 sentinels").arg(version)}));
    QVERIFY(about->grab().save(testOutputDir() + QStringLiteral("/consolecommandline-about.png")));
}

void TestConsoleCommandLine::binaryOpensTheSentinelDeployment()
{
    const QString dataDir = m_data.filePath(QStringLiteral("binary"));
    const QString shot = testOutputDir() + QStringLiteral("/consolecommandline-binary.png");
    QFile::remove(shot);
    QProcess console;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("HOME"), m_data.path()); // settings and layout of its own
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_data.filePath(QStringLiteral("config")));
    console.setProcessEnvironment(env);
    console.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    console.start(QStringLiteral(CONSOLE_BINARY),
                  deploymentArguments() + QStringList{QStringLiteral("--read-only"), QStringLiteral("--data-dir"), dataDir,
                                                      QStringLiteral("--screenshot"), shot, QStringLiteral("--screenshot-delay"),
                                                      QStringLiteral("0.5")});
    QVERIFY(console.waitForStarted());
    QVERIFY2(console.waitForFinished(60000), "the console did not exit after its screenshot");
    QCOMPARE(console.exitStatus(), QProcess::NormalExit);
    QCOMPARE(console.exitCode(), 0);
    const QImage image(shot);
    QVERIFY2(!image.isNull() && image.width() > 400, qPrintable(shot));

    // It kept its history where --data-dir said.
    QVERIFY(QFile::exists(dataDir + QStringLiteral("/history.sqlite")));
}

// `redis-ops --profile NAME`: the deployment the connection dialog saved (its QSettings file:
// organisation redis-ops, application redis-ops-console, in the CLI's XDG_CONFIG_HOME).
void TestConsoleCommandLine::cliOpensTheSavedDeployment()
{
    const QString home = m_data.filePath(QStringLiteral("clihome"));
    ConnectionProfile saved;
    saved.name = QStringLiteral("lab sentinels");
    for (const LabNode &n : m_lab->topology().nodesWithRole(LabNode::Role::Sentinel))
        saved.sentinels << n.endpoint;
    saved.masterName = m_lab->topology().spec.masterName.toUtf8();
    saved.readOnly = true;
    {
        QSettings settings(home + QStringLiteral("/xdg_config_home/redis-ops/redis-ops-console.conf"), QSettings::NativeFormat);
        saved.save(settings);
    }
    CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), home,
                   {QStringLiteral("topology"), QStringLiteral("--profile"), saved.name, QStringLiteral("--json")});
    QVERIFY(cli.finished(30000));
    QVERIFY2(cli.process().exitCode() == 0, cli.err().constData());
    const QJsonObject t = QJsonDocument::fromJson(cli.out()).object();
    QCOMPARE(t.value(QStringLiteral("kind")).toString(), QStringLiteral("sentinel"));
    QCOMPARE(t.value(QStringLiteral("sentinel")).toObject().value(QStringLiteral("masterName")).toString(),
             m_lab->topology().spec.masterName);
    QCOMPARE(t.value(QStringLiteral("sentinels")).toArray().size(), 3);

    CliProcess unknown(QStringLiteral(REDIS_OPS_BINARY), home,
                       {QStringLiteral("topology"), QStringLiteral("--profile"), QStringLiteral("nope")});
    QVERIFY(unknown.finished(30000));
    QCOMPARE(unknown.process().exitCode(), 2);
    QVERIFY2(unknown.err().contains("no saved deployment named 'nope' (saved: lab sentinels)"), unknown.err().constData());
}

QTEST_MAIN(TestConsoleCommandLine)
#include "tst_consolecommandline.moc"
