#include "DrillCommand.h"

#include "AppPaths.h"
#include "SignalWatcher.h"
#include "TextTable.h"
#include "drills/DrillActivity.h"
#include "drills/DrillHistory.h"
#include "drills/DrillScenario.h"
#include "drills/DrillSession.h"
#include "drills/DrillTrend.h"
#include "history/HistoryStore.h"
#include "lab/LocalLab.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QSocketNotifier>
#include <QTimeZone>
#include <QTimer>

#include <memory>

#include <unistd.h>

namespace ops {

namespace {
QString seconds(qint64 ms)
{
    return ms < 0 ? QStringLiteral("-") : QString::number(double(ms) / 1000.0, 'f', 1);
}

QString defaultTrainee()
{
    const QByteArray user = qgetenv("USER");
    return user.isEmpty() ? QStringLiteral("trainee") : QString::fromLocal8Bit(user);
}
} // namespace

void DrillCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Training drills on a local lab: list, run NAME, history."));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, run NAME or history"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Picks the node, sentinel or slot the fault hits (default 1)."),
                                  QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption trainee(QStringLiteral("trainee"), QStringLiteral("Who runs the drill (default: $USER); history: whose runs."),
                                     QStringLiteral("name"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), QStringLiteral("Give up after this many seconds (default: never)."),
                                     QStringLiteral("s"), QStringLiteral("0"));
    parser.addOptions({seed, trainee, timeout});
    if (!parseArguments(parser, args))
        return;
    const QStringList words = parser.positionalArguments();
    const QString action = words.value(0);
    if (action == QLatin1String("list") && words.size() == 1)
        return list();
    if (action == QLatin1String("history") && words.size() == 1)
        return history(parser.value(trainee));
    if (action != QLatin1String("run") || words.size() != 2)
        return usageError(QStringLiteral("drill needs: list, run NAME or history"), parser.helpText());
    const auto scenario = DrillScenario::find(words.at(1));
    if (!scenario)
        return usageError(QStringLiteral("no drill named '%1' (see 'redis-ops drill list')").arg(words.at(1)), parser.helpText());
    bool okSeed = false, okTimeout = false;
    const uint n = parser.value(seed).toUInt(&okSeed);
    const int t = parser.value(timeout).toInt(&okTimeout);
    if (!okSeed || !okTimeout || t < 0)
        return usageError(QStringLiteral("--seed and --timeout take non-negative numbers"), parser.helpText());
    runDrill(*scenario, n, parser.isSet(trainee) ? parser.value(trainee) : defaultTrainee(), t);
}

void DrillCommand::list()
{
    TextTable table({QStringLiteral("DRILL"), QStringLiteral("LAB"), QStringLiteral("FAULT"), QStringLiteral("RUNBOOK"),
                     QStringLiteral("TITLE")});
    for (const DrillScenario &d : DrillScenario::catalogue())
        table.addRow({d.id, LabSpec::kindName(d.lab.kind), DrillScenario::faultName(d.fault),
                      d.runbookId.isEmpty() ? QStringLiteral("-") : d.runbookId, d.title});
    out(table.toString());
    finish(ExitOk);
}

void DrillCommand::runDrill(const DrillScenario &scenario, quint32 seed, const QString &trainee, int timeoutS)
{
    DrillSession::Options options;
    options.seed = seed;
    options.trainee = trainee;
    options.timeoutMs = timeoutS * 1000;
    m_session = new DrillSession(scenario, options, this);
    err(QStringLiteral("drill %1: %2").arg(scenario.id, scenario.title));
    connect(m_session, &DrillSession::progress, this, [](const QString &step) { err(QStringLiteral("drill: ") + step); });
    connect(m_session, &DrillSession::injected, this, [this, scenario](const QString &endpoints) {
        out(QStringLiteral("The drill has started. %1\n\nLab endpoints (connect the console or redis-ops to them):\n%2")
                .arg(scenario.briefing, endpoints));
        if (!scenario.runbookId.isEmpty())
            out(QStringLiteral("Runbook to follow: redis-ops runbook run %1").arg(scenario.runbookId));
        out(QStringLiteral("Here: Enter = acknowledge, a runbook step id = record that step, 'abort' = undo the fault "
                           "and stop (Ctrl-C too). The drill ends when the deployment is healthy again."));
        m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
        connect(m_stdin, &QSocketNotifier::activated, this, &DrillCommand::onInput);
        watchHistory();
    });
    connect(m_session, &DrillSession::finished, this, [this](const DrillScore &score) {
        if (m_stdin != nullptr)
            m_stdin->setEnabled(false);
        out(score.toText());
        if (m_session->state() == DrillSession::State::Finished && score.startedMs > 0) {
            HistoryStore store(AppPaths::historyFile());
            HistoryError e = store.open();
            if (!e.isError())
                e = DrillHistory::save(store, score);
            if (e.isError())
                err(QStringLiteral("redis-ops: the score was not stored: %1").arg(e.message));
        }
        m_session->lab()->stop();
        finish(score.outcome == QLatin1String("recovered") ? ExitOk : ExitFailed);
    });
    auto *watcher = new SignalWatcher(this);
    connect(watcher, &SignalWatcher::interrupted, this, [this] {
        err(QStringLiteral("aborting the drill: undoing the fault..."));
        m_session->abort();
    });
    m_session->start();
}

