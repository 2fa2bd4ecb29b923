// An incident report of a real runbook run on a Sentinel lab: a drill whose first check fails
// (noted with hostile text, skipped with a hostile reason), a command, a journaled graceful
// failover, a manual step confirmed — while the session records events and metric samples. The
// report built from the history file has the steps with outcomes and notes, the failover
// operation and its episode, the events; its HTML and Markdown show the hostile text escaped;
// the plots are PNGs that decode and are not blank. `redis-ops report` on the same history
// writes the same steps and says where the plots come from.
#include "CliProcess.h"
#include "LabFixture.h"
#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "lab/LocalLab.h"
#include "reports/IncidentPlotRenderer.h"
#include "reports/IncidentReportBuilder.h"
#include "TestPaths.h"
#include "reports/IncidentReportFiles.h"
#include "reports/ReportText.h"
#include "runbooks/RunbookLibrary.h"
#include "runbooks/RunbookRunner.h"
#include "session/DeploymentSession.h"

#include <QDir>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ops;

namespace {

const char kDrill[] = R"(id: incident-drill
title: Incident drill
applies_to: sentinel
steps:
  - id: impossible
    title: Lag above a gigabyte
    check: replication.max_lag_bytes > 1gb
  - id: read
    title: Read maxmemory
    command: [CONFIG, GET, maxmemory]
  - id: fail-over
    title: Fail over
    action:
      name: failover
      params:
        mode: graceful
  - id: look
    title: The operator looks
    manual: Look at the lag plots.
)";

// The runner takes line breaks in notes (not CR or escapes: those are refused at the door; the
// writers' unit tests cover them in server data).
const QString kNote = QStringLiteral("<b>lag</b> graphs\nflat | *ok* `x`");
const QString kReason = QStringLiteral("<img src=x onerror=alert(1)> not today");

QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

int colouredPixels(const QImage &image)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += image.pixelColor(x, y).saturation() > 80;
    return n;
}

} // namespace

class TestIncidentReport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void reportOfARunbookRun();

private:
    QTemporaryDir m_home;
    QString m_historyFile;
    std::unique_ptr<AsyncHistoryStore> m_history;
    std::unique_ptr<LocalLab> m_lab;
};

void TestIncidentReport::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_home.setAutoRemove(!qEnvironmentVariableIsSet("OPSCONSOLE_KEEP_REPORT")); // to look at the report by eye
    m_historyFile = m_home.filePath(QStringLiteral("data/history.sqlite")); // where `redis-ops --data-dir <home>/data` reads
    m_history = std::make_unique<AsyncHistoryStore>(m_historyFile);
    bool ok = false;
    m_history->open(this, [&ok](int, const HistoryError &e) { ok = !e.isError(); });
    QTRY_VERIFY_WITH_TIMEOUT(ok, 10000);
    m_lab = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_lab);
}

void TestIncidentReport::cleanupTestCase()
{
    m_lab.reset();
    m_history.reset();
}

