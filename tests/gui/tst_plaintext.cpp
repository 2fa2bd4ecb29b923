// Server data and runbook text render literally in the console, never as markup. A real console
// (ConsoleRuntime + ConsoleSessions, as app/gui/main.cpp builds them) watches a Sentinel lab
// whose clients carry hostile names (CLIENT SETNAME "<b>…</b>", "<img/src=…>"), and runs a
// runbook from the data folder whose title, description, input description, step titles and
// manual text are hostile, with a `CLIENT LIST` step (the names come back in its output) and a
// hostile operator note. Then every page is shown and every text the operator can see is
// audited (PlainTextAudit): wherever a hostile string is in a label, a tooltip or a text view,
// it must be visible as written, i.e. not interpreted as rich text.
#include "AppPaths.h"
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "ConsoleWiring.h"
#include "DeploymentWorkspace.h"
#include "LabFixture.h"
#include "MainWindow.h"
#include "topology/NodeDetailsPanel.h"
#include "PlainTextAudit.h"
#include "core/PlainText.h"
#include "TestPaths.h"
#include "runbooks/RunbookPanel.h"
#include "viewmodels/RunbookStepsModel.h"

#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

namespace {

const QStringList kHostile{QStringLiteral("<b>HOSTILE-BOLD</b>"), QStringLiteral("<img/src=HOSTILE-IMG>"),
                           QStringLiteral("<a href=\"https://example.invalid\">HOSTILE-LINK</a>"),
                           QStringLiteral("<font color=red>HOSTILE-FONT</font>")};

// Written into the data folder's runbooks/ (a raw string literal here confuses moc).
const char *kRunbook =
    "id: hostile-text\n"
    "title: \"<b>HOSTILE-BOLD</b> runbook\"\n"
    "when: \"<img/src=HOSTILE-IMG> <a href=\\\"https://example.invalid\\\">HOSTILE-LINK</a>\"\n"
    "applies_to: both\n"
    "inputs:\n"
    "  - name: label\n"
    "    type: string\n"
    "    default: plain\n"
    "    description: \"<font color=red>HOSTILE-FONT</font>\"\n"
    "steps:\n"
    "  - id: clients\n"
    "    title: \"<b>HOSTILE-BOLD</b> clients\"\n"
    "    command: [CLIENT, LIST]\n"
    "  - id: slow\n"
    "    title: Slow commands\n"
    "    command: [SLOWLOG, GET, \"128\"]\n"
    "  - id: look\n"
    "    title: \"<a href=\\\"https://example.invalid\\\">HOSTILE-LINK</a> manual\"\n"
    "    manual: \"Read <img/src=HOSTILE-IMG> and <font color=red>HOSTILE-FONT</font>, then confirm.\"\n";

} // namespace

class TestPlainText : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void auditCatchesInterpretedMarkup();
    void hostileTextRendersLiterally();
    void nodeDetailsShowOneLinePerValue();

private:
    QTemporaryDir m_data;
};

