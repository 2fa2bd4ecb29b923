// The Settings dialog and the Overview's saved deployments without a server: every text field is
// validated as typed (the error, with the range, under the field; Save disabled), File ▸ Settings…
// is Ctrl+, on the real MainWindow, Save writes the QSettings keys the backend reads and applies the
// theme at once; the saved deployments list what QSettings holds, ask for the password of a
// profile that wants one (cancel opens nothing) and never store it.
#include "MainWindow.h"
#include "OverviewPage.h"
#include "SavedDeploymentsPanel.h"
#include "SettingsController.h"
#include "SettingsDialog.h"
#include "TestPaths.h"
#include "ThemePalette.h"
#include "health/AlertSettings.h"
#include "viewmodels/SavedDeploymentsModel.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

class TestSettingsDialog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void fieldsAreValidatedAsTyped_data();
    void fieldsAreValidatedAsTyped();
    void everyFieldFitsAndIsShown();
    void saveWritesTheKeysAndAppliesTheTheme();
    void savedDeploymentsAskForThePassword();

private:
    QTemporaryDir m_settingsDir;
};

void TestSettingsDialog::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("redis-ops-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_settingsdialog"));
}

void TestSettingsDialog::fieldsAreValidatedAsTyped_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error"); // empty: valid
    QTest::newRow("interval ok") << "poll-interval" << "500" << "";
    QTest::newRow("interval short") << "poll-interval" << "20" << "expected milliseconds from 100 to 60000";
    QTest::newRow("lag bytes unit") << "lag-bytes" << "4mb" << "";
    QTest::newRow("lag bytes zero") << "lag-bytes" << "0" << "at least 1";
    QTest::newRow("lag seconds") << "lag-seconds" << "-1" << "above 0";
    QTest::newRow("memory 101") << "memory-percent" << "101" << "at most 100";
    QTest::newRow("fragmentation") << "fragmentation" << "1" << "ratio above 1";
    QTest::newRow("down-after factor") << "down-after-latency-factor" << "20" << "";
    QTest::newRow("down-after factor below 1") << "down-after-latency-factor" << "0.5" << "expected a factor of at least 1";
    QTest::newRow("retry budget") << "client-retry-budget-ms" << "4000" << "";
    QTest::newRow("retry budget not stated") << "client-retry-budget-ms" << "0" << "";
    QTest::newRow("retry budget negative") << "client-retry-budget-ms" << "-1" << "0 (not stated) to 86400000";
    QTest::newRow("retry budget words") << "client-retry-budget-ms" << "5s" << "expected milliseconds";
    QTest::newRow("backlog outage") << "backlog-outage-seconds" << "300" << "";
    QTest::newRow("backlog outage zero") << "backlog-outage-seconds" << "0" << "seconds above 0";
    QTest::newRow("data dir relative") << "data-dir" << "here" << "expected an absolute path";
    QTest::newRow("data dir empty") << "data-dir" << "" << "";
}

void TestSettingsDialog::fieldsAreValidatedAsTyped()
{
    QFETCH(QString, name);
    QFETCH(QString, text);
    QFETCH(QString, error);
    SettingsDialog dialog(ConsoleSettings{}, QStringLiteral("/var/lib/redis-ops"));
    dialog.show();
    auto *edit = dialog.findChild<QLineEdit *>(QStringLiteral("setting-") + name);
    auto *message = dialog.findChild<QLabel *>(QStringLiteral("settingError-") + name);
    auto *save = dialog.findChild<QPushButton *>(QStringLiteral("settingsSave"));
    QVERIFY(edit && message && save);
    QVERIFY(save->isEnabled());
    edit->selectAll();
    QTest::keyClicks(edit, text);
    if (text.isEmpty())
        edit->clear();
    QCOMPARE(message->isVisible(), !error.isEmpty());
    QCOMPARE(save->isEnabled(), error.isEmpty());
    QVERIFY2(message->text().contains(error), qPrintable(message->text()));
    QCOMPARE(dialog.errors().size(), error.isEmpty() ? 0 : 1);
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(dialog.isVisible(), !error.isEmpty()); // a wrong field keeps the dialog open
    if (error.isEmpty()) { // stored in the settings' own form (sizes in bytes)
        ConsoleSettings expected;
        QVERIFY(expected.set(name, text, nullptr));
        QCOMPARE(dialog.settings().value(name), expected.value(name));
    }
}

void TestSettingsDialog::everyFieldFitsAndIsShown()
{
    // Every text setting has its field (the three failover-readiness thresholds included), none
    // squeezed below what its text needs; saved as settingsdialog.png with one error showing.
    ConsoleSettings current;
    QVERIFY(current.set(QStringLiteral("client-retry-budget-ms"), QStringLiteral("5000"), nullptr));
    SettingsDialog dialog(current, QStringLiteral("/var/lib/redis-ops"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    for (const QString &name : {QStringLiteral("down-after-latency-factor"), QStringLiteral("client-retry-budget-ms"),
                                QStringLiteral("backlog-outage-seconds")}) {
        auto *edit = dialog.findChild<QLineEdit *>(QStringLiteral("setting-") + name);
        QVERIFY2(edit && edit->isVisible(), qPrintable(name));
        QCOMPARE(edit->text(), current.value(name));
    }
    dialog.findChild<QLineEdit *>(QStringLiteral("setting-backlog-outage-seconds"))->setText(QStringLiteral("0"));
    dialog.layout()->activate();
    for (QLineEdit *edit : dialog.findChildren<QLineEdit *>()) {
        QVERIFY2(edit->width() >= edit->minimumSizeHint().width(), qPrintable(edit->objectName()));
        QVERIFY2(dialog.rect().contains(QRect(edit->mapTo(&dialog, QPoint(0, 0)), edit->size())), qPrintable(edit->objectName()));
    }
    QVERIFY(dialog.grab().save(testOutputDir() + QStringLiteral("/settingsdialog.png")));
    QStringList clipped; // a wrapped note or error squeezed below the lines its text needs
    for (QLabel *label : dialog.findChildren<QLabel *>())
        if (label->isVisible() && label->wordWrap() && label->height() < label->heightForWidth(label->width()))
            clipped << QStringLiteral("%1 < %2: %3").arg(label->height()).arg(label->heightForWidth(label->width())).arg(label->text());
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QLatin1Char('\n'))));
}

