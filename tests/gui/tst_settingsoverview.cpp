// Settings and saved deployments as an operator meets them: the real console (ConsoleRuntime +
// ConsoleSessions, as app/gui/main.cpp builds it) on a standalone lab (a master and a replica),
// with two saved profiles — "lab primary" (opened through the profile path) and "lab replica"
// (not open). The Overview lists both: the open one with its tab's health badge, the other "not
// open". The master gets a maxmemory three times its use; File ▸ Settings… (Ctrl+,) lowers the
// memory threshold to 10 %: the open deployment's Health page fires memory.usage at once, its
// session records the alert (the runtime's alerting took the new number), the Overview's badge
// follows. Then the replica is opened from the Overview. Screenshots of the dialog and of the
// Overview go to testOutputDir().
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "DeploymentWorkspace.h"
#include "LabFixture.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "SavedDeploymentsPanel.h"
#include "SettingsDialog.h"
#include "TestPaths.h"
#include "events/EventLogPage.h"
#include "health/HealthPanel.h"
#include "lab/LocalLab.h"
#include "resp/RedisConnection.h"
#include "viewmodels/EventLogModel.h"
#include "viewmodels/SavedDeploymentsModel.h"

#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ops;

namespace {

const QString kRule = QStringLiteral("memory.usage");

QString outcome(DeploymentWorkspace *w, const QString &rule)
{
    QStringList words;
    for (const HealthFinding &f : w->healthReport().ofRule(rule))
        words << (f.fires() ? QStringLiteral("fire:") + HealthFinding::severityName(f.severity) : HealthFinding::statusName(f.status));
    return words.join(QLatin1Char(','));
}

int alertEvents(DeploymentWorkspace *w, const QString &rule)
{
    int count = 0;
    const EventLogModel *m = w->eventLogPage()->eventModel();
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->eventAt(r).kind == OpsEvent::Kind::HealthAlert && m->eventAt(r).details.value(QStringLiteral("rule")).toString() == rule)
            ++count;
    return count;
}

QString cell(SavedDeploymentsModel *m, const QString &name, int column)
{
    return m->index(m->rowOf(name), column).data().toString();
}

} // namespace

class TestSettingsOverview : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void thresholdsApplyLiveAndTheOverviewOpensSavedDeployments();

private:
    void shot(QWidget *w, const QString &name);
    RedisResult onMaster(const QList<QByteArray> &argv);

    QTemporaryDir m_data;
    std::unique_ptr<LocalLab> m_lab;
    Endpoint m_master, m_replica;
};

void TestSettingsOverview::initTestCase()
{
    QVERIFY(m_data.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_data.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_data.path());
    m_lab = labtest::startedLab(LabSpec::Kind::Standalone, 1);
    QVERIFY(m_lab);
    m_master = m_lab->topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    m_replica = m_lab->topology().nodesWithRole(LabNode::Role::Replica).first().endpoint;
    QSettings settings;
    for (const auto &[name, endpoint] : {std::pair{QStringLiteral("lab primary"), m_master}, std::pair{QStringLiteral("lab replica"), m_replica}}) {
        ConnectionProfile p;
        p.name = name;
        p.options = m_lab->topology().connectionOptions(endpoint);
        p.save(settings);
    }
}

void TestSettingsOverview::cleanupTestCase()
{
    m_lab.reset();
}

void TestSettingsOverview::shot(QWidget *w, const QString &name)
{
    // A message that just appeared or went is laid out before the shot: its group's layout asked
    // for it with a posted LayoutRequest, the top layout follows.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    if (w->layout())
        w->layout()->activate();
    QVERIFY(w->grab().save(testOutputDir() + QStringLiteral("/settingsoverview-") + name + QStringLiteral(".png")));
}

RedisResult TestSettingsOverview::onMaster(const QList<QByteArray> &argv)
{
    RedisConnection c(m_lab->topology().connectionOptions(m_master));
    return labtest::execute(c, RespCommand(argv));
}