void DrillCommand::watchHistory()
{
    // What the trainee does in the console or another terminal lands in the shared history.
    auto store = std::make_shared<HistoryStore>(AppPaths::historyFile());
    if (const HistoryError e = store->open(); e.isError()) {
        err(QStringLiteral("redis-ops: actions in the console are not scored: %1").arg(e.message));
        return;
    }
    auto activity = std::make_shared<DrillActivity>(m_session->score().startedMs);
    auto *timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, [this, store, activity] {
        if (m_session->state() != DrillSession::State::Running)
            return;
        for (const QString &action : activity->poll(*store)) {
            m_session->recordAction(action);
            err(QStringLiteral("seen in the history: ") + action);
        }
    });
    timer->start(kHistoryPollMs);
}

void DrillCommand::onInput()
{
    char buffer[512];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n <= 0) { // end of input: nothing more to read, the drill goes on
        m_stdin->setEnabled(false);
        return;
    }
    m_input.append(buffer, n);
    for (qsizetype end = m_input.indexOf('\n'); end >= 0; end = m_input.indexOf('\n')) {
        const QString line = QString::fromLocal8Bit(m_input.left(end)).trimmed();
        m_input.remove(0, end + 1);
        if (line == QLatin1String("abort")) {
            err(QStringLiteral("aborting the drill: undoing the fault..."));
            return m_session->abort();
        }
        if (line.isEmpty() || line == QLatin1String("ack")) {
            m_session->acknowledge();
            err(QStringLiteral("acknowledged"));
        } else {
            m_session->recordAction(line);
            err(QStringLiteral("recorded: ") + line);
        }
    }
}

void DrillCommand::history(const QString &trainee)
{
    HistoryStore store(AppPaths::historyFile());
    HistoryError e = store.open();
    const QList<DrillScore> runs = e.isError() ? QList<DrillScore>{} : DrillHistory::runs(store, trainee, &e);
    if (e.isError()) {
        err(QStringLiteral("redis-ops: %1").arg(e.message));
        return finish(ExitFailed);
    }
    TextTable table({QStringLiteral("STARTED (UTC)"), QStringLiteral("DRILL"), QStringLiteral("TRAINEE"), QStringLiteral("OUTCOME"),
                     QStringLiteral("DETECT S"), QStringLiteral("RECOVER S"), QStringLiteral("LOST"), QStringLiteral("STEPS")});
    for (const DrillScore &s : runs) {
        table.addRow({QDateTime::fromMSecsSinceEpoch(s.startedMs, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                      s.scenarioId, s.trainee, s.outcome, seconds(s.detectMs), seconds(s.recoverMs),
                      s.lostWrites < 0 ? QStringLiteral("-") : QString::number(s.lostWrites),
                      s.runbookSteps > 0 ? QStringLiteral("%1/%2").arg(s.matchedSteps).arg(s.runbookSteps)
                                         : QString::number(s.actions.size())});
    }
    out(table.toString());
    // Compared over time: first, best and last run of each trainee on each drill.
    for (const DrillTrend &t : DrillTrend::of(runs))
        out(t.toText());
    finish(ExitOk);
}

} // namespace ops