void TestPlainText::initTestCase()
{
    QVERIFY(m_data.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_data.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_data.path());
    AppPaths::setDataDirOverride(m_data.path());
    QVERIFY(QDir(m_data.path()).mkpath(QStringLiteral("runbooks")));
    QFile f(m_data.filePath(QStringLiteral("runbooks/hostile-text.yaml")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kRunbook);
}

// The audit itself must be able to fail: a rich label, a rich tooltip and an HTML text view with
// the hostile strings are caught; their plain twins are not.
void TestPlainText::auditCatchesInterpretedMarkup()
{
    QWidget root;
    auto *rich = new QLabel(kHostile.first(), &root);
    auto *plain = new QLabel(kHostile.first(), &root);
    plain->setTextFormat(Qt::PlainText);
    auto *tip = new QLabel(QStringLiteral("x"), &root);
    tip->setToolTip(kHostile.at(2));
    auto *escapedTip = new QLabel(QStringLiteral("y"), &root);
    escapedTip->setToolTip(PlainText::toolTip(kHostile.at(2)));
    const QStringList found = PlainTextAudit::violations(&root, kHostile);
    QCOMPARE(found.size(), 2);
    QVERIFY2(found.at(0).contains(QLatin1String("QLabel")) && found.join(QLatin1Char('\n')).contains(QLatin1String("tooltip")),
             qPrintable(found.join(QLatin1Char('\n'))));
    Q_UNUSED(rich);
}

void TestPlainText::hostileTextRendersLiterally()
{
    ConsoleRuntime runtime;
    runtime.openHistory(m_data.filePath(QStringLiteral("history.sqlite")));
    MainWindow window;
    ConsoleSessions sessions(runtime, window, false);
    window.setRunbookLibrary(ConsoleWiring::runbookLibrary());
    QSignalSpy shown(&window, &MainWindow::firstSnapshotShown);
    QSignalSpy labReady(&runtime, &ConsoleRuntime::labReady);
    window.resize(1400, 900);
    window.show();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Sentinel;
    spec.replicasPerMaster = 1;
    runtime.startLab(spec);
    QVERIFY(shown.wait(90000));
    DeploymentWorkspace *w = window.currentDeployment();
    QVERIFY(w);
    QTRY_VERIFY_WITH_TIMEOUT(w->snapshot() && w->snapshot()->master(), 30000);
    const Endpoint master = w->snapshot()->master()->endpoint;

    // Clients named with markup (CLIENT SETNAME takes no spaces: the img has none).
    QVERIFY(!labReady.isEmpty());
    const LabTopology topology = labReady.constFirst().constFirst().value<LabTopology>();
    RedisConnection bold(topology.connectionOptions(master)), image(topology.connectionOptions(master));
    QVERIFY(labtest::execute(bold, RespCommand{"CLIENT", "SETNAME", "<b>HOSTILE-BOLD</b>"}).ok());
    QVERIFY(labtest::execute(image, RespCommand{"CLIENT", "SETNAME", "<img/src=HOSTILE-IMG>"}).ok());

    // Keys named with control characters reach the slow log (everything is logged from here on).
    RedisConnection writer(topology.connectionOptions(master));
    QVERIFY(labtest::execute(writer, RespCommand{"CONFIG", "SET", "slowlog-log-slower-than", "0"}).ok());
    for (const QByteArray &key : {QByteArray("\x1b[31mHOSTILE-ANSI"), QByteArray("HOSTILE-CR\r\nRole: master"),
                                  QStringLiteral("\u202eHOSTILE-BIDI").toUtf8()})
        QVERIFY(labtest::execute(writer, RespCommand{"SET", key, "v"}).ok());
    QVERIFY(labtest::execute(writer, RespCommand{"CONFIG", "SET", "slowlog-log-slower-than", "10000"}).ok());

    window.findChild<QAction *>(QStringLiteral("actionShowRunbooks"))->trigger();
    RunbookPanel *panel = w->runbookPage();
    auto *choice = panel->findChild<QComboBox *>(QStringLiteral("runbookChoice"));
    auto *start = panel->findChild<QPushButton *>(QStringLiteral("runbookStart"));
    auto *answer = panel->findChild<QLineEdit *>(QStringLiteral("runbookAnswer"));
    auto *confirm = panel->findChild<QPushButton *>(QStringLiteral("runbookConfirm"));
    auto *note = panel->findChild<QPushButton *>(QStringLiteral("runbookNote"));
    QVERIFY(choice && start && answer && confirm && note);
    const int index = choice->findData(m_data.filePath(QStringLiteral("runbooks/hostile-text.yaml")));
    QVERIFY2(index >= 0, "the data folder's runbook is offered");
    choice->setCurrentIndex(index);
    QStringList found = PlainTextAudit::violations(&window, kHostile);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));

    QTest::mouseClick(start, Qt::LeftButton);
    const RunbookStepsModel *model = panel->model();
    QVERIFY(QTest::qWaitFor([&] { return model->state().prompt.kind == RunbookPrompt::Kind::Manual && model->state().prompt.step == 2; }, 60000));
    QVERIFY2(model->state().steps.at(0).output.contains(QLatin1String("name=<b>HOSTILE-BOLD</b>")),
             qPrintable(model->state().steps.at(0).output));
    QTest::keyClicks(answer, QStringLiteral("saw <b>HOSTILE-BOLD</b> and <img/src=HOSTILE-IMG>"));
    QTest::mouseClick(note, Qt::LeftButton);
    QTRY_COMPARE(model->state().steps.at(2).notes.size(), 1);
    // Select each step so the details pane shows its evidence, output and notes.
    auto *steps = panel->findChild<QAbstractItemView *>(QStringLiteral("runbookSteps"));
    QVERIFY(steps);
    for (int row = 0; row < steps->model()->rowCount(); ++row) {
        steps->setCurrentIndex(steps->model()->index(row, 0));
        found = PlainTextAudit::violations(&window, kHostile);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }
    // The slow log's step: its output holds the key names, their control characters shown as
    // escapes, never sent to the text view raw (no fake line, no colour, no reordering).
    steps->setCurrentIndex(steps->model()->index(1, 0));
    auto *details = panel->findChild<QPlainTextEdit *>(QStringLiteral("runbookDetails"));
    QVERIFY(details);
    const QString detailsText = details->toPlainText();
    // Inside the reply's array each argument is one quoted value, as redis-cli shows it; what
    // is not ASCII control (a bidi override) is escaped by the pane itself.
    QVERIFY2(detailsText.contains(QLatin1String("\"\\x1b[31mHOSTILE-ANSI\"")) && detailsText.contains(QLatin1String("\"HOSTILE-CR\\r\\nRole: master\""))
                 && detailsText.contains(QLatin1String("\\u202eHOSTILE-BIDI")),
             qPrintable(detailsText));
    QVERIFY2(!detailsText.contains(QRegularExpression(QStringLiteral("\n\\s*Role: master"))), qPrintable(detailsText));
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/plaintext-slowlog.png")));
    for (const QChar c : detailsText)
        QVERIFY2(c == QLatin1Char('\n') || c == QLatin1Char('\t') || (c.unicode() >= 0x20 && c.unicode() != 0x7f && c.unicode() != 0x202e),
                 qPrintable(QStringLiteral("U+%1 shown raw").arg(int(c.unicode()), 4, 16, QLatin1Char('0'))));
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/plaintext-runbook.png")));
    QTest::mouseClick(confirm, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(model->state().ended(), 30000);

    // Every page, with the run's events and the history loaded.
    for (const char *name : {"actionShowOverview", "actionShowTopology", "actionShowSlots", "actionShowMetrics", "actionShowHistory",
                             "actionShowEvents", "actionShowHealth", "actionShowRunbooks"}) {
        QAction *page = window.findChild<QAction *>(QString::fromLatin1(name));
        if (!page)
            continue; // a kind of deployment without that page
        page->trigger();
        QTest::qWait(0);
        found = PlainTextAudit::violations(&window, kHostile);
        QVERIFY2(found.isEmpty(), qPrintable(QString::fromLatin1(name) + QStringLiteral(":\n") + found.join(QLatin1Char('\n'))));
    }
    QVERIFY(PlainTextAudit::textsSeen() > 100); // the audit looked at a real window
}

