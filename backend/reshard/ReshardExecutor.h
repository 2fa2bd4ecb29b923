#pragma once

#include "KeyRateLimiter.h"
#include "ReshardPlan.h"
#include "ReshardProgress.h"
#include "ReshardVerifier.h"
#include "SlotMover.h"
#include "history/OperationRecord.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <deque>

namespace ops {

class OperationRunner;

/**
 * @brief Runs a ReshardPlan on the backend thread: the operation is journaled first (nothing is
 * sent without it), then one SlotMover stream per (source, target) pair × streamsPerPair, each on
 * its own connections, at most maxStreamsPerNode streams touching a node at once, all sharing the
 * --max-keys-per-s throttle. Reports progress (slots, keys, keys/s, bytes/s, ETA, each stream's
 * open slots) at most every 250 ms; pause() and cancel() act between windows so no slot is left
 * open; a failed stream stops the others the same way. Ends with ReshardVerifier and journals the
 * result: Succeeded only when verified.
 */
class ReshardExecutor : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        OperationRecord::State state = OperationRecord::State::Unknown;
        QString outcome;
        int slotsMoved = 0;
        qint64 keysMoved = 0;
        qint64 totalMs = -1;             ///< start() (the confirmation) to verified
        qint64 movingMs = -1;            ///< first window opened to last window closed
        double keysPerSecond = 0;        ///< keysMoved / movingMs
        QStringList warnings;
        ReshardVerifier::Result verification;
        QJsonObject details;
    };

    ReshardExecutor(ReshardPlan plan, OperationRunner *runner, QObject *parent = nullptr);
    ~ReshardExecutor() override;

    void start();
    /** Runs as the continuation of an operation the journal holds (OperationRunner::resume()). */
    void setResuming(bool resuming) { m_resuming = resuming; }
    void pause();
    void resume();
    void cancel();
    bool isPaused() const { return m_paused; }
    const ReshardPlan &plan() const { return m_plan; }
    ReshardProgress progress() const;

signals:
    void phaseChanged(const QString &text);
    void progressed(const ops::ReshardProgress &progress);
    void warning(const QString &text);
    void pausedChanged(bool paused);
    void finished(const ops::ReshardExecutor::Result &result);

private:
    struct Stream
    {
        SlotMover *mover = nullptr;
        SlotMovePair pair;
        int slotsDone = 0;
        qint64 keysMoved = 0;
        QString state = QStringLiteral("waiting");
        bool started = false;
        bool ended = false;               ///< finished, stopped or failed
    };

    void createStreams();
    /** Resume: SETSLOT NODE for the slots whose keys are on their target already, then @p then. */
    void closeLeftovers(std::function<void()> then);
    void startEligible();
    int activeOn(const QByteArray &id) const;
    void onStreamEnded(int index, const QString &state);
    void checkAllIdle();
    void verify();
    void finish(OperationRecord::State state, const QString &outcome);
    void publishProgress();
    QList<QByteArray> migrateAuth() const;

    ReshardPlan m_plan;
    OperationRunner *m_runner;
    KeyRateLimiter m_limiter;
    QList<Stream> m_streams;
    QList<SlotMover::SlotCount> m_counts;
    QHash<int, QByteArray> m_moved;      ///< slot → new owner, as windows close
    std::deque<QPair<qint64, qint64>> m_rateSamples; ///< (monotonic ms, keys moved)
    QTimer m_progressTimer;
    qint64 m_keysMoved = 0;
    qint64 m_firstWindowMs = -1;
    qint64 m_lastWindowMs = -1;
    bool m_paused = false;
    bool m_cancelled = false;
    QString m_leaseLost; ///< "lease lost: taken over by …": stopped as by cancel(), reported as Aborted
    QString m_failure;
    QString m_failureState;
    bool m_verifying = false;
    bool m_resuming = false;
    Result m_result;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ReshardExecutor::Result)
