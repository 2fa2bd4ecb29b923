// The connection dialog: saved profiles fill the form (never a password), Sentinel targets are
// parsed and validated, and errors are shown instead of accepting bad input. The README's picture
// of the dialog goes to testOutputDir().
#include "ConnectionDialog.h"
#include "FakeKeeper.h"
#include "TestPaths.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QInputDialog>
#include <QPushButton>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace ops;

namespace {

/** Clicks "Save as…" and answers the name prompt with @p name. */
void saveAs(ConnectionDialog &dialog, const QString &name)
{
    QTimer::singleShot(0, &dialog, [name] {
        auto *prompt = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        QVERIFY(prompt);
        prompt->setTextValue(name);
        prompt->accept();
    });
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("saveProfile")), Qt::LeftButton);
}

void choose(ConnectionDialog &dialog, const QString &name)
{
    auto *profiles = dialog.findChild<QComboBox *>(QStringLiteral("profiles"));
    const int index = profiles->findText(name);
    QVERIFY(index > 0);
    profiles->setCurrentIndex(index);
    emit profiles->activated(index);
}

} // namespace

class TestConnectionDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void profileFillsTheFormWithoutPassword();
    void sentinelTarget();
    void validation_data();
    void validation();
    void keychainKeepsThePassword_data();
    void keychainKeepsThePassword();
    void withoutKeeperNoKeychain();

private:
    QTemporaryDir m_dir;
};

void TestConnectionDialog::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("redis-ops-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_connectiondialog"));
}

void TestConnectionDialog::profileFillsTheFormWithoutPassword()
{
    ConnectionProfile p;
    p.name = QStringLiteral("staging");
    p.options.endpoint = Endpoint{QStringLiteral("redis-staging"), 7000};
    p.options.user = QStringLiteral("ops");
    p.options.password = "never-saved";
    {
        QSettings settings;
        p.save(settings);
    }
    ConnectionDialog dialog;
    auto *profiles = dialog.findChild<QComboBox *>(QStringLiteral("profiles"));
    const int index = profiles->findText(QStringLiteral("staging"));
    QVERIFY(index > 0);
    profiles->setCurrentIndex(index);
    emit profiles->activated(index);
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("host"))->text(), QStringLiteral("redis-staging"));
    QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("port"))->value(), 7000);
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("user"))->text(), QStringLiteral("ops"));
    QVERIFY(dialog.findChild<QLineEdit *>(QStringLiteral("password"))->text().isEmpty());
    QCOMPARE(dialog.profile().name, QStringLiteral("staging"));
}

void TestConnectionDialog::sentinelTarget()
{
    ConnectionDialog dialog;
    dialog.findChild<QLineEdit *>(QStringLiteral("sentinels"))->setText(QStringLiteral("10.0.0.1:26379, 10.0.0.2:26380 10.0.0.3"));
    dialog.findChild<QLineEdit *>(QStringLiteral("masterName"))->setText(QStringLiteral(" mymaster "));
    dialog.findChild<QLineEdit *>(QStringLiteral("password"))->setText(QStringLiteral("pw"));
    const ConnectionProfile p = dialog.profile();
    QVERIFY(p.isSentinel());
    QCOMPARE(p.sentinels.size(), 3);
    QCOMPARE(p.sentinels.at(2).port, quint16(26379));
    QCOMPARE(p.masterName, QByteArrayLiteral("mymaster"));
    QCOMPARE(p.options.password, QByteArrayLiteral("pw"));
}

void TestConnectionDialog::validation_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("sentinels");
    QTest::addColumn<QString>("master");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::newRow("seed ok") << QStringLiteral("127.0.0.1") << QString() << QString() << QString();
    QTest::newRow("no host") << QString() << QString() << QString() << QStringLiteral("host");
    QTest::newRow("sentinel ok") << QString() << QStringLiteral("127.0.0.1:26379") << QStringLiteral("m") << QString();
    QTest::newRow("sentinel without master") << QString() << QStringLiteral("127.0.0.1:26379") << QString() << QStringLiteral("master name");
    QTest::newRow("bad sentinel address") << QString() << QStringLiteral("127.0.0.1:99999") << QStringLiteral("m") << QStringLiteral("host:port");
}

