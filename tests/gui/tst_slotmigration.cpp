// The Slots page during a migration, in the real console (ConsoleRuntime + ConsoleSessions as
// app/gui/main.cpp builds them) on a real 3-master lab: a `redis-cli --cluster reshard
// --cluster-pipeline 1` of 3 slots with 45,000 keys, started outside the console, shows as a
// progress strip line (keys left, keys/s, "redis-cli or another client") and as slots in flight
// on the map; afterwards a selection over two owners, "Move selection to…" a third master, opens
// the reshard wizard pre-filled with those slots and both sources, and its plan is allowed.
// Screenshots go to testOutputDir() (slotmigration-*.png).
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "TestPaths.h"
#include "actions/ReshardWizard.h"
#include "model/HashSlot.h"
#include "resp/RedisConnection.h"
#include "slotmap/MigrationStrip.h"
#include "slotmap/SlotMapWidget.h"
#include "slotmap/SlotSelectionMover.h"
#include "slotmap/SlotsPage.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace ops;

class TestSlotMigration : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void stripDuringAForeignMigrationThenWizardFromSelection();

private:
    static void shot(QWidget *w, const QString &name)
    {
        QVERIFY(w->grab().save(testOutputDir() + QStringLiteral("/slotmigration-") + name + QStringLiteral(".png")));
    }
    QTemporaryDir m_data;
};

void TestSlotMigration::initTestCase()
{
    QVERIFY(m_data.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_data.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_data.path());
}