void TestIncidentReport::reportOfARunbookRun()
{
    const LabTopology &t = m_lab->topology();
    DeploymentSession::Options o;
    o.monitor.kind = MonitorConfig::Kind::Sentinel;
    o.monitor.masterName = t.spec.masterName.toUtf8();
    for (const LabNode &s : t.nodesWithRole(LabNode::Role::Sentinel))
        o.monitor.seeds << s.endpoint;
    o.monitor.dataOptions = t.connectionOptions(t.nodesWithRole(LabNode::Role::Master).first().endpoint);
    o.monitor.sentinelOptions = o.monitor.dataOptions;
    o.monitor.intervalMs = 500;
    o.monitor.staleAfterMs = 1500;
    DeploymentSession session(o, m_history.get(), Clock::system());
    session.start();
    QTRY_VERIFY_WITH_TIMEOUT(session.snapshot() && session.snapshot()->nodes.size() >= 3, 20000);
    const QString deploymentId = session.snapshot()->deploymentId;

    // The drill, driven as an operator would.
    const QString file = m_home.filePath(QStringLiteral("drill.yaml"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(kDrill) > 0);
    }
    const RunbookLibrary::Loaded l = RunbookLibrary::load(file);
    QVERIFY2(l.runbook, qPrintable(l.errors.join(QLatin1Char('\n'))));
    RunbookRunner runner(*l.runbook, l.sha256, &session, m_history.get(), Clock::system(), {});
    QSignalSpy finished(&runner, &RunbookRunner::finished);
    runner.start(RunbookInputs::resolve(*l.runbook, {}));
    const auto waitingOn = [&](RunbookPrompt::Kind kind, int step) {
        return QTest::qWaitFor([&] { return runner.state().prompt.kind == kind && runner.state().prompt.step == step; }, 30000);
    };
    QVERIFY(waitingOn(RunbookPrompt::Kind::StepFailed, 0));
    runner.addNote(kNote);
    runner.skip(kReason);
    QVERIFY(waitingOn(RunbookPrompt::Kind::ConfirmAction, 2));
    runner.confirm(runner.state().prompt.preview.confirmText);
    QVERIFY(waitingOn(RunbookPrompt::Kind::Manual, 3));
    runner.addNote(QStringLiteral("plots look fine"));
    runner.confirm();
    QVERIFY(finished.wait(90000));
    const RunbookRunState end = finished.first().first().value<RunbookRunState>();
    QCOMPARE(end.state, OperationRecord::State::Succeeded);
    const QString failoverId = end.steps.at(2).operationId;
    QVERIFY(!failoverId.isEmpty());

    // The report, from a reader of its own on the history file (as an exporter off the GUI thread).
    HistoryStore store(m_historyFile);
    QVERIFY(!store.open().isError());
    IncidentReportBuilder::Request request;
    request.runOperationId = end.operationId;
    request.marginMs = 60'000;
    IncidentReport report;
    HistoryError error;
    // The episode ends with +switch-master, which the session stores when a sentinel says so.
    QTRY_VERIFY_WITH_TIMEOUT((report = IncidentReportBuilder::build(store, request, &error),
                              !error.isError() && !report.episodes.isEmpty()
                                  && report.episodes.first().outcome == FailoverEpisode::Outcome::Completed),
                             20000);
    QCOMPARE(report.deploymentId, deploymentId);
    QVERIFY(report.run);
    QCOMPARE(report.run->steps.size(), 4);
    QCOMPARE(report.run->steps.at(0).state.status, RunbookStepState::Status::Skipped);
    QVERIFY2(report.run->steps.at(0).state.detail.contains(kReason), qPrintable(report.run->steps.at(0).state.detail));
    QCOMPARE(report.run->steps.at(0).attempts, 1); // the skip is the operator's answer, not an attempt
    QVERIFY(report.run->steps.at(0).what.contains(QStringLiteral("replication.max_lag_bytes")));
    QCOMPARE(report.run->steps.at(0).notes.size(), 1);
    QCOMPARE(report.run->steps.at(0).notes.first().text, kNote);
    QCOMPARE(report.run->steps.at(2).state.operationId, failoverId);
    QCOMPARE(report.run->steps.at(3).notes.first().text, QStringLiteral("plots look fine"));
    QVERIFY(std::any_of(report.operations.cbegin(), report.operations.cend(), [&](const OperationRecord &op) {
        return op.id == failoverId && op.kind == QLatin1String("sentinel-failover") && op.state == OperationRecord::State::Succeeded;
    }));
    QVERIFY(std::any_of(report.events.cbegin(), report.events.cend(),
                        [](const OpsEvent &e) { return e.kindName() == QLatin1String("+switch-master"); }));
    QVERIFY(report.episodes.first().durationMs() >= 0);

    const QString folder = m_home.filePath(QStringLiteral("report"));
    IncidentPlotRenderer::Options plotOptions;
    plotOptions.highlightFromMs = report.run->record.startedMs;
    plotOptions.highlightToMs = report.run->record.endedMs;
    IncidentPlotRenderer::render(*session.metricHistory(), folder, report, plotOptions, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY2(report.plotsNote.isEmpty(), qPrintable(report.plotsNote));
    const QStringList written = IncidentReportFiles::write(report, folder, IncidentReportFiles::Markdown | IncidentReportFiles::Html, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(written.size(), 2);
    { // kept with the test output, to be looked at (plots, Markdown, HTML)
        const QDir keep(testOutputDir() + QStringLiteral("/incident-report"));
        QVERIFY(keep.mkpath(QStringLiteral(".")));
        for (const QString &name : QDir(folder).entryList(QDir::Files)) {
            QFile::remove(keep.filePath(name));
            QVERIFY(QFile::copy(QDir(folder).filePath(name), keep.filePath(name)));
        }
    }

    const QString md = readAll(QDir(folder).filePath(IncidentReportFiles::markdownName()));
    const QString html = readAll(QDir(folder).filePath(IncidentReportFiles::htmlName()));
    for (const QString &needle : {QStringLiteral("Incident drill"), QStringLiteral("Lag above a gigabyte (impossible)"), QStringLiteral("skipped"),
                                  QStringLiteral("sentinel-failover"), QStringLiteral("+switch-master"), failoverId,
                                  QStringLiteral("plots look fine")}) {
        QVERIFY2(md.contains(ReportText::markdown(needle)), qPrintable(needle));
        QVERIFY2(html.contains(ReportText::html(needle)), qPrintable(needle));
    }
    QVERIFY(md.contains(ReportText::markdown(kNote)));
    QVERIFY(md.contains(ReportText::markdown(kReason)));
    QVERIFY(html.contains(ReportText::html(kNote)));
    QVERIFY(html.contains(ReportText::html(kReason)));
    QVERIFY(!html.contains(QStringLiteral("<b>lag")) && !html.contains(QStringLiteral("<img src=x")));
    QVERIFY(!md.contains(QStringLiteral("<b>lag")) && !md.contains(QStringLiteral("graphs\nflat")));

    // Every plot with data (a Sentinel lab has replicas and memory) decodes and is not blank.
    int images = 0;
    for (const IncidentPlot &p : std::as_const(report.plots)) {
        QVERIFY2(!p.fileName.isEmpty(), qPrintable(p.title + QStringLiteral(": ") + p.missing));
        const QImage image(QDir(folder).filePath(p.fileName));
        QVERIFY2(!image.isNull(), qPrintable(p.fileName));
        QVERIFY2(colouredPixels(image) > 300, qPrintable(p.fileName));
        QVERIFY(md.contains(QStringLiteral("](%1)").arg(p.fileName)));
        QVERIFY(html.contains(QStringLiteral("src=\"%1\"").arg(p.fileName)));
        ++images;
    }
    QCOMPARE(images, 4);

    // The CLI on the same history: the same run, no plots and a note saying why.
    CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                   {QStringLiteral("report"), QStringLiteral("--runbook-run"), end.operationId, QStringLiteral("--format"), QStringLiteral("md"),
                    QStringLiteral("--output"), m_home.filePath(QStringLiteral("cli-report"))});
    QVERIFY(cli.finished(30000));
    QVERIFY2(cli.process().exitCode() == 0, cli.err().constData());
    const QString cliMd = readAll(m_home.filePath(QStringLiteral("cli-report/incident-report.md")));
    QVERIFY(cliMd.contains(ReportText::markdown(kNote)));
    QVERIFY(cliMd.contains(ReportText::markdown(QStringLiteral("Lag above a gigabyte (impossible)"))));
    QVERIFY(cliMd.contains(QStringLiteral("metric samples are kept only in memory")));
    QVERIFY(!QFileInfo::exists(m_home.filePath(QStringLiteral("cli-report/incident-report.html"))));
}

QTEST_MAIN(TestIncidentReport)
#include "tst_incidentreport.moc"