void TestSettingsOverview::thresholdsApplyLiveAndTheOverviewOpensSavedDeployments()
{
    auto runtime = std::make_unique<ConsoleRuntime>();
    runtime->openHistory(m_data.filePath(QStringLiteral("history.sqlite")));
    auto window = std::make_unique<MainWindow>();
    ConsoleSessions sessions(*runtime, *window);
    window->resize(1300, 860);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    SavedDeploymentsPanel *panel = window->overviewPage()->savedDeployments();
    SavedDeploymentsModel *saved = panel->model();
    QCOMPARE(saved->rowCount(), 2);

    // 1. "lab primary" opened through the profile path (what the Overview's Open does).
    QSettings settings;
    sessions.watchProfile(ConnectionProfile::load(settings, QStringLiteral("lab primary")));
    DeploymentWorkspace *primary = window->currentDeployment();
    QVERIFY(primary);
    QTRY_VERIFY_WITH_TIMEOUT(!primary->healthText().isEmpty(), 30000);
    QTRY_COMPARE(cell(saved, QStringLiteral("lab primary"), SavedDeploymentsModel::Health), primary->healthText());
    QCOMPARE(cell(saved, QStringLiteral("lab primary"), SavedDeploymentsModel::Kind), QStringLiteral("standalone"));
    QCOMPARE(cell(saved, QStringLiteral("lab replica"), SavedDeploymentsModel::Health), QStringLiteral("not open"));

    // 2. A maxmemory three times the master's use: within the default 90 %.
    const RedisResult info = onMaster({"INFO", "memory"});
    QVERIFY(info.ok());
    const QByteArray text = info.value().bytes();
    const qsizetype at = text.indexOf("used_memory:") + 12;
    const qint64 used = text.mid(at, text.indexOf('\r', at) - at).toLongLong();
    QVERIFY(used > 0);
    QVERIFY(onMaster({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"}).ok());
    QVERIFY(onMaster({"CONFIG", "SET", "maxmemory", QByteArray::number(used * 3)}).ok());
    auto limited = [primary] {
        if (const SnapshotPtr s = primary->snapshot())
            for (const Node &n : s->nodes)
                if (n.maxMemory > 0)
                    return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(limited(), 20000);
    QCOMPARE(outcome(primary, kRule), QStringLiteral("pass"));

    // 3. File ▸ Settings… (Ctrl+,): memory threshold 10 %, Save.
    QTest::keyClick(window.get(), Qt::Key_Comma, Qt::ControlModifier);
    auto *dialog = window->findChild<SettingsDialog *>(QStringLiteral("settingsDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto *memory = dialog->findChild<QLineEdit *>(QStringLiteral("setting-memory-percent"));
    memory->selectAll();
    QTest::keyClicks(memory, QStringLiteral("101"));
    shot(dialog, QStringLiteral("dialog-invalid"));
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("settingsSave"))->isEnabled());
    memory->selectAll();
    QTest::keyClicks(memory, QStringLiteral("10"));
    shot(dialog, QStringLiteral("dialog"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("settingsSave")), Qt::LeftButton);

    // 4. Applied to the open deployment at once: its Health page and, through the runtime, its
    // session's alerting (a health-alert recorded once the breach has held).
    QCOMPARE(outcome(primary, kRule), QStringLiteral("fire:warning"));
    QVERIFY2(primary->healthPage()->badgeText().contains(QStringLiteral("warning")), qPrintable(primary->healthPage()->badgeText()));
    QTRY_COMPARE_WITH_TIMEOUT(alertEvents(primary, kRule), 1, 20000);
    QTRY_COMPARE(cell(saved, QStringLiteral("lab primary"), SavedDeploymentsModel::Health), primary->healthText());
    QVERIFY(cell(saved, QStringLiteral("lab primary"), SavedDeploymentsModel::Health).contains(QStringLiteral("warning")));
    primary->showPage(DeploymentWorkspace::Health);
    shot(window.get(), QStringLiteral("health"));

    // 5. The Overview: both profiles, one open with its badge, one not open.
    window->activateWindow(); // the dialog had the focus: Alt+0 is the main window's
    QTRY_VERIFY(window->isActiveWindow());
    QTest::keyClick(window.get(), Qt::Key_0, Qt::AltModifier);
    auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("pages"));
    QCOMPARE(tabs->currentWidget(), window->overviewPage());
    shot(window.get(), QStringLiteral("overview"));

    // 6. Open the replica from it: select its row, Open.
    QTableView *table = panel->view();
    const int row = saved->rowOf(QStringLiteral("lab replica"));
    for (int r = 0; r < table->model()->rowCount(); ++r)
        if (table->model()->index(r, 0).data().toString() == QStringLiteral("lab replica"))
            table->setCurrentIndex(table->model()->index(r, 0));
    auto *open = panel->findChild<QPushButton *>(QStringLiteral("savedDeploymentsOpen"));
    QCOMPARE(open->text(), QStringLiteral("&Open"));
    QTest::mouseClick(open, Qt::LeftButton);
    QCOMPARE(window->monitorIds().size(), 2);
    DeploymentWorkspace *replica = window->currentDeployment();
    QVERIFY(replica && replica != primary);
    QTRY_VERIFY_WITH_TIMEOUT(!replica->healthText().isEmpty(), 30000);
    QTRY_COMPARE(saved->index(row, SavedDeploymentsModel::Health).data().toString(), replica->healthText());
    QVERIFY(saved->isOpen(row));
    window->showOverview();
    QCOMPARE(open->text(), QStringLiteral("Show &tab")); // open now: the button brings its tab
    shot(window.get(), QStringLiteral("overview-both-open"));

    // 7. Closing its tab: "not open" again.
    int replicaId = -1;
    for (const int id : window->monitorIds())
        if (window->deployment(id) == replica)
            replicaId = id;
    QVERIFY(window->closeDeployment(replicaId));
    QCOMPARE(saved->index(row, SavedDeploymentsModel::Health).data().toString(), QStringLiteral("not open"));
}

QTEST_MAIN(TestSettingsOverview)
#include "tst_settingsoverview.moc"
