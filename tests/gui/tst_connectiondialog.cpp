// The connection dialog: saved profiles fill the form (never a password), Sentinel targets are
// parsed and validated, and errors are shown instead of accepting bad input.
#include "ConnectionDialog.h"

#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace ops;

class TestConnectionDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void profileFillsTheFormWithoutPassword();
    void sentinelTarget();
    void validation_data();
    void validation();

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

QTEST_MAIN(TestConnectionDialog)
#include "tst_connectiondialog.moc"