void TestSlotMigration::stripDuringAForeignMigrationThenWizardFromSelection()
{
    auto runtime = std::make_unique<ConsoleRuntime>();
    runtime->openHistory(m_data.filePath(QStringLiteral("history.sqlite")));
    auto window = std::make_unique<MainWindow>();
    auto sessions = std::make_unique<ConsoleSessions>(*runtime, *window, false);
    QSignalSpy shown(window.get(), &MainWindow::firstSnapshotShown);
    window->resize(1400, 900);
    window->show();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    spec.replicasPerMaster = 0;
    runtime->startLab(spec);
    QVERIFY(shown.wait(90000));
    DeploymentWorkspace *workspace = window->currentDeployment();
    QVERIFY(workspace);
    QTRY_VERIFY_WITH_TIMEOUT(workspace->snapshot() && workspace->snapshot()->masters().size() == 3
                                 && workspace->snapshot()->slotMap && workspace->snapshot()->slotMap->coveredCount() == kSlotCount,
                             30000);
    workspace->showPage(DeploymentWorkspace::Slots);
    SlotsPage *page = workspace->slotsPage();
    const SnapshotPtr s = workspace->snapshot();
    const SlotMap &map = *s->slotMap;
    const Node *source = s->node(map.ownerOf(0));
    QVERIFY(source);
    const Node *target = s->node(map.ownerOf(kSlotCount - 1));
    QVERIFY(target && target != source);

    // 45,000 keys in the source's first 3 slots (what --cluster-slots 3 takes).
    ConnectionOptions o;
    o.endpoint = source->endpoint;
    RedisConnection data(o);
    int acked = 0;
    int sent = 0;
    const int perSlot[] = {20000, 20000, 5000};
    for (int slot = 0; slot < 3; ++slot) {
        QByteArray tag;
        for (int i = 0; HashSlot::of(tag = "g" + QByteArray::number(i)) != slot; ++i) {
        }
        for (int i = 0; i < perSlot[slot]; ++i, ++sent)
            data.send(RespCommand{"SET", "{" + tag + "}:" + QByteArray::number(i), QByteArray(64, 'v')}, this,
                      [&acked](const RedisResult &r) { acked += r.ok() ? 1 : 0; });
    }
    QTRY_COMPARE_WITH_TIMEOUT(acked, sent, 60000);

    // Everything the runtime publishes, for the failure message.
    int updates = 0;
    bool sawOpen = false, sawKeysLeft = false, sawRate = false;
    connect(runtime.get(), &ConsoleRuntime::migrationsChanged, this, [&](int, const MigrationViews &views) {
        ++updates;
        for (const MigrationView &v : views) {
            sawOpen = sawOpen || v.openCount() > 0;
            sawKeysLeft = sawKeysLeft || v.keysLeft > 0;
            sawRate = sawRate || v.keysPerSecond > 0;
        }
    });
    QElapsedTimer elapsed;
    elapsed.start();
    QProcess cli;
    cli.setProcessChannelMode(QProcess::MergedChannels);
    cli.start(QStringLiteral("redis-cli"),
              {QStringLiteral("--cluster"), QStringLiteral("reshard"), source->endpoint.toString(), QStringLiteral("--cluster-from"),
               source->id, QStringLiteral("--cluster-to"), target->id, QStringLiteral("--cluster-slots"), QStringLiteral("3"),
               QStringLiteral("--cluster-yes"), QStringLiteral("--cluster-pipeline"), QStringLiteral("1")});
    QVERIFY2(cli.waitForStarted(10000), qPrintable(cli.errorString()));

    // The strip: a line for source -> target with keys left and a rate, marked as not ours.
    MigrationStrip *strip = page->migrationStrip();
    auto measured = [&] {
        for (const MigrationView &v : strip->migrations())
            if (v.sourceId == source->id && v.targetId == target->id && v.keysLeft > 0 && v.keysPerSecond > 0 && v.openCount() > 0)
                return true;
        return false;
    };
    QByteArray cliOutput;
    connect(&cli, &QProcess::readyRead, this, [&] { cliOutput += cli.readAll(); });
    auto why = [&] {
        return QStringLiteral("%1 updates (open %2, keys left %3, rate %4) in %5 ms; redis-cli %6: %7")
            .arg(QString::number(updates), QString::number(sawOpen), QString::number(sawKeysLeft), QString::number(sawRate),
                 QString::number(elapsed.elapsed()),
                 cli.state() == QProcess::NotRunning ? QStringLiteral("ended") : QStringLiteral("running"),
                 QString::fromUtf8(cliOutput.right(300)));
    };
    QTRY_VERIFY2_WITH_TIMEOUT(measured(), qPrintable(why()), 60000);
    QVERIFY(strip->isVisible());
    QLabel *line = strip->findChild<QLabel *>(QStringLiteral("migrationLine"));
    QVERIFY(line);
    QVERIFY2(line->text().startsWith(source->endpoint.toString() + QStringLiteral(" → ") + target->endpoint.toString()),
             qPrintable(line->text()));
    QVERIFY2(line->text().contains(QStringLiteral("keys left")) && line->text().contains(QStringLiteral("keys/s"))
                 && line->text().contains(QStringLiteral("(redis-cli or another client)")),
             qPrintable(line->text()));
    QCOMPARE(line->textFormat(), Qt::PlainText);
    QVERIFY(!page->slotMap()->inFlight().isEmpty());
    QVERIFY(page->slotMap()->inFlight().contains(strip->migrations().first().openSlots.first().first));
    shot(window.get(), QStringLiteral("strip"));
    shot(page, QStringLiteral("strip-page"));

    QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 120000);
    cliOutput += cli.readAll();
    QVERIFY2(cli.exitCode() == 0, cliOutput.right(2000).constData());
    QTRY_VERIFY_WITH_TIMEOUT(strip->migrations().isEmpty() && !strip->isVisible(), 30000); // ended after the grace period
    QVERIFY(page->slotMap()->inFlight().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(workspace->snapshot()->slotMap->ownerOf(2), target->id, 10000);

    // A selection over two owners (the first master's last slots, the second's first ones), moved to the third.
    const SnapshotPtr now = workspace->snapshot();
    const QString ownerA = now->slotMap->ownerOf(5400);
    const QString ownerB = now->slotMap->ownerOf(5500);
    QVERIFY(ownerA != ownerB);
    const Node *third = nullptr;
    for (const Node *m : now->masters())
        if (m->id != ownerA && m->id != ownerB)
            third = m;
    QVERIFY(third);
    page->slotMap()->setSelection({5400, 5500});
    QToolButton *button = page->findChild<QToolButton *>(QStringLiteral("slotsMoveSelection"));
    QVERIFY(button && button->isEnabled());
    QMenu *menu = button->menu();
    page->selectionMover()->fillMenu(menu); // what aboutToShow does (the popup itself is modal)
    QAction *moveTo = nullptr;
    for (QAction *a : menu->actions())
        if (a->objectName() == QStringLiteral("moveSelectionTo") && a->data().toString() == third->endpoint.toString())
            moveTo = a;
    QVERIFY(moveTo && moveTo->isEnabled());
    QVERIFY2(moveTo->text().contains(QStringLiteral("101 slot")), qPrintable(moveTo->text()));
    moveTo->trigger();

    ReshardWizard *wizard = nullptr;
    QTRY_VERIFY((wizard = window->findChild<ReshardWizard *>()) != nullptr);
    QCOMPARE(wizard->findChild<QLineEdit *>(QStringLiteral("reshardSlots"))->text(), QStringLiteral("5400-5500"));
    QStringList sources{now->node(ownerA)->endpoint.toString(), now->node(ownerB)->endpoint.toString()};
    sources.sort();
    QCOMPARE(wizard->findChild<QComboBox *>(QStringLiteral("reshardSources"))->currentText(), sources.join(QLatin1Char(',')));
    QCOMPARE(wizard->findChild<QComboBox *>(QStringLiteral("reshardTarget"))->currentText(), third->endpoint.toString());
    QTRY_VERIFY_WITH_TIMEOUT(!wizard->preview().id.isEmpty() || !wizard->preview().refusal.isEmpty(), 30000);
    QVERIFY2(wizard->preview().allowed(), qPrintable(wizard->preview().blockingReasons().join(QLatin1Char('\n'))));
    shot(wizard, QStringLiteral("wizard-from-selection"));
    wizard->close();
}

QTEST_MAIN(TestSlotMigration)
#include "tst_slotmigration.moc"