void TestConnectionDialog::validation()
{
    QFETCH(QString, host);
    QFETCH(QString, sentinels);
    QFETCH(QString, master);
    QFETCH(QString, error);
    ConnectionDialog dialog;
    dialog.findChild<QLineEdit *>(QStringLiteral("host"))->setText(host);
    dialog.findChild<QLineEdit *>(QStringLiteral("sentinels"))->setText(sentinels);
    dialog.findChild<QLineEdit *>(QStringLiteral("masterName"))->setText(master);
    dialog.accept();
    auto *label = dialog.findChild<QLabel *>(QStringLiteral("connectionError"));
    if (error.isEmpty()) {
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    } else {
        QVERIFY(dialog.result() != int(QDialog::Accepted));
        QVERIFY2(label->text().contains(error), qPrintable(label->text()));
    }
}

void TestConnectionDialog::keychainKeepsThePassword_data()
{
    QTest::addColumn<bool>("keep");
    QTest::newRow("kept in the keychain") << true;
    QTest::newRow("not kept: removed from it") << false;
}

void TestConnectionDialog::keychainKeepsThePassword()
{
    QFETCH(bool, keep);
    FakeKeeper keeper;
    keeper.secrets.insert(QStringLiteral("prod"), QStringLiteral("stale"));
    {
        ConnectionDialog dialog;
        dialog.setSecretKeeper(&keeper);
        auto *keepBox = dialog.findChild<QCheckBox *>(QStringLiteral("keepPassword"));
        QVERIFY(keepBox->isEnabled());
        dialog.findChild<QLineEdit *>(QStringLiteral("host"))->setText(QStringLiteral("redis-prod"));
        dialog.findChild<QLineEdit *>(QStringLiteral("password"))->setText(QStringLiteral("pa55-typed"));
        keepBox->setChecked(keep);
        saveAs(dialog, QStringLiteral("prod"));
        auto *note = dialog.findChild<QLabel *>(QStringLiteral("keychainNote"));
        if (keep) {
            QTRY_COMPARE(note->text(), QStringLiteral("Saved; the password is in the system keychain."));
            QCOMPARE(keeper.secrets.value(QStringLiteral("prod")), QStringLiteral("pa55-typed"));
        } else {
            QTRY_VERIFY(!keeper.secrets.contains(QStringLiteral("prod")));
        }
    }
    // Settings hold the flag, never the password.
    QSettings settings;
    const ConnectionProfile saved = ConnectionProfile::load(settings, QStringLiteral("prod"));
    QCOMPARE(saved.passwordInKeychain, keep);
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("pa55-typed"));

    // Opening the profile again fills the password from the keychain (or leaves it to be typed).
    ConnectionDialog again;
    again.setSecretKeeper(&keeper);
    keeper.calls.clear();
    choose(again, QStringLiteral("prod"));
    auto *password = again.findChild<QLineEdit *>(QStringLiteral("password"));
    if (keep) {
        QTRY_COMPARE(password->text(), QStringLiteral("pa55-typed"));
        QCOMPARE(again.findChild<QLabel *>(QStringLiteral("keychainNote"))->text(), QStringLiteral("Password from the system keychain."));
        QVERIFY(again.findChild<QCheckBox *>(QStringLiteral("keepPassword"))->isChecked());
        // The README's picture: a saved profile opened, its password from the keychain.
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(again.grab().save(testOutputDir() + QStringLiteral("/connection-dialog.png")));
    } else {
        QVERIFY(!keeper.calls.contains(QStringLiteral("read prod")));
        QVERIFY(password->text().isEmpty());
    }
}

void TestConnectionDialog::withoutKeeperNoKeychain()
{
    // A profile that says "keychain" opened where none answers: the operator is told, and types.
    FakeKeeper keeper;
    keeper.failWith = SecretKeeper::Result::Status::NoKeychain;
    ConnectionProfile p;
    p.name = QStringLiteral("kc-missing");
    p.options.endpoint = Endpoint{QStringLiteral("redis-x"), 6379};
    p.passwordInKeychain = true;
    {
        QSettings settings;
        p.save(settings);
    }
    ConnectionDialog dialog;
    dialog.setSecretKeeper(&keeper);
    choose(dialog, QStringLiteral("kc-missing"));
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("keychainNote"));
    QTRY_COMPARE(note->text(), QStringLiteral("no keychain available (test): type the password."));
    QVERIFY(dialog.findChild<QLineEdit *>(QStringLiteral("password"))->text().isEmpty());

    // No keeper at all: the option is there but off, saying why.
    ConnectionDialog plain;
    auto *keepBox = plain.findChild<QCheckBox *>(QStringLiteral("keepPassword"));
    QVERIFY(!keepBox->isEnabled());
    QVERIFY(keepBox->toolTip().contains(QLatin1String("typed each time")));
}

QTEST_MAIN(TestConnectionDialog)
#include "tst_connectiondialog.moc"
