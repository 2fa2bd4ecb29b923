#pragma once

#include "ReshardPlan.h"
#include "SlotMover.h"
#include "history/OperationStep.h"
#include "resp/RedisResult.h"
#include "resp/RespCommand.h"

#include <QHash>

namespace ops {

class KeyRateLimiter;
class OperationRunner;

/**
 * @brief Moves slots with the commands every Redis Cluster has (7.0 and later), in redis-cli's
 * safe order, a window of slots at a time, each phase one journaled step durable before it is
 * sent, pipelined on the stream's own connections (lane):
 *
 * COUNTKEYSINSLOT on the source (keys before) → SETSLOT IMPORTING on the target → SETSLOT
 * MIGRATING on the source → per slot, CLUSTER GETKEYSINSLOT + MIGRATE … KEYS until none is left
 * (all slots of the window in flight at once) → SETSLOT NODE on the target, then the source
 * (a source that has just become a replica is tolerated) → the next window opens while every
 * other master gets SETSLOT NODE and the target counts the window's keys (keys after).
 *
 * The window's steps are journaled together, Planned, in one transaction before the first is
 * sent (OperationRunner::openSteps): one flush to disk per window.
 *
 * A failed IMPORTING / MIGRATING is rolled back (SETSLOT STABLE) before the failure is reported.
 * BUSYKEY, IOERR, a timeout or an unknown MIGRATE outcome are sorted by MigrateConflicts before
 * anything is resent.
 */
class MigrateSlotMover : public SlotMover
{
    Q_OBJECT
public:
    struct Config
    {
        SlotMovePair pair;               ///< this stream's source, target and slots
        QList<ReshardNode> masters;      ///< every master (SETSLOT NODE)
        QString lane;                    ///< connection lane of this stream
        int windowSlots = 32;
        int batchKeys = 1000;
        int migrateTimeoutMs = 10000;
        bool replaceConflicts = false;
        QList<QByteArray> migrateAuth;   ///< "AUTH pass" / "AUTH2 user pass", or empty
        int maxAttempts = 3;             ///< MIGRATE attempts per batch after conflicts / unknown outcomes
    };

    MigrateSlotMover(Config config, OperationRunner *runner, KeyRateLimiter *limiter, QObject *parent = nullptr);
    ~MigrateSlotMover() override;

    void start() override;
    void pause() override;
    void cancel() override;
    QList<int> remaining() const override { return m_pending; }
    QList<int> openWindow() const override { return m_window; }

private:
    enum class Stop { None, Pause, Cancel };
    enum class End { None, Finished, Paused, Stopped, Failed };
    struct SlotState
    {
        qint64 before = -1;
        qint64 after = -1;
        bool keysDone = false;
        int attempts = 0;
    };

    void nextWindow();
    void countBefore(std::function<void()> then);
    void journalWindow(std::function<void()> then);
    /** Emits the stream's end (m_end) once no window's key count is outstanding. */
    void emitEnd();
    void openImporting();
    void openMigrating();
    void moveKeys();
    void fetchKeys(int slot);
    void migrate(int slot, const QList<QByteArray> &keys, bool replace, std::function<void()> then);
    void sendMigrate(int slot, const QList<QByteArray> &keys, bool replace, std::function<void()> then);
    void onMigrateError(int slot, const QList<QByteArray> &keys, const RedisResult &result);
    void slotKeysDone(int slot);
    void closeOnTarget();
    void closeOnSource();
    void closeOnOthers();
    void rollBack(const QList<int> &onSource, const QList<int> &onTarget, const QString &reason);
    void fail(const QString &reason, const QString &state);
    QList<RespCommand> setslotAll(const QList<int> &slotList, const QByteArray &how, const QByteArray &node) const;
    QString windowText() const;
    /** The window's key-moving step (GETKEYSINSLOT + MIGRATE). */
    OperationStep keysStep() const;
    QString stepText(const QByteArray &what, const QString &tail) const;

    Config m_config;
    OperationRunner *m_runner;
    KeyRateLimiter *m_limiter;
    QList<int> m_pending;
    QList<int> m_window;
    QHash<int, SlotState> m_slots;
    QList<OperationStep> m_windowSteps; ///< the window's steps, journaled together: see journalWindow()
    int m_nextStep = 0;                 ///< the first of m_windowSteps not run yet
    qint64 m_windowKeys = 0;
    Stop m_stop = Stop::None;
    bool m_running = false;
    bool m_failed = false;
    End m_end = End::None;
    int m_closingWindows = 0;           ///< windows owned by the target, other masters / key counts outstanding
    QPair<QString, QString> m_failure;  ///< reason, state: failed() once no window is closing
};

} // namespace ops
