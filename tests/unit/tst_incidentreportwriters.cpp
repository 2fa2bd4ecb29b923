// IncidentMarkdownWriter and IncidentHtmlWriter on a report whose every server- and
// operator-derived string is hostile (markup, CR/LF, ANSI escapes, table pipes): the text shows
// literally (exact escaped form), the structure (table rows, cells, images) is what the report
// says and nothing more.
#include "reports/IncidentHtmlWriter.h"
#include "reports/IncidentMarkdownWriter.h"
#include "reports/ReportText.h"

#include <QRegularExpression>
#include <QtTest>

using namespace ops;

namespace {

const qint64 kT0 = 1'790'000'000'000; // 2026-09-21 ...

IncidentReport report(const QString &hostile)
{
    IncidentReport r;
    r.deploymentId = QStringLiteral("prod-") + hostile;
    r.fromMs = kT0;
    r.toMs = kT0 + 600'000;
    r.generatedMs = kT0 + 700'000;
    r.generatedBy = QStringLiteral("oncall");
    OpsEvent e;
    e.timestampMs = kT0 + 1000;
    e.kind = OpsEvent::Kind::Promoted;
    e.severity = OpsEvent::Severity::Critical;
    e.endpoint = hostile + QStringLiteral(":6380");
    e.message = QStringLiteral("key ") + hostile + QStringLiteral(" promoted");
    r.events << e;
    OperationRecord op;
    op.id = QStringLiteral("op-1");
    op.kind = QStringLiteral("sentinel-failover");
    op.target = hostile;
    op.operatorName = QStringLiteral("alice");
    op.state = OperationRecord::State::Succeeded;
    op.startedMs = kT0 + 2000;
    op.endedMs = kT0 + 9500;
    op.outcome = QStringLiteral("promoted ") + hostile;
    r.operations << op;
    FailoverEpisode ep;
    ep.subject = hostile;
    ep.oldMasterAddress = QStringLiteral("10.0.0.1:6379");
    ep.newMasterAddress = QStringLiteral("10.0.0.2:6379");
    ep.startMs = kT0 + 1000;
    ep.endMs = kT0 + 13'500;
    ep.outcome = FailoverEpisode::Outcome::Completed;
    ep.endReason = QStringLiteral("+switch-master");
    ep.eventIds = {1, 2, 3};
    r.episodes << ep;
    IncidentRunbookRun run;
    run.record = op;
    run.record.id = QStringLiteral("run-1");
    run.record.kind = QStringLiteral("runbook");
    run.runbookId = QStringLiteral("sentinel-master-down");
    run.title = QStringLiteral("Master down");
    run.inputs = {qMakePair(QStringLiteral("master"), hostile)};
    IncidentRunbookStep step;
    step.state.stepId = QStringLiteral("look");
    step.state.status = RunbookStepState::Status::Skipped;
    step.state.startedMs = kT0 + 3000;
    step.state.endedMs = kT0 + 4000;
    step.state.detail = QStringLiteral("skipped: ") + hostile;
    step.kind = QStringLiteral("check");
    step.title = QStringLiteral("Look");
    step.what = hostile;
    step.attempts = 2;
    step.notes << IncidentRunbookStep::Note{kT0 + 3500, hostile};
    run.steps << step;
    r.run = run;
    r.timeline << IncidentTimelineEntry{kT0 + 1000, QStringLiteral("event"), QStringLiteral("promoted"), QStringLiteral("critical"),
                                        e.endpoint + QStringLiteral(": ") + e.message};
    r.plots << IncidentPlot{QStringLiteral("Used memory"), QStringLiteral("plot-memory.png"), {}}
            << IncidentPlot{QStringLiteral("Replication lag (bytes)"), {}, QStringLiteral("No replica ") + hostile};
    return r;
}

/** Markdown table lines and, for each, its number of cell separators (pipes not escaped). */
QList<int> tableShape(const QString &md)
{
    static const QRegularExpression unescapedPipe(QStringLiteral("(?<!\\\\)\\|"));
    QList<int> out;
    for (const QString &line : md.split(QLatin1Char('\n')))
        if (line.startsWith(QLatin1Char('|')))
            out << int(line.count(unescapedPipe));
    return out;
}

} // namespace

class TestIncidentReportWriters : public QObject
{
    Q_OBJECT
private slots:
    void hostileStrings_data();
    void hostileStrings();
    void exactLines();
};

void TestIncidentReportWriters::hostileStrings_data()
{
    QTest::addColumn<QString>("hostile");
    QTest::newRow("bold") << QStringLiteral("<b>boom</b>");
    QTest::newRow("img") << QStringLiteral("<img src=x onerror=alert(1)>");
    QTest::newRow("script") << QStringLiteral("</td></tr><script>alert(1)</script>");
    QTest::newRow("CR LF") << QStringLiteral("a\r\n| evil | row |\r\n");
    QTest::newRow("ANSI") << QStringLiteral("\x1b[2J\x1b[31mred");
    QTest::newRow("pipes and ticks") << QStringLiteral("`|`|**x**|");
    QTest::newRow("md link") << QStringLiteral("[click](javascript:alert(1))");
    QTest::newRow("heading") << QStringLiteral("\n# Fake heading\n");
}

