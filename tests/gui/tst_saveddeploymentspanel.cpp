// The Overview's Open of a saved deployment and its password: the real MainWindow with a keychain
// (FakeKeeper, set the way ConsoleWiring sets SecretStore) and two saved profiles. A profile whose
// password is in the keychain opens with the keychain's password and no question; when the
// keychain has none (not found, no keychain, denied) the operator is asked, once; a profile kept
// out of the keychain never reads it. What reaches MainWindow::connectRequested (ConsoleSessions'
// watchProfile) is checked, password included.
#include "FakeKeeper.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "SavedDeploymentsPanel.h"
#include "core/ConnectionProfile.h"
#include "viewmodels/SavedDeploymentsModel.h"

#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace ops;

namespace {
const QString kKeychained = QStringLiteral("prod keychained");
const QString kAsked = QStringLiteral("staging asked");
} // namespace

class TestSavedDeploymentsPanel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void openTakesTheKeychainsPasswordFirst_data();
    void openTakesTheKeychainsPasswordFirst();

private:
    QTemporaryDir m_settingsDir;
};

void TestSavedDeploymentsPanel::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings settings;
    ConnectionProfile keychained;
    keychained.name = kKeychained;
    keychained.options.endpoint = Endpoint{QStringLiteral("redis-prod.example"), 6379};
    keychained.options.user = QStringLiteral("ops");
    keychained.askPassword = true;
    keychained.passwordInKeychain = true;
    keychained.save(settings);
    ConnectionProfile asked;
    asked.name = kAsked;
    asked.options.endpoint = Endpoint{QStringLiteral("redis-staging.example"), 6380};
    asked.askPassword = true;
    asked.save(settings);
}

void TestSavedDeploymentsPanel::openTakesTheKeychainsPasswordFirst_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("inKeychain");          // empty: the keychain holds nothing for it
    QTest::addColumn<int>("keychainFails");           // -1: it answers; else a SecretKeeper::Result::Status
    QTest::addColumn<QString>("typed");               // what the prompt answers; empty: Cancel
    QTest::addColumn<QStringList>("keeperCalls");
    QTest::addColumn<int>("prompts");
    QTest::addColumn<QString>("opensWith");           // the password connectRequested carries; empty: not opened

    using S = SecretKeeper::Result::Status;
    const QStringList read{QStringLiteral("read ") + kKeychained};
    QTest::newRow("keychain has it: no question") << kKeychained << QStringLiteral("from-keychain") << -1 << QStringLiteral("typed")
                                                  << read << 0 << QStringLiteral("from-keychain");
    QTest::newRow("keychain has none: asked once") << kKeychained << QString() << -1 << QStringLiteral("typed-pw") << read << 1
                                                   << QStringLiteral("typed-pw");
    QTest::newRow("no keychain: asked once") << kKeychained << QStringLiteral("unreachable") << int(S::NoKeychain)
                                             << QStringLiteral("typed-pw") << read << 1 << QStringLiteral("typed-pw");
    QTest::newRow("keychain denied: asked once") << kKeychained << QStringLiteral("locked") << int(S::Denied) << QStringLiteral("typed-pw")
                                                 << read << 1 << QStringLiteral("typed-pw");
    QTest::newRow("keychain has none, Cancel: not opened") << kKeychained << QString() << -1 << QString() << read << 1 << QString();
    QTest::newRow("not a keychain profile: asked, keychain not read")
        << kAsked << QStringLiteral("never-read") << -1 << QStringLiteral("typed-pw") << QStringList{} << 1 << QStringLiteral("typed-pw");
}

void TestSavedDeploymentsPanel::openTakesTheKeychainsPasswordFirst()
{
    QFETCH(QString, profile);
    QFETCH(QString, inKeychain);
    QFETCH(int, keychainFails);
    QFETCH(QString, typed);
    QFETCH(QStringList, keeperCalls);
    QFETCH(int, prompts);
    QFETCH(QString, opensWith);

    FakeKeeper keeper;
    if (!inKeychain.isEmpty())
        keeper.secrets.insert(profile, inKeychain);
    if (keychainFails >= 0)
        keeper.failWith = SecretKeeper::Result::Status(keychainFails);
    MainWindow window;
    window.setSecretKeeper(&keeper); // as ConsoleWiring does with SecretStore: reaches the Overview's panel
    SavedDeploymentsPanel *panel = window.overviewPage()->savedDeployments();
    QCOMPARE(panel->model()->rowCount(), 2);
    int asked = 0;
    panel->setPasswordPrompt([&](const ConnectionProfile &p, QByteArray *password) {
        ++asked;
        [&] { QCOMPARE(p.name, profile); }();
        *password = typed.toUtf8();
        return !typed.isEmpty();
    });
    QList<ConnectionProfile> opened;
    connect(&window, &MainWindow::connectRequested, this, [&](const ConnectionProfile &p) { opened << p; });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // Select the row, click Open (the operator's path).
    QTableView *table = panel->view();
    for (int r = 0; r < table->model()->rowCount(); ++r)
        if (table->model()->index(r, SavedDeploymentsModel::Name).data().toString() == profile)
            table->setCurrentIndex(table->model()->index(r, SavedDeploymentsModel::Name));
    auto *open = panel->findChild<QPushButton *>(QStringLiteral("savedDeploymentsOpen"));
    QVERIFY(open->isEnabled());
    QTest::mouseClick(open, Qt::LeftButton);

    if (opensWith.isEmpty()) {
        // Cancelled: wait until the keychain has answered and the question was asked, then nothing.
        QTRY_COMPARE(asked, prompts);
        QCoreApplication::processEvents();
        QVERIFY(opened.isEmpty());
    } else {
        QTRY_COMPARE(opened.size(), 1);
        QCOMPARE(opened.first().name, profile);
        QCOMPARE(QString::fromUtf8(opened.first().options.password), opensWith);
    }
    QCOMPARE(asked, prompts);
    QCOMPARE(keeper.calls, keeperCalls);
    QCOMPARE(keeper.secrets.value(profile), inKeychain); // Open never writes or removes a secret
}

QTEST_MAIN(TestSavedDeploymentsPanel)
#include "tst_saveddeploymentspanel.moc"
