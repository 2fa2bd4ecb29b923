// No secret in anything the console writes. A full console session (ConsoleRuntime + MainWindow +
// ConsoleSessions, logging to a file as app/gui/main.cpp does) on a cluster lab whose nodes
// require a password: the operator types the password in the connection dialog and saves the
// deployment as a profile, watches it through a replica promotion, runs a runbook whose steps read
// requirepass and masterauth back (CONFIG GET: the output it shows must have them redacted; the
// run is journaled),
// exports the History page (CSV and JSON) and an incident report (Markdown, HTML, plots). Then every file under the test's
// home — settings, history database, logs, exports, report — is searched for the password as
// plain text, base64 and hex: zero hits. Each kind of file must exist and hold data, or the
// search proves nothing.
#include "AppPaths.h"
#include "ConnectionDialog.h"
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "ConsoleWiring.h"
#include "DeploymentWorkspace.h"
#include "LabFixture.h"
#include "MainWindow.h"
#include "core/Logging.h"
#include "history/HistoryPage.h"
#include "runbooks/RunbookPanel.h"
#include "viewmodels/RunbookStepsModel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDirIterator>
#include <QInputDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace ops;

namespace {
constexpr char kPassword[] = "Pw-3f9c1e7a-never-on-disk";
// A runbook that reads the secret parameters back: its output is journaled and reported.
const char *kRunbook =
    "id: read-secrets\n"
    "title: Read the auth settings\n"
    "applies_to: both\n"
    "steps:\n"
    "  - id: requirepass\n"
    "    title: CONFIG GET requirepass\n"
    "    command: [CONFIG, GET, requirepass]\n"
    "  - id: all\n"
    "    title: CONFIG GET *\n"
    "    command: [CONFIG, GET, \"*\"]\n";
} // namespace

class TestConsoleSecrets : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void fullSessionWritesNoSecret();

private:
    void connectThroughTheDialog(MainWindow &window, const Endpoint &node);
    QTemporaryDir m_home;
};

void TestConsoleSecrets::initTestCase()
{
    QVERIFY(m_home.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_home.filePath(QStringLiteral("config")));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_home.filePath(QStringLiteral("config")));
    Logging::Config log;
    log.filePath = m_home.filePath(QStringLiteral("data/logs/redis-ops-console.log"));
    Logging::initialize(log);
    AppPaths::setDataDirOverride(m_home.filePath(QStringLiteral("data")));
    QVERIFY(QDir(m_home.path()).mkpath(QStringLiteral("data/runbooks")));
    QFile f(m_home.filePath(QStringLiteral("data/runbooks/read-secrets.yaml")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kRunbook);
}

void TestConsoleSecrets::connectThroughTheDialog(MainWindow &window, const Endpoint &node)
{
    // The dialog and the profile-name prompt are modal: each is answered from the event loop it runs.
    QTimer::singleShot(0, &window, [node] {
        auto *dialog = qobject_cast<ConnectionDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        auto *host = dialog->findChild<QLineEdit *>(QStringLiteral("host"));
        host->clear();
        QTest::keyClicks(host, node.host);
        dialog->findChild<QSpinBox *>(QStringLiteral("port"))->setValue(node.port);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("password")), QString::fromLatin1(kPassword));
        QTimer::singleShot(0, dialog, [] {
            auto *name = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
            QVERIFY(name);
            name->setTextValue(QStringLiteral("secret-lab"));
            name->accept();
        });
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("saveProfile")), Qt::LeftButton);
        dialog->accept(); // Connect
    });
    window.findChild<QAction *>(QStringLiteral("actionConnect"))->trigger();
}

