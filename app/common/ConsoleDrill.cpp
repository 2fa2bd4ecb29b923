#include "ConsoleDrill.h"

#include "drills/DrillActivity.h"
#include "drills/DrillHistory.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "lab/LocalLab.h"

namespace ops {

ConsoleDrill::ConsoleDrill(const DrillScenario &scenario, const DrillSession::Options &options, AsyncHistoryStore *history,
                           QObject *parent)
    : QObject(parent), m_session(new DrillSession(scenario, options, this)), m_history(history)
{
    connect(m_session, &DrillSession::progress, this, &ConsoleDrill::progress);
    connect(m_session, &DrillSession::recoveryChecked, this, &ConsoleDrill::recoveryChecked);
    connect(m_session, &DrillSession::stateChanged, this, [this](DrillSession::State state) {
        if (state == DrillSession::State::Loading) // the lab answered; data and fault come next
            emit labReady(m_session->lab()->topology());
    });
    connect(m_session, &DrillSession::injected, this, [this] {
        m_activity = std::make_shared<DrillActivity>(m_session->score().startedMs);
        m_activityTimer.start();
        emit injected();
    });
    connect(m_session, &DrillSession::finished, this, [this](const DrillScore &score) {
        m_activityTimer.stop();
        store(score);
    });
    m_activityTimer.setInterval(kActivityPollMs);
    connect(&m_activityTimer, &QTimer::timeout, this, &ConsoleDrill::pollActivity);
}

ConsoleDrill::~ConsoleDrill()
{
    m_session->lab()->stop();
}

void ConsoleDrill::start()
{
    m_session->start();
}

void ConsoleDrill::acknowledge()
{
    m_session->acknowledge();
}

void ConsoleDrill::abort()
{
    m_session->abort();
}

void ConsoleDrill::pollActivity()
{
    if (m_history == nullptr || m_polling || m_session->state() != DrillSession::State::Running)
        return;
    m_polling = true; // one read in flight: a slow history never piles reads up
    m_history->submit<QStringList>(
        this,
        [this](const QStringList &actions, const HistoryError &) {
            m_polling = false;
            for (const QString &action : actions) {
                m_session->recordAction(action);
                emit actionSeen(action);
            }
        },
        [activity = m_activity](HistoryStore &history) { return std::pair{activity->poll(history), HistoryError{}}; });
}

void ConsoleDrill::store(const DrillScore &score)
{
    // A drill that never got its fault in (the lab did not start, aborted early) has no score to keep.
    if (score.startedMs <= 0)
        return emit finished(score, {});
    if (m_history == nullptr)
        return emit finished(score, tr("no history is open"));
    m_history->submit<bool>(
        this, [this, score](bool, const HistoryError &error) { emit finished(score, error.isError() ? error.message : QString()); },
        [score](HistoryStore &history) {
            const HistoryError e = DrillHistory::save(history, score);
            return std::pair{!e.isError(), e};
        });
}

} // namespace ops