// An announced hostname is whatever a server says (a hostile or broken one included): in the
// node details pane it stays on its own row, its line breaks, escapes and bidi overrides visible.
void TestPlainText::nodeDetailsShowOneLinePerValue()
{
    TopologySnapshot s;
    s.kind = TopologySnapshot::Kind::Cluster;
    Node n;
    n.id = QStringLiteral("a1b2c3");
    n.role = Node::Role::Master;
    n.endpoint = Endpoint{QStringLiteral("127.0.0.1"), 7000};
    n.hostname = QStringLiteral("db-1\nRole:         replica\r\x1b[31m\u202Eevil");
    s.nodes << n;
    const QString text = NodeDetailsPanel::describe(s, n, 1'700'000'000'000);
    const QStringList lines = text.split(QLatin1Char('\n'));
    const QStringList hostRows = lines.filter(QStringLiteral("Hostname:"));
    QCOMPARE(hostRows.size(), 1);
    QVERIFY2(hostRows.first().endsWith(QLatin1String("db-1\\u000aRole:         replica\\u000d\\u001b[31m\\u202eevil")),
             qPrintable(hostRows.first()));
    QCOMPARE(lines.filter(QStringLiteral("Role:")).size(), 2); // the real row, and the hostname's text on its own row
    QVERIFY(lines.filter(QStringLiteral("Role:")).first().startsWith(QLatin1String("Role:")));
    QVERIFY(!text.contains(QLatin1Char('\r')) && !text.contains(QChar(0x1b)) && !text.contains(QChar(0x202e)));
}

QTEST_MAIN(TestPlainText)
#include "tst_plaintext.moc"
