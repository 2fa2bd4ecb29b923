#include "DrillSession.h"

#include "DrillFaults.h"
#include "DrillRecoveryCheck.h"
#include "DrillWriter.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "lab/LocalLab.h"
#include "runbooks/RunbookLibrary.h"

#include <QSet>

namespace ops {

namespace {
auto log() { return Logging::get("drills"); }
} // namespace

DrillSession::DrillSession(DrillScenario scenario, Options options, QObject *parent)
    : QObject(parent),
      m_scenario(std::move(scenario)),
      m_options(std::move(options)),
      m_clock(m_options.clock != nullptr ? m_options.clock : Clock::system()),
      m_lab(new LocalLab(this)),
      m_faults(new DrillFaults(m_lab, this)),
      m_check(new DrillRecoveryCheck(m_lab, this))
{
    m_score.scenarioId = m_scenario.id;
    m_score.trainee = m_options.trainee;
    m_score.seed = m_options.seed;
    if (!m_scenario.runbookId.isEmpty()) {
        const RunbookLibrary::Loaded rb = RunbookLibrary().find(m_scenario.runbookId);
        if (rb.runbook)
            m_score.runbookSteps = int(rb.runbook->steps.size());
    }
    m_poll.setInterval(m_options.pollMs);
    connect(&m_poll, &QTimer::timeout, this, &DrillSession::poll);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_state == State::Running)
            scoreAndFinish(QStringLiteral("failed"), QStringLiteral("not recovered in time: ") + m_lastCheck);
    });
    connect(m_lab, &LocalLab::progress, this, &DrillSession::progress);
    connect(m_lab, &LocalLab::failed, this, [this](const QString &error) { fail(QStringLiteral("the lab did not start: ") + error); });
    connect(m_lab, &LocalLab::ready, this, [this] {
        if (m_state != State::StartingLab)
            return;
        setState(State::Loading);
        emit progress(QStringLiteral("loading %1 keys").arg(m_scenario.dataKeys));
        m_lab->loadSampleData(m_scenario.dataKeys, [this](const QString &error) {
            if (m_state != State::Loading)
                return;
            if (!error.isEmpty())
                return fail(QStringLiteral("loading data failed: ") + error);
            startWriter();
        });
    });
}

DrillSession::~DrillSession() = default;

void DrillSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    log()->debug("drill {}: state {}", m_scenario.id.toStdString(), int(state));
    emit stateChanged(state);
}

void DrillSession::start()
{
    if (m_state != State::Idle)
        return;
    log()->info("drill {} (seed {}) starting for {}", m_scenario.id.toStdString(), m_options.seed,
                m_options.trainee.toStdString());
    setState(State::StartingLab);
    m_lab->start(m_scenario.lab);
}

void DrillSession::startWriter()
{
    setState(State::Warming);
    emit progress(QStringLiteral("starting the application's writer"));
    m_writer = new DrillWriter(m_lab->topology(), {}, this);
    m_writer->start();
    // The fault goes in once the application is demonstrably writing.
    auto *warm = new QTimer(this);
    warm->setInterval(20);
    connect(warm, &QTimer::timeout, this, [this, warm] {
        if (m_state != State::Warming)
            return warm->deleteLater();
        if (m_writer->acknowledged() >= m_options.warmWrites) {
            warm->deleteLater();
            inject();
        }
    });
    warm->start();
}

void DrillSession::inject()
{
    setState(State::Injecting);
    emit progress(QStringLiteral("injecting the fault"));
    m_faults->inject(m_scenario.fault, m_options.seed, [this](const QString &error) {
        if (m_state != State::Injecting)
            return;
        if (!error.isEmpty())
            return fail(QStringLiteral("injecting the fault failed: ") + error);
        m_faultAt = m_clock->monotonicMs();
        m_score.startedMs = m_clock->wallMs();
        log()->info("drill {}: fault injected ({})", m_scenario.id.toStdString(),
                    m_faults->records().constLast().toString().toStdString());
        setState(State::Running);
        m_poll.start();
        if (m_options.timeoutMs > 0)
            m_timeout.start(m_options.timeoutMs);
        emit injected(m_lab->topology().toText());
    });
}