void TestIncidentReportWriters::hostileStrings()
{
    QFETCH(QString, hostile);
    const IncidentReport benign = report(QStringLiteral("benign"));
    const IncidentReport evil = report(hostile);

    const QString md = IncidentMarkdownWriter::write(evil);
    QVERIFY2(!md.contains(hostile), "the raw hostile string reached the Markdown");
    QVERIFY(md.contains(ReportText::markdown(hostile)));
    QCOMPARE(tableShape(md), tableShape(IncidentMarkdownWriter::write(benign)));
    QCOMPARE(md.count(QLatin1Char('\n')), IncidentMarkdownWriter::write(benign).count(QLatin1Char('\n')));
    QVERIFY(!md.contains(QLatin1Char('\x1b')) && !md.contains(QLatin1Char('\r')));
    QCOMPARE(md.count(QStringLiteral("![")), 1);

    const QString html = IncidentHtmlWriter::write(evil);
    const QString benignHtml = IncidentHtmlWriter::write(benign);
    if (ReportText::html(hostile) != hostile) // pipes, backticks and brackets mean nothing in HTML
        QVERIFY2(!html.contains(hostile), "the raw hostile string reached the HTML");
    QVERIFY(html.contains(ReportText::html(hostile)));
    for (const char *tag : {"<tr>", "<td>", "<img ", "<script", "<b>", "<li>", "<dd>"})
        QCOMPARE(html.count(QLatin1String(tag)), benignHtml.count(QLatin1String(tag)));
    QCOMPARE(html.count(QLatin1Char('\n')), benignHtml.count(QLatin1Char('\n')));
    QVERIFY(!html.contains(QLatin1Char('\x1b')) && !html.contains(QLatin1Char('\r')));
}

void TestIncidentReportWriters::exactLines()
{
    const IncidentReport r = report(QStringLiteral("<b>x|y</b>\n"));
    const QString md = IncidentMarkdownWriter::write(r);
    const QStringList lines = md.split(QLatin1Char('\n'));
    QVERIFY2(lines.contains(QStringLiteral("| 2026-09-21 14:13:21 | event | promoted | critical | \\<b\\>x\\|y\\</b\\>\\\\n:6380: key "
                                           "\\<b\\>x\\|y\\</b\\>\\\\n promoted |")),
             qPrintable(md));
    QVERIFY2(lines.contains(QStringLiteral("| 1 | Look (look) | check | skipped | 2026-09-21 14:13:23 | 1.0 s | 2 | \\<b\\>x\\|y\\</b\\>\\\\n "
                                          "| skipped: \\<b\\>x\\|y\\</b\\>\\\\n | — |")),
             qPrintable(md));
    QVERIFY(lines.contains(QStringLiteral("- 2026-09-21 14:13:23 \\<b\\>x\\|y\\</b\\>\\\\n")));
    QVERIFY(lines.contains(QStringLiteral("| 2026-09-21 14:13:22 | sentinel-failover | \\<b\\>x\\|y\\</b\\>\\\\n | — | alice | succeeded "
                                          "| 7.5 s | promoted \\<b\\>x\\|y\\</b\\>\\\\n | op-1 |")));
    QVERIFY(lines.contains(QStringLiteral("| 2026-09-21 14:13:21 | \\<b\\>x\\|y\\</b\\>\\\\n | 10.0.0.1:6379 | 10.0.0.2:6379 | completed "
                                          "| 12.5 s | +switch-master | 3 |")));
    QVERIFY(lines.contains(QStringLiteral("![Used memory](plot-memory.png)")));
    QVERIFY(lines.contains(QStringLiteral("_No replica \\<b\\>x\\|y\\</b\\>\\\\n_")));

    const QString html = IncidentHtmlWriter::write(r);
    QVERIFY(html.contains(QStringLiteral("<td>2026-09-21 14:13:21</td><td>event</td><td>promoted</td><td>critical</td>"
                                         "<td>&lt;b&gt;x|y&lt;/b&gt;\\n:6380: key &lt;b&gt;x|y&lt;/b&gt;\\n promoted</td>")));
    QVERIFY(html.contains(QStringLiteral("<li>2026-09-21 14:13:23 &lt;b&gt;x|y&lt;/b&gt;\\n</li>")));
    QVERIFY(html.contains(QStringLiteral("<img src=\"plot-memory.png\" alt=\"Used memory\">")));
    QVERIFY(html.contains(QStringLiteral("<title>Incident report: prod-&lt;b&gt;x|y&lt;/b&gt;\\n</title>")));
}

QTEST_APPLESS_MAIN(TestIncidentReportWriters)
#include "tst_incidentreportwriters.moc"