void TestConsoleSecrets::fullSessionWritesNoSecret()
{
    std::unique_ptr<LocalLab> lab = labtest::startedLab(LabSpec::Kind::Cluster, 1);
    QVERIFY(lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*lab, why), qPrintable(why));
    // Every node requires the password (replicas authenticate to their masters with it).
    for (const LabNode &n : lab->topology().nodes) {
        RedisConnection *c = lab->control(n.endpoint);
        QVERIFY(labtest::execute(*c, RespCommand{"CONFIG", "SET", "masterauth", kPassword}).ok());
        QVERIFY(labtest::execute(*c, RespCommand{"CONFIG", "SET", "requirepass", kPassword}).ok());
    }
    const Endpoint replica = lab->topology().nodesWithRole(LabNode::Role::Replica).first().endpoint;
    const QString report = m_home.filePath(QStringLiteral("exports/report"));
    {
        ConsoleRuntime runtime;
        runtime.openHistory(m_home.filePath(QStringLiteral("data/history.sqlite")));
        MainWindow window;
        ConsoleSessions sessions(runtime, window, false);
        window.setRunbookLibrary(ConsoleWiring::runbookLibrary());
        window.resize(1400, 900);
        window.show();
        QSignalSpy shown(&window, &MainWindow::firstSnapshotShown);
        connectThroughTheDialog(window, lab->topology().nodesWithRole(LabNode::Role::Master).first().endpoint);
        QVERIFY(shown.wait(60000));
        DeploymentWorkspace *w = window.currentDeployment();
        QVERIFY(w);
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot() && w->snapshot()->nodes.size() == 6, 30000);
        for (const Node &n : w->snapshot()->nodes)
            QVERIFY2(n.lastError.isEmpty(), qPrintable(n.lastError)); // authenticated everywhere

        // Something happens: a replica is promoted; the console records it.
        QVERIFY(labtest::execute(*lab->control(replica), RespCommand{"CLUSTER", "FAILOVER"}).ok());
        HistoryPage *history = w->historyPage();
        QVERIFY(QDir().mkpath(m_home.filePath(QStringLiteral("exports"))));
        QTRY_VERIFY_WITH_TIMEOUT([&] {
            history->refresh();
            QString error;
            return history->exportCsv(m_home.filePath(QStringLiteral("exports/history.csv")), &error)
                && QFile(m_home.filePath(QStringLiteral("exports/history.csv"))).size() > 200;
        }(), 30000);
        QVERIFY(history->exportJson(m_home.filePath(QStringLiteral("exports/history.json"))));
        // A runbook run that reads requirepass and masterauth back (CONFIG GET): its steps are
        // journaled with their output, which shows the values redacted.
        window.findChild<QAction *>(QStringLiteral("actionShowRunbooks"))->trigger();
        RunbookPanel *panel = w->runbookPage();
        auto *choice = panel->findChild<QComboBox *>(QStringLiteral("runbookChoice"));
        auto *start = panel->findChild<QPushButton *>(QStringLiteral("runbookStart"));
        QVERIFY(choice && start);
        const int index = choice->findData(m_home.filePath(QStringLiteral("data/runbooks/read-secrets.yaml")));
        QVERIFY2(index >= 0, "the data folder's runbook is offered");
        choice->setCurrentIndex(index);
        QTest::mouseClick(start, Qt::LeftButton);
        const RunbookStepsModel *model = panel->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->state().ended(), 60000);
        QCOMPARE(model->state().steps.size(), 2);
        for (const auto &step : model->state().steps) {
            QVERIFY2(step.output.contains(QLatin1String("(redacted)")) && !step.output.contains(QLatin1String(kPassword)),
                     qPrintable(step.output));
        }
        QVERIFY(model->state().steps.at(1).output.contains(QLatin1String("masterauth")));
        // The incident report of the deployment, from the History page (Ctrl+Shift+I).
        window.setReportFolderChooser([report] { return report; });
        window.findChild<QAction *>(QStringLiteral("actionShowHistory"))->trigger();
        window.findChild<QAction *>(QStringLiteral("actionHistoryIncidentReport"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().startsWith(QLatin1String("Incident report written")), 30000);
    } // the console closes: history flushed, settings and logs written

    int files = 0;
    qint64 bytes = 0;
    QStringList kinds;
    QDirIterator it(m_home.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        const QByteArray content = f.readAll();
        const QString name = QDir(m_home.path()).relativeFilePath(f.fileName());
        qInfo("searched %s (%lld bytes)", qPrintable(name), qint64(content.size()));
        ++files;
        bytes += content.size();
        kinds << name;
        QVERIFY2(!content.contains(kPassword), qPrintable(name));
        QVERIFY2(!content.contains(QByteArray(kPassword).toBase64()), qPrintable(name));
        QVERIFY2(!content.contains(QByteArray(kPassword).toHex()), qPrintable(name));
    }
    qInfo("%d files, %lld bytes searched", files, bytes);
    // Every kind of file was written, with data: settings with the saved profile, the history, the
    // log, both exports and the report.
    const auto holds = [&](const QString &path, const QByteArray &text) {
        QFile f(m_home.filePath(path));
        return f.open(QIODevice::ReadOnly) && f.readAll().contains(text);
    };
    QVERIFY(kinds.filter(QStringLiteral("config/")).size() >= 1);
    bool profileSaved = false;
    for (const QString &k : kinds.filter(QStringLiteral("config/")))
        profileSaved = profileSaved || holds(k, "secret-lab");
    QVERIFY2(profileSaved, qPrintable(kinds.join(QLatin1Char(' '))));
    QVERIFY(QFile(m_home.filePath(QStringLiteral("data/history.sqlite"))).size() > 10000);
    // The runbook run's journal is in there (the operation and its steps; a step's output is
    // shown and printed, not journaled), so it was searched.
    QVERIFY(holds(QStringLiteral("data/history.sqlite"), "read-secrets"));
    QVERIFY(holds(QStringLiteral("data/history.sqlite"), "CONFIG GET requirepass"));
    QVERIFY(holds(QStringLiteral("data/logs/redis-ops-console.log"), "cluster"));
    QVERIFY(holds(QStringLiteral("exports/history.csv"), "promoted") || holds(QStringLiteral("exports/history.csv"), "failover"));
    QVERIFY(QFile::exists(m_home.filePath(QStringLiteral("exports/history.json"))));
    QVERIFY(holds(QStringLiteral("exports/report/incident-report.md"), "#"));
    QVERIFY(QFile::exists(m_home.filePath(QStringLiteral("exports/report/incident-report.html"))));
}

QTEST_MAIN(TestConsoleSecrets)
#include "tst_consolesecrets.moc"
