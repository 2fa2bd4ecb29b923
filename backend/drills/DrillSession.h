#pragma once

#include "DrillScenario.h"
#include "DrillScore.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

namespace ops {

class Clock;
class DrillFaults;
class DrillRecoveryCheck;
class DrillWriter;
class LocalLab;

/**
 * @brief One drill run, as a state machine: the lab starts → sample data is loaded → the
 * background writer runs (until it has acknowledged a few writes) → the fault is injected and
 * recorded → the trainee works with the normal console or CLI against the lab's endpoints,
 * while the recovery condition is checked every Options::pollMs → on recovery the writer stops,
 * every acknowledged write is read back, leftover faults are undone and finished() carries the
 * score. abort() undoes the faults at any point and finishes with outcome "aborted".
 *
 * The trainee's first acknowledge() or recordAction() is the detection time; durations are
 * measured on the injected Clock (a ManualClock in tests) from the moment the fault was in.
 * The lab stays up after finished() (the report may show it; tests inspect it) until the
 * session is destroyed.
 */
class DrillSession : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, StartingLab, Loading, Warming, Injecting, Running, Scoring, Aborting, Finished };
    Q_ENUM(State)

    struct Options
    {
        quint32 seed = 1;
        QString trainee;
        Clock *clock = nullptr;  ///< null: Clock::system()
        int pollMs = 200;        ///< recovery checks (real time)
        int warmWrites = 20;     ///< acknowledged writes before the fault
        int timeoutMs = 0;       ///< > 0: give up (outcome "failed") this long after the fault (real time)
    };

    DrillSession(DrillScenario scenario, Options options, QObject *parent = nullptr);
    ~DrillSession() override;

    void start();
    /** The trainee noticed the fault (the console's acknowledgement). */
    void acknowledge();
    /** The trainee did something: a runbook step id, an action name or a command. */
    void recordAction(const QString &action);
    /** Undoes every fault and finishes with outcome "aborted" (no-op once finished). */
    void abort();

    State state() const { return m_state; }
    const DrillScenario &scenario() const { return m_scenario; }
    LocalLab *lab() const { return m_lab; }
    DrillFaults *faults() const { return m_faults; }
    DrillWriter *writer() const { return m_writer; }
    const DrillScore &score() const { return m_score; }
    /** Why the deployment is not recovered yet (last check), for a status line. */
    const QString &lastCheck() const { return m_lastCheck; }

signals:
    void stateChanged(ops::DrillSession::State state);
    void progress(const QString &step);
    /** The fault is in: the trainee can start; @p endpoints are the lab's, one per line. */
    void injected(const QString &endpoints);
    /** One recovery check ran: not yet (with why) or recovered. */
    void recoveryChecked(bool recovered, const QString &why);
    void finished(const ops::DrillScore &score);

private:
    void setState(State state);
    void startWriter();
    void inject();
    void poll();
    void recovered();
    void scoreAndFinish(const QString &outcome, const QString &note);
    void fail(const QString &why);
    qint64 sinceFault() const;

    DrillScenario m_scenario;
    Options m_options;
    Clock *m_clock;
    State m_state = State::Idle;
    LocalLab *m_lab;
    DrillFaults *m_faults;
    DrillRecoveryCheck *m_check;
    DrillWriter *m_writer = nullptr;
    QTimer m_poll;
    QTimer m_timeout;
    bool m_checking = false;
    qint64 m_faultAt = -1;     ///< monotonic ms on m_clock
    DrillScore m_score;
    QString m_lastCheck;
};

} // namespace ops
