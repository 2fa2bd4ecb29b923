#pragma once

#include "drills/DrillScore.h"
#include "drills/DrillSession.h"
#include "lab/LabTopology.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace ops {

class AsyncHistoryStore;
class DrillActivity;

/**
 * @brief The console's drill (Drills ▸ Start drill…), on the runtime's backend thread: one
 * DrillSession (its own lab, data, writer, fault), what the trainee does in the console scored
 * from the history the console writes (DrillActivity, read on the history thread every
 * kActivityPollMs while the drill runs), and the score stored in that history (DrillHistory)
 * when the drill ends with a fault injected. The lab stays up after the end, for the trainee to
 * look at, until the drill is closed (deleted).
 */
class ConsoleDrill : public QObject
{
    Q_OBJECT
public:
    static constexpr int kActivityPollMs = 1000;

    ConsoleDrill(const DrillScenario &scenario, const DrillSession::Options &options, AsyncHistoryStore *history,
                 QObject *parent = nullptr);
    ~ConsoleDrill() override;

    void start();
    void acknowledge();
    void abort();
    const DrillScenario &scenario() const { return m_session->scenario(); }
    /** finished() has been emitted (or the session finished and its score is being stored). */
    bool hasEnded() const { return m_session->state() == DrillSession::State::Finished; }

signals:
    void progress(const QString &step);
    /** The lab is up (before data, writer and fault): the console watches it from now on. */
    void labReady(const ops::LabTopology &topology);
    /** The fault is in; the clock runs. */
    void injected();
    void recoveryChecked(bool recovered, const QString &why);
    /** What the trainee did, as the history shows it (a runbook step id, an operation kind, an audit action). */
    void actionSeen(const QString &action);
    /** The end; @p storeError: why the score was not stored (empty when it was, or had nothing to store). */
    void finished(const ops::DrillScore &score, const QString &storeError);

private:
    void pollActivity();
    void store(const DrillScore &score);

    DrillSession *m_session;
    AsyncHistoryStore *m_history;
    std::shared_ptr<DrillActivity> m_activity; ///< used on the history thread only
    QTimer m_activityTimer;
    bool m_polling = false;
};

} // namespace ops