void TestSettingsDialog::saveWritesTheKeysAndAppliesTheTheme()
{
    const QPalette before = QApplication::palette();
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    auto *dialog = window.findChild<SettingsDialog *>(QStringLiteral("settingsDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    dialog->findChild<QLineEdit *>(QStringLiteral("setting-memory-percent"))->setText(QStringLiteral("42"));
    dialog->findChild<QLineEdit *>(QStringLiteral("setting-poll-interval"))->setText(QStringLiteral("2000"));
    dialog->findChild<QCheckBox *>(QStringLiteral("setting-trend"))->setChecked(false);
    dialog->findChild<QComboBox *>(QStringLiteral("setting-theme"))->setCurrentText(QStringLiteral("dark"));
    QSignalSpy applied(window.settingsController(), &SettingsController::applied);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("settingsSave")), Qt::LeftButton);
    QCOMPARE(applied.size(), 1);
    QCOMPARE(applied.at(0).at(1).toStringList(),
             (QStringList{QStringLiteral("poll-interval"), QStringLiteral("theme"), QStringLiteral("memory-percent"), QStringLiteral("trend")}));
    // Where the backend and `redis-ops check` read them.
    const QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("alerts/memory-percent")).toString(), QStringLiteral("42"));
    QCOMPARE(AlertSettings::load(settings).thresholds.memoryUsageShare, 0.42);
    QCOMPARE(AlertSettings::load(settings).trend, false);
    QCOMPARE(settings.value(QStringLiteral("monitor/poll-interval-ms")).toInt(), 2000);
    // The theme at once; the rest said honestly.
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
    const QString status = window.statusBar()->currentMessage();
    QVERIFY2(status.contains(QStringLiteral("thresholds applied to 0 open deployment(s)")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("poll interval applies to deployments opened from now on")), qPrintable(status));
    // Back to the system palette, as it was.
    window.settingsController()->open()->findChild<QComboBox *>(QStringLiteral("setting-theme"))->setCurrentText(QStringLiteral("system"));
    QTest::mouseClick(window.findChild<SettingsDialog *>()->findChild<QPushButton *>(QStringLiteral("settingsSave")), Qt::LeftButton);
    QCOMPARE(QApplication::palette().color(QPalette::Window), before.color(QPalette::Window));
}

void TestSettingsDialog::savedDeploymentsAskForThePassword()
{
    {
        QSettings settings;
        ConnectionProfile secured;
        secured.name = QStringLiteral("secured");
        secured.options.endpoint = Endpoint{QStringLiteral("127.0.0.1"), 7001};
        secured.options.user = QStringLiteral("ops");
        secured.askPassword = true;
        secured.save(settings);
        ConnectionProfile open;
        open.name = QStringLiteral("plain");
        open.options.endpoint = Endpoint{QStringLiteral("127.0.0.1"), 7002};
        open.save(settings);
    }
    MainWindow window;
    SavedDeploymentsPanel *panel = window.overviewPage()->savedDeployments();
    SavedDeploymentsModel *model = panel->model();
    QCOMPARE(model->rowCount(), 2);
    int asked = 0;
    QByteArray answer = "s3cret";
    bool confirm = false;
    panel->setPasswordPrompt([&](const ConnectionProfile &profile, QByteArray *password) {
        ++asked;
        [&] { QCOMPARE(profile.name, QStringLiteral("secured")); }();
        *password = answer;
        return confirm;
    });
    QSignalSpy requested(&window, &MainWindow::connectRequested);
    panel->openRow(model->rowOf(QStringLiteral("secured"))); // cancelled
    QCOMPARE(asked, 1);
    QCOMPARE(requested.size(), 0);
    confirm = true;
    panel->openRow(model->rowOf(QStringLiteral("secured")));
    QCOMPARE(requested.size(), 1);
    const auto profile = requested.at(0).at(0).value<ConnectionProfile>();
    QCOMPARE(profile.options.password, QByteArray("s3cret"));
    QCOMPARE(profile.options.endpoint.port, quint16(7001));
    panel->openRow(model->rowOf(QStringLiteral("plain"))); // wants none: not asked
    QCOMPARE(asked, 2);
    QCOMPARE(requested.size(), 2);
    QVERIFY(requested.at(1).at(0).value<ConnectionProfile>().options.password.isEmpty());
    // Nothing of it reached the settings.
    QSettings settings;
    for (const QString &key : settings.allKeys())
        QVERIFY2(!settings.value(key).toString().contains(QStringLiteral("s3cret")), qPrintable(key));
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
