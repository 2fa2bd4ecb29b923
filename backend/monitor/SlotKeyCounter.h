#pragma once

#include "model/SlotKeyCounts.h"
#include "model/TopologySnapshot.h"
#include "resp/ConnectionOptions.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace ops {

class IdleConnectionPool;
class RedisConnection;
class RedisResult;

/**
 * @brief Counts the keys of a range of hash slots (one slot for a hover, all 16384 on demand)
 * with pipelined `CLUSTER COUNTKEYSINSLOT slot`, each slot asked of its owning master in the
 * given snapshot's SlotMap.
 *
 * Every master gets its own RedisConnection (auth/TLS from the deployment's data options, no
 * reconnect), never a poller's: a long pipeline cannot delay the monitor's polls past their
 * deadlines. With a pool, a master's connection is taken from it and given back after a
 * complete answer (hovering slot after slot costs one handshake per master, not one per hover);
 * a connection that failed or timed out is never given back. All commands to a master are written at once; each has the timeout's
 * deadline and the handshake has it too. A master whose handshake or any command fails (error
 * reply, timeout, lost link) is done at once: its slots stay unknown and its error is kept,
 * while the other masters finish. A last-resort timer ends the whole count by timeoutMs plus
 * the connect allowance even if a connection never reports. Never blocks: lives on the
 * backend thread's event loop and reports with finished(), exactly once per start().
 */
class SlotKeyCounter : public QObject
{
    Q_OBJECT
public:
    /**
     * @p options: the deployment's data-node options (the endpoint is set per master).
     * @p pool (optional, same thread): where connections come from and go back while it exists.
     */
    explicit SlotKeyCounter(ConnectionOptions options, IdleConnectionPool *pool = nullptr, QObject *parent = nullptr);
    ~SlotKeyCounter() override;

    /**
     * Counts @p range (clamped to 0..16383) over @p snapshot's slot map. Without a cluster slot
     * map the result carries a problem and no counts (still reported asynchronously).
     * @p timeoutMs bounds the connect and every command. Returns false if already running.
     */
    bool start(const SnapshotPtr &snapshot, SlotRange range, int timeoutMs);
    bool isRunning() const { return m_running; }

signals:
    void finished(ops::SlotKeyCountsPtr counts);

private:
    struct Job
    {
        SlotKeyCounts::Master master;
        QList<int> owned;         ///< slots of the range it owns, ascending
        std::vector<qint64> counts;    ///< parallel to slots
        int outstanding = 0;
        bool done = false;
        RedisConnection *connection = nullptr;
        QElapsedTimer clock;
    };

    void startJob(int index, int timeoutMs);
    void onReply(int index, int position, const RedisResult &result);
    void failJob(int index, const RedisError &error);
    void finishJob(int index);
    void onDeadline();
    void finish();

    ConnectionOptions m_options;
    QPointer<IdleConnectionPool> m_pool;   ///< may go before a count ends (deployment closed)
    SnapshotPtr m_snapshot;
    SlotRange m_range;
    QList<Job> m_jobs;
    int m_pendingJobs = 0;
    bool m_running = false;
    QTimer m_deadline;
};

} // namespace ops
