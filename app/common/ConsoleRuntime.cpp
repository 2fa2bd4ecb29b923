#include "ConsoleRuntime.h"

#include "ConsoleDrill.h"
#include "drills/DrillHistory.h"
#include "history/HistoryStore.h"

#include "health/AlertSettings.h"
#include "history/AsyncHistoryStore.h"
#include "history/ColleagueWatch.h"
#include "history/StoreLocation.h"
#include "lab/LocalLab.h"
#include "core/Clock.h"
#include "AppPaths.h"
#include "runbooks/RunbookLibrary.h"
#include "runbooks/RunbookRunner.h"
#include "session/DeploymentSession.h"

#include <QDir>
#include <QPointer>

#include <utility>


namespace ops {

ConsoleRuntime::ConsoleRuntime(QObject *parent)
    : QObject(parent), m_anchor(new QObject)
{
    qRegisterMetaType<ops::LabTopology>();
    qRegisterMetaType<ops::SnapshotPtr>();
    qRegisterMetaType<ops::OpsEvents>();
    qRegisterMetaType<ops::MetricBatch>();
    qRegisterMetaType<ops::ReshardIntent>();
    qRegisterMetaType<ops::ReshardProgress>();
    qRegisterMetaType<ops::MigrationViews>();
    qRegisterMetaType<ops::HealthContext>();
    qRegisterMetaType<ops::DrillScore>();
    m_thread.setObjectName(QStringLiteral("backend"));
    m_anchor->moveToThread(&m_thread);
    m_thread.start();
}

ConsoleRuntime::~ConsoleRuntime()
{
    // Stop lab processes and close connections on their own thread, then end it.
    QMetaObject::invokeMethod(m_anchor, [this] {
        qDeleteAll(m_sessions); // before the history store they write to
        m_sessions.clear();
        delete m_drill; // stops its lab
        m_drill = nullptr;
        delete m_anchor;
    }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_colleagues; // stops listening before the store it reads through goes
    m_colleagues = nullptr;
    delete m_history; // stores what the monitors sent, then stops its thread
    m_history = nullptr;
}

void ConsoleRuntime::startLab(const LabSpec &spec)
{
    QMetaObject::invokeMethod(m_anchor, [this, spec] {
        m_lab = new LocalLab(m_anchor);
        connect(m_lab, &LocalLab::progress, this, &ConsoleRuntime::labProgress);
        connect(m_lab, &LocalLab::ready, this, &ConsoleRuntime::labReady);
        connect(m_lab, &LocalLab::failed, this, &ConsoleRuntime::labFailed);
        m_lab->start(spec);
    });
}

void ConsoleRuntime::openHistory(const QString &filePath)
{
    if (m_history != nullptr) {
        emit historyProblem(tr("%1: the history is already open (%2)").arg(filePath, m_history->filePath()));
        return;
    }
    // Kept after a failed open: the monitors' writes then fail (logged) and queries answer the error.
    m_history = new AsyncHistoryStore(filePath);
    if (StoreLocation::looksLikeUrl(filePath)) { // the shared store down: journal in the data dir, flush later
        m_history->enableSpool(AppPaths::spoolFile());
        connect(m_history, &AsyncHistoryStore::storeStatusChanged, this, &ConsoleRuntime::storeStatusChanged);
    }
    m_history->open(this, [this](int, const HistoryError &error) {
        if (error.isError())
            emit historyProblem(error.message);
    });
    if (StoreLocation::looksLikeUrl(filePath)) { // team mode: what colleagues' consoles journal, live
        m_colleagues = new ColleagueWatch(filePath, m_history, this);
        connect(m_colleagues, &ColleagueWatch::colleagueOperation, this, &ConsoleRuntime::colleagueOperation);
        connect(m_colleagues, &ColleagueWatch::listening, this, &ConsoleRuntime::colleaguesListening);
        m_colleagues->start();
    }
}

QString ConsoleRuntime::historyLocation() const
{
    return m_history != nullptr ? m_history->filePath() : QString();
}

int ConsoleRuntime::startMonitor(const MonitorConfig &config, bool readOnly)
{
    const int id = m_nextMonitorId++;
    auto metrics = std::make_shared<MetricHistory>();
    m_metrics.insert(id, metrics);
    // Thresholds from the settings shared with `redis-ops check` (AlertSettings, group "alerts").
    const HealthThresholds thresholds = AlertSettings::load(QSettings()).thresholds;
    QMetaObject::invokeMethod(m_anchor, [this, id, config, readOnly, history = m_history, metrics, thresholds] {
        auto *session = new DeploymentSession({config, readOnly, {}, metrics, thresholds, {}, nullptr, {}}, history, Clock::system(), m_anchor);
        m_sessions.insert(id, session);
        // Queued to the GUI thread (this object lives there): shared immutable payloads only.
        connect(session, &DeploymentSession::snapshotChanged, this, [this, id](const SnapshotPtr &s) { emit snapshotChanged(id, s); });
        connect(session, &DeploymentSession::eventsRecorded, this, [this, id](const OpsEvents &e) { emit eventsRecorded(id, e); });
        connect(session, &DeploymentSession::samplesReady, this, [this, id](const MetricBatch &b) { emit samplesReady(id, b); });
        connect(session, &DeploymentSession::problem, this, [this, id](const QString &text) { emit monitorProblem(id, text); });
        connect(session, &DeploymentSession::actionPreview, this, [this, id](const ActionPreview &p) { emit actionPreview(id, p); });
        connect(session, &DeploymentSession::actionStarted, this, [this, id](const QString &op) { emit actionStarted(id, op); });
        connect(session, &DeploymentSession::actionProgress, this, [this, id](const ActionProgress &p) { emit actionProgress(id, p); });
        connect(session, &DeploymentSession::actionFinished, this, [this, id](const ActionOutcome &o) { emit actionFinished(id, o); });
        connect(session, &DeploymentSession::reshardProgress, this, [this, id](const ReshardProgress &p) { emit reshardProgress(id, p); });
        connect(session, &DeploymentSession::migrationsChanged, this, [this, id](const MigrationViews &m) { emit migrationsChanged(id, m); });
        connect(session, &DeploymentSession::healthContextChanged, this,
                [this, id, session] { emit healthContextChanged(id, session->healthContext()); }); // a copy: shared immutable parts
        session->start();
    });
    return id;
}

void ConsoleRuntime::previewFailover(int monitorId, const FailoverIntent &intent)
{
    QMetaObject::invokeMethod(m_anchor, [this, monitorId, intent] {
        if (DeploymentSession *session = m_sessions.value(monitorId))
            session->previewFailover(intent);
    });
}

void ConsoleRuntime::executeAction(int monitorId, const QString &previewId)
{
    QMetaObject::invokeMethod(m_anchor, [this, monitorId, previewId] {
        if (DeploymentSession *session = m_sessions.value(monitorId))
            session->executeAction(previewId);
    });
}

void ConsoleRuntime::executeTakingOverLease(int monitorId, const QString &previewId, const QString &holderOperation)
{
    QMetaObject::invokeMethod(m_anchor, [this, monitorId, previewId, holderOperation] {
        if (DeploymentSession *session = m_sessions.value(monitorId))
            session->executeTakingOverLease(previewId, holderOperation);
    });
}

void ConsoleRuntime::previewReshard(int monitorId, const ReshardIntent &intent)
{
    QMetaObject::invokeMethod(m_anchor, [this, monitorId, intent] {
        if (DeploymentSession *session = m_sessions.value(monitorId))
            session->previewReshard(intent);
    });
}

void ConsoleRuntime::previewResume(int monitorId, const QString &operationId)
{
    QMetaObject::invokeMethod(m_anchor, [this, monitorId, operationId] {
        if (DeploymentSession *session = m_sessions.value(monitorId))
            session->previewResume(operationId);
    });
}

void ConsoleRuntime::pauseAction(int monitorId, bool paused)
{
    QMetaObject::invokeMethod(m_anchor, [this, monitorId, paused] {
        if (DeploymentSession *session = m_sessions.value(monitorId))
            session->pauseAction(paused);
    });
}

void ConsoleRuntime::cancelAction(int monitorId)
{
    QMetaObject::invokeMethod(m_anchor, [this, monitorId] {
        if (DeploymentSession *session = m_sessions.value(monitorId))
            session->cancelAction();
    });
}

void ConsoleRuntime::queryHistory(const HistoryQuery &query, QObject *context, HistoryHandler handler)
{
    if (m_history != nullptr) {
        m_history->query(query, context, [handler = std::move(handler)](const QList<OpsEvent> &events, const HistoryError &error) {
            handler(events, error);
        });
        return;
    }
    QPointer<QObject> guard(context);
    // Queued like a real answer; dropped if the asking view is gone.
    QMetaObject::invokeMethod(this, [guard, handler = std::move(handler)] {
        if (guard)
            handler({}, HistoryError::make(HistoryError::Kind::Open, QStringLiteral("the history database is not open")));
    }, Qt::QueuedConnection);
}

void ConsoleRuntime::queryOperations(const OperationQuery &query, QObject *context, OperationsHandler handler)
{
    if (m_history != nullptr) {
        m_history->operations(query, context, [handler = std::move(handler)](const QList<OperationRecord> &ops, const HistoryError &error) {
            handler(ops, error);
        });
        return;
    }
    // Without a store: the same queued "not open" answer as a history query.
    queryHistory({}, context, [handler = std::move(handler)](const QList<OpsEvent> &, const HistoryError &error) { handler({}, error); });
}

void ConsoleRuntime::countKeys(int monitorId, int firstSlot, int lastSlot, QObject *context, KeyCountHandler handler)
{
    QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(m_anchor, [this, monitorId, firstSlot, lastSlot, guard, handler = std::move(handler)] {
        auto reply = [this, guard, handler](const SlotKeyCountsPtr &counts) {
            // Back to the GUI thread; dropped if the asking view is gone.
            QMetaObject::invokeMethod(this, [guard, handler, counts] {
                if (guard)
                    handler(counts);
            }, Qt::QueuedConnection);
        };
        DeploymentSession *session = m_sessions.value(monitorId);
        if (!session) {
            reply(std::make_shared<const SlotKeyCounts>(tr("the deployment is no longer watched"), SlotRange{firstSlot, lastSlot}));
            return;
        }
        session->countKeys(SlotRange{firstSlot, lastSlot}, reply);
    });
}

void ConsoleRuntime::stopMonitor(int monitorId)
{
    m_metrics.remove(monitorId); // the page and the session keep theirs until they go
    QMetaObject::invokeMethod(m_anchor, [this, monitorId] {
        delete m_runbooks.take(monitorId); // its journal says where it stopped: resumable
        delete m_sessions.take(monitorId);
    });
}

void ConsoleRuntime::refreshNow(int monitorId)
{
    QMetaObject::invokeMethod(m_anchor, [this, monitorId] {
        if (DeploymentSession *session = m_sessions.value(monitorId))
            session->pollNow(true); // settings too: a fixed setting shows on the Health page at once
    });
}

void ConsoleRuntime::setHealthThresholds(const HealthThresholds &thresholds)
{
    QMetaObject::invokeMethod(m_anchor, [this, thresholds] {
        for (DeploymentSession *session : std::as_const(m_sessions))
            session->setThresholds(thresholds);
    });
}

RunbookRunner *ConsoleRuntime::newRunner(int monitorId, const RunbookLibrary::Loaded &loaded, QString *why)
{
    DeploymentSession *session = m_sessions.value(monitorId);
    if (!session)
        *why = tr("the deployment is not watched any more");
    else if (!m_history)
        *why = tr("no operations journal (a runbook never runs unrecorded)");
    else if (!loaded.runbook)
        *why = loaded.errors.join(QStringLiteral("; "));
    else if (RunbookRunner *running = m_runbooks.value(monitorId); running && !running->state().ended())
        *why = tr("runbook '%1' is running on this deployment").arg(running->runbook().id);
    if (!why->isEmpty())
        return nullptr;
    delete m_runbooks.take(monitorId);
    auto *runner = new RunbookRunner(*loaded.runbook, loaded.sha256, session, m_history, Clock::system(), {}, m_anchor);
    m_runbooks.insert(monitorId, runner);
    connect(runner, &RunbookRunner::stateChanged, this, [this, monitorId](const RunbookRunState &s) { emit runbookChanged(monitorId, s); });
    return runner;
}

void ConsoleRuntime::startRunbook(int monitorId, const QString &path, const QHash<QString, QString> &inputs)
{
    QMetaObject::invokeMethod(m_anchor, [this, monitorId, path, inputs] {
        const RunbookLibrary::Loaded loaded = RunbookLibrary::load(path);
        const RunbookInputs::Result resolved = loaded.runbook ? RunbookInputs::resolve(*loaded.runbook, inputs) : RunbookInputs::Result{};
        QString why = resolved.errors.join(QStringLiteral("; "));
        RunbookRunner *runner = why.isEmpty() ? newRunner(monitorId, loaded, &why) : nullptr;
        if (!runner) {
            RunbookRunState refused;
            refused.state = OperationRecord::State::Failed;
            refused.runbookId = loaded.runbook ? loaded.runbook->id : QString();
            refused.outcome = tr("Not started: %1").arg(why);
            emit runbookChanged(monitorId, refused);
            return;
        }
        runner->start(resolved);
    });
}

void ConsoleRuntime::resumeRunbook(int monitorId, const QString &operationId)
{
    QMetaObject::invokeMethod(m_anchor, [this, monitorId, operationId] {
        const auto refuse = [this, monitorId, operationId](const QString &why) {
            RunbookRunState refused;
            refused.state = OperationRecord::State::Failed;
            refused.outcome = tr("Not resumed: %1").arg(why);
            emit runbookChanged(monitorId, refused);
        };
        if (!m_history)
            return refuse(tr("no operations journal"));
        m_history->operation(operationId, m_anchor, [this, monitorId, operationId, refuse](const std::optional<OperationRecord> &op,
                                                                                          const HistoryError &e) {
            if (e.isError() || !op)
                return refuse(e.isError() ? e.message : tr("operation %1 is not in the journal").arg(operationId));
            DeploymentSession *session = m_sessions.value(monitorId);
            if (session && session->deploymentId() != op->deploymentId)
                return refuse(tr("run %1 was on %2, not on this deployment").arg(op->id.left(8), op->deploymentId));
            const RunbookLibrary::Loaded loaded =
                RunbookLibrary({QDir(AppPaths::dataDir()).filePath(QStringLiteral("runbooks"))}).forRun(*op);
            QString why;
            RunbookRunner *runner = newRunner(monitorId, loaded, &why);
            if (!runner)
                return refuse(why);
            runner->resume(*op);
        });
    });
}

void ConsoleRuntime::answerRunbook(int monitorId, const RunbookAnswer &answer)
{
    QMetaObject::invokeMethod(m_anchor, [this, monitorId, answer] {
        RunbookRunner *runner = m_runbooks.value(monitorId);
        if (!runner)
            return;
        switch (answer.kind) {
        case RunbookAnswer::Kind::Confirm: runner->confirm(answer.text); break;
        case RunbookAnswer::Kind::Retry: runner->retry(); break;
        case RunbookAnswer::Kind::Skip: runner->skip(answer.text); break;
        case RunbookAnswer::Kind::Note: runner->addNote(answer.text); break;
        case RunbookAnswer::Kind::Abort: runner->abort(answer.text); break;
        }
    });
}

void ConsoleRuntime::startDrill(const QString &scenarioId, quint32 seed, const QString &trainee)
{
    QMetaObject::invokeMethod(m_anchor, [this, scenarioId, seed, trainee] {
        const std::optional<DrillScenario> scenario = DrillScenario::find(scenarioId);
        QString refused;
        if (!scenario)
            refused = tr("there is no drill named '%1'").arg(scenarioId);
        else if (m_drill != nullptr)
            refused = tr("drill '%1' is open: close it first").arg(m_drill->scenario().id);
        if (!refused.isEmpty()) {
            DrillScore score;
            score.scenarioId = scenarioId;
            score.trainee = trainee;
            score.seed = seed;
            score.outcome = QStringLiteral("refused");
            score.note = refused;
            emit drillFinished(score, {});
            return;
        }
        DrillSession::Options options;
        options.seed = seed;
        options.trainee = trainee;
        m_drill = new ConsoleDrill(*scenario, options, m_history, m_anchor);
        connect(m_drill, &ConsoleDrill::progress, this, &ConsoleRuntime::drillProgress);
        connect(m_drill, &ConsoleDrill::labReady, this, &ConsoleRuntime::drillLabReady);
        connect(m_drill, &ConsoleDrill::injected, this, &ConsoleRuntime::drillInjected);
        connect(m_drill, &ConsoleDrill::recoveryChecked, this, &ConsoleRuntime::drillChecked);
        connect(m_drill, &ConsoleDrill::actionSeen, this, &ConsoleRuntime::drillActionSeen);
        connect(m_drill, &ConsoleDrill::finished, this, &ConsoleRuntime::drillFinished);
        m_drill->start();
    });
}

void ConsoleRuntime::acknowledgeDrill()
{
    QMetaObject::invokeMethod(m_anchor, [this] {
        if (m_drill != nullptr)
            m_drill->acknowledge();
    });
}

void ConsoleRuntime::abortDrill()
{
    QMetaObject::invokeMethod(m_anchor, [this] {
        if (m_drill != nullptr)
            m_drill->abort();
    });
}

void ConsoleRuntime::closeDrill()
{
    QMetaObject::invokeMethod(m_anchor, [this] {
        if (m_drill == nullptr)
            return;
        ConsoleDrill *drill = std::exchange(m_drill, nullptr);
        drill->disconnect(this); // its last signals (an abort's end) are not the next drill's
        if (drill->hasEnded())
            return drill->deleteLater();
        // A running drill's faults are undone first (a SIGSTOPped master is continued), then its lab goes.
        connect(drill, &ConsoleDrill::finished, drill, &QObject::deleteLater);
        drill->abort();
    });
}

void ConsoleRuntime::queryDrillRuns(const QString &trainee, QObject *context, DrillRunsHandler handler)
{
    if (m_history == nullptr)
        return queryHistory({}, context, [handler = std::move(handler)](const QList<OpsEvent> &, const HistoryError &e) { handler({}, e); });
    m_history->submit<QList<DrillScore>>(context, std::move(handler), [trainee](HistoryStore &store) {
        HistoryError error;
        QList<DrillScore> runs = DrillHistory::runs(store, trainee, &error);
        return std::pair{std::move(runs), error};
    });
}

} // namespace ops
