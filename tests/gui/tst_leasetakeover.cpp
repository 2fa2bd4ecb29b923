// The wizards' answer to a run refused by another console's operation lease
// (LeaseTakeOverPanel): the holder is shown as plain text, "Take over…" stays disabled until the
// holder operation's first 8 characters are typed, and then asks to run the same preview taking
// the lease over (takeOverRequested with the preview id and what was typed).
#include "TestPaths.h"
#include "actions/ActionOutcome.h"
#include "actions/ActionPreview.h"
#include "actions/FailoverWizard.h"
#include "actions/LeaseTakeOverPanel.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace ops;

class TestLeaseTakeOver : public QObject
{
    Q_OBJECT

private slots:
    void refusedRunOffersATypedTakeOver();
};

void TestLeaseTakeOver::refusedRunOffersATypedTakeOver()
{
    FailoverWizard wizard(QStringLiteral("mymaster"), false, FailoverIntent{});
    wizard.resize(900, 700);
    wizard.show();
    ActionPreview preview;
    preview.id = QStringLiteral("p1");
    preview.kind = QStringLiteral("sentinel-failover");
    preview.title = QStringLiteral("Fail over mymaster: 127.0.0.1:6379 -> 127.0.0.1:6380");
    preview.target = QStringLiteral("127.0.0.1:6380");
    preview.confirmText = QStringLiteral("mymaster");
    wizard.showPreview(preview);
    QSignalSpy execute(&wizard, &FailoverWizard::executeRequested);
    QSignalSpy takeOver(&wizard, &FailoverWizard::takeOverRequested);
    auto *confirm = wizard.findChild<QLineEdit *>(QStringLiteral("confirmText"));
    QVERIFY(confirm);
    confirm->setText(QStringLiteral("mymaster"));
    QTest::keyClick(confirm, Qt::Key_Return);
    QCOMPARE(execute.size(), 1);

    auto *panel = wizard.findChild<LeaseTakeOverPanel *>(QStringLiteral("leaseTakeOverPanel"));
    QVERIFY(panel);
    QVERIFY(!panel->isVisible());
    ActionOutcome refused;
    refused.state = QStringLiteral("failed");
    refused.outcome = QStringLiteral("not started: store: carol@ops-2 is running cluster-failover of <b>x</b> on prod "
                                     "(operation 1a2b3c4d-5e6f, lease until 2026-12-06 03:00:00 UTC)");
    refused.leaseHolder = QStringLiteral("carol@ops-2 is running cluster-failover of <b>x</b> on prod (operation "
                                         "1a2b3c4d-5e6f, lease until 2026-12-06 03:00:00 UTC)");
    refused.leaseHolderOperation = QStringLiteral("1a2b3c4d-5e6f");
    wizard.showOutcome(refused);
    QVERIFY(panel->isVisible());
    auto *holder = panel->findChild<QLabel *>(QStringLiteral("leaseHolderText"));
    QCOMPARE(holder->textFormat(), Qt::PlainText);
    QVERIFY(holder->text().contains(QStringLiteral("carol@ops-2")));
    auto *typed = panel->findChild<QLineEdit *>(QStringLiteral("leaseTakeOverConfirmation"));
    auto *button = panel->findChild<QPushButton *>(QStringLiteral("leaseTakeOverButton"));
    QVERIFY(typed && button);
    QVERIFY(!button->isEnabled());
    typed->setText(QStringLiteral("1a2b3c4"));
    QVERIFY(!button->isEnabled());
    typed->setText(QStringLiteral("1a2b3c4d"));
    QVERIFY(button->isEnabled());
    const QString path = testOutputDir() + QStringLiteral("/lease-takeover-wizard.png");
    QVERIFY2(wizard.grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
    button->click();
    QCOMPARE(takeOver.size(), 1);
    QCOMPARE(takeOver.first().at(0).toString(), QStringLiteral("p1"));
    QCOMPARE(takeOver.first().at(1).toString(), QStringLiteral("1a2b3c4d"));
    QVERIFY(!panel->isVisible());
    QCOMPARE(execute.size(), 1); // the take-over is its own intent
}

QTEST_MAIN(TestLeaseTakeOver)
#include "tst_leasetakeover.moc"
