// HealthPanel on synthetic snapshots: the badge names the worst severity and the counts, the
// table lists the worst first with its colour, selecting a finding shows evidence and fix, and a
// live update keeps the selection. Renders a screenshot into the test output directory.
#include "../unit/HealthTestSupport.h"
#include "health/HealthColorProxy.h"
#include "health/HealthPanel.h"
#include "DeploymentWorkspace.h"

#include <QDir>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTest>

using namespace healthtest;

namespace {

TopologySnapshot broken(const QString &how)
{
    TopologySnapshot s = sentinelDeployment(3, 2);
    if (how.contains(QLatin1String("min-replicas")))
        s.nodes[0].config.values.insert("min-replicas-to-write", "0");
    if (how.contains(QLatin1String("persistence")))
        s.nodes[0].config.values.insert("save", "");
    if (how.contains(QLatin1String("lag"))) {
        s.nodes[2].lagBytes = 5 * kMB;
        s.nodes[2].lagSeconds = 12;
    }
    if (how.contains(QLatin1String("quorum")))
        for (Node &n : s.sentinels)
            n.config.values.insert("quorum", "3");
    if (how.contains(QLatin1String("unreadable")))
        s.nodes[1].config = NodeConfig{{}, QStringLiteral("CONFIG GET failed: ERR unknown command 'CONFIG'"), 0};
    return s;
}

} // namespace

class TestHealthPanel : public QObject
{
    Q_OBJECT
private slots:
    void badge_data();
    void badge();
    void selectionShowsEvidenceAndFixAndSurvivesUpdates();
    void worstFindingIsFollowedUntilOneIsChosen();
    void workspaceJudgesByConfiguredThresholds();
};

void TestHealthPanel::badge_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<QString>("badge");
    QTest::addColumn<QString>("firstStatus");
    // failover.client-retry-budget is unknown in each: no failover history reaches a panel fed a
    // synthetic snapshot.
    QTest::newRow("sound") << "" << "HEALTHY — 1 unknown · 19 passing" << "unknown"; // unknown sorts before passing
    QTest::newRow("a warning") << "min-replicas" << "WARNING — 1 warning · 1 unknown · 18 passing" << "warning";
    QTest::newRow("critical and warnings") << "min-replicas persistence quorum"
                                           << "CRITICAL — 1 critical · 2 warning · 1 unknown · 16 passing" << "critical";
}

void TestHealthPanel::badge()
{
    QFETCH(QString, how);
    QFETCH(QString, badge);
    QFETCH(QString, firstStatus);
    HealthPanel panel;
    panel.setSnapshot(std::make_shared<const TopologySnapshot>(broken(how)));
    QCOMPARE(panel.findChild<QLabel *>(QStringLiteral("healthBadge"))->text(), badge);
    const QAbstractItemModel *model = panel.findChild<QTableView *>(QStringLiteral("healthTable"))->model();
    const QModelIndex first = model->index(0, 0);
    QCOMPARE(first.data().toString(), firstStatus);
    QCOMPARE(first.data(Qt::ForegroundRole).value<QColor>(), HealthColorProxy::colorOf(firstStatus));
}

void TestHealthPanel::selectionShowsEvidenceAndFixAndSurvivesUpdates()
{
    HealthPanel panel;
    panel.resize(1000, 560);
    panel.setSnapshot(std::make_shared<const TopologySnapshot>(broken(QStringLiteral("min-replicas persistence lag quorum unreadable"))));
    auto *table = panel.findChild<QTableView *>(QStringLiteral("healthTable"));
    auto *details = panel.findChild<QPlainTextEdit *>(QStringLiteral("healthDetails"));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    int row = -1;
    for (int r = 0; r < table->model()->rowCount() && row < 0; ++r)
        if (table->model()->index(r, 1).data().toString() == QLatin1String("replication.persistence-off"))
            row = r;
    QVERIFY(row >= 0);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(table->model()->index(row, 2)).center());
    QVERIFY2(details->toPlainText().contains(QLatin1String("Evidence: save=\"\", appendonly=no, replicas=2")), qPrintable(details->toPlainText()));
    QVERIFY(details->toPlainText().contains(QLatin1String("Fix: Enable RDB")));

    // A live update with the same finding keeps it selected (it may have moved).
    panel.setSnapshot(std::make_shared<const TopologySnapshot>(broken(QStringLiteral("persistence lag quorum unreadable"))));
    QCOMPARE(table->model()->index(table->currentIndex().row(), 1).data().toString(), QStringLiteral("replication.persistence-off"));
    QVERIFY(details->toPlainText().contains(QLatin1String("Fix: Enable RDB")));

    const QString dir = qEnvironmentVariable("OPSCONSOLE_TEST_OUTPUT", QDir::tempPath());
    QDir().mkpath(dir);
    QVERIFY(panel.grab().save(dir + QStringLiteral("/health-panel.png")));
}

// Before the operator picks a finding the details show the worst one, also when a worse one
// appears later (settings read after the first snapshots); a click ends that.
void TestHealthPanel::worstFindingIsFollowedUntilOneIsChosen()
{
    HealthPanel panel;
    panel.resize(1000, 560);
    auto *table = panel.findChild<QTableView *>(QStringLiteral("healthTable"));
    auto *details = panel.findChild<QPlainTextEdit *>(QStringLiteral("healthDetails"));
    panel.setSnapshot(std::make_shared<const TopologySnapshot>(broken(QStringLiteral("min-replicas"))));
    QVERIFY2(details->toPlainText().startsWith(QLatin1String("min-replicas-to-write (replication.min-replicas-to-write): warning")),
             qPrintable(details->toPlainText()));
    panel.setSnapshot(std::make_shared<const TopologySnapshot>(broken(QStringLiteral("min-replicas persistence"))));
    QVERIFY2(details->toPlainText().startsWith(QLatin1String("Persistence on masters (replication.persistence-off): critical")),
             qPrintable(details->toPlainText()));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(table->model()->index(1, 2)).center());
    QVERIFY(details->toPlainText().startsWith(QLatin1String("min-replicas-to-write")));
    panel.setSnapshot(std::make_shared<const TopologySnapshot>(broken(QStringLiteral("min-replicas persistence quorum"))));
    QVERIFY2(details->toPlainText().startsWith(QLatin1String("min-replicas-to-write")), qPrintable(details->toPlainText()));
}

void TestHealthPanel::workspaceJudgesByConfiguredThresholds()
{
    // A replica 5 MB / 12 s behind: a warning by the defaults (1 MB, 10 s), fine for a team that
    // configured 10 MB / 60 s — the page and the tab's badge follow the configured thresholds,
    // as the session's alerts do.
    DeploymentWorkspace workspace({});
    workspace.setSnapshot(std::make_shared<const TopologySnapshot>(broken(QStringLiteral("lag"))));
    QCOMPARE(workspace.healthWord(), QStringLiteral("warning"));
    HealthThresholds relaxed;
    relaxed.replicaLagBytes = 10 * kMB;
    relaxed.replicaLagSeconds = 60;
    workspace.setHealthThresholds(relaxed);
    QCOMPARE(workspace.healthWord(), QStringLiteral("pass"));
    QVERIFY2(workspace.healthText().startsWith(QLatin1String("HEALTHY")), qPrintable(workspace.healthText()));
    workspace.setSnapshot(std::make_shared<const TopologySnapshot>(broken(QStringLiteral("lag"))));
    QCOMPARE(workspace.healthWord(), QStringLiteral("pass")); // kept for later snapshots
}

QTEST_MAIN(TestHealthPanel)
#include "tst_healthpanel.moc"