qint64 DrillSession::sinceFault() const
{
    return m_faultAt < 0 ? -1 : m_clock->monotonicMs() - m_faultAt;
}

void DrillSession::acknowledge()
{
    if (m_state == State::Running && m_score.detectMs < 0)
        m_score.detectMs = sinceFault();
}

void DrillSession::recordAction(const QString &action)
{
    if (m_state != State::Running)
        return;
    acknowledge();
    m_score.actions << action;
}

void DrillSession::poll()
{
    if (m_state != State::Running || m_checking)
        return;
    m_checking = true;
    const int slot = m_faults->records().isEmpty() ? -1 : m_faults->records().first().slot;
    m_check->check(m_scenario.recovery, m_faults->faultedNode(), [this](bool ok, const QString &why) {
        m_checking = false;
        m_lastCheck = why;
        emit recoveryChecked(ok, why);
        if (ok && m_state == State::Running)
            recovered();
    }, slot);
}

void DrillSession::recovered()
{
    m_score.recoverMs = sinceFault();
    log()->info("drill {}: recovered after {} ms", m_scenario.id.toStdString(), m_score.recoverMs);
    scoreAndFinish(QStringLiteral("recovered"), {});
}

void DrillSession::scoreAndFinish(const QString &outcome, const QString &note)
{
    m_poll.stop();
    m_timeout.stop();
    setState(outcome == QLatin1String("aborted") ? State::Aborting : State::Scoring);
    m_score.outcome = outcome;
    m_score.note = note;
    QSet<QString> matched;
    if (!m_scenario.runbookId.isEmpty()) {
        const RunbookLibrary::Loaded rb = RunbookLibrary().find(m_scenario.runbookId);
        if (rb.runbook)
            for (const RunbookStep &step : rb.runbook->steps)
                if (m_score.actions.contains(step.id))
                    matched.insert(step.id);
    }
    m_score.matchedSteps = int(matched.size());
    auto undoAndFinish = [this] {
        m_faults->undo([this](const QString &error) {
            if (!error.isEmpty())
                m_score.note += (m_score.note.isEmpty() ? QString() : QStringLiteral("; ")) + QStringLiteral("undo failed: ") + error;
            // Queued: the undo's last reply handler runs on a lab connection, and a receiver of
            // finished() may stop the lab.
            QMetaObject::invokeMethod(this, [this] {
                setState(State::Finished);
                emit finished(m_score);
            }, Qt::QueuedConnection);
        });
    };
    if (m_writer == nullptr)
        return undoAndFinish();
    m_writer->stop([this, outcome, undoAndFinish] {
        m_score.ackedWrites = m_writer->acknowledged();
        if (outcome != QLatin1String("recovered"))
            return undoAndFinish();
        m_writer->countLost([this, undoAndFinish](qint64 lost, const QString &error) {
            m_score.lostWrites = lost;
            if (!error.isEmpty())
                m_score.note = QStringLiteral("reading the writes back failed: ") + error;
            undoAndFinish();
        });
    });
}

void DrillSession::abort()
{
    if (m_state == State::Finished || m_state == State::Aborting || m_state == State::Scoring)
        return;
    log()->info("drill {}: aborted", m_scenario.id.toStdString());
    if (m_state == State::Idle || m_state == State::StartingLab || m_state == State::Loading) {
        m_score.outcome = QStringLiteral("aborted");
        setState(State::Finished);
        emit finished(m_score);
        return;
    }
    scoreAndFinish(QStringLiteral("aborted"), {});
}

void DrillSession::fail(const QString &why)
{
    log()->warn("drill {}: {}", m_scenario.id.toStdString(), why.toStdString());
    scoreAndFinish(QStringLiteral("failed"), why);
}

} // namespace ops
