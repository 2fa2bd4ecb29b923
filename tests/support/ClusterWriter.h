#pragma once

#include "model/SlotRange.h"
#include "resp/ConnectionOptions.h"
#include "resp/Endpoint.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace ops {
class RedisConnection;
class RedisResult;
} // namespace ops

/**
 * Test support for resharding under load: a concurrent writer for a Redis Cluster that behaves as
 * a correct cluster client, on the Qt event loop of the test's thread (never sleeps or blocks).
 *
 * start() learns the slot → master map from CLUSTER SLOTS of the seed, then keeps
 * Options::inFlight `SET <prefix><n> <valueOf(n)>` writes in flight, n = 0, 1, 2, ... (when
 * Options::slotRanges is set, only the n whose key hashes into those slots are used). Each key is
 * written once. Replies are handled as a cluster client must:
 * - `-MOVED slot host:port`: the map is updated for that slot and the command is sent there;
 * - `-ASK slot host:port`: `ASKING` then the command, back to back on the ask target's
 *   connection; the map is not updated;
 * - `-TRYAGAIN` / `-CLUSTERDOWN`: sent again to the slot's owner after Options::retryDelayMs;
 * - anything else (error reply, timeout, lost connection, too many hops) counts as an error and
 *   the write is not acknowledged.
 * Every write answered +OK is remembered. stop() issues no new write and emits stopped() once
 * every write in flight is answered; verify() then reads every acknowledged key back (GET at its
 * current owner, following redirects the same way) and emits finished() with the counts.
 *
 * One RedisConnection per node, created on first use from Options::connection with the node's
 * endpoint. The slot map is per slot, so a test can aim the writer at the slots it moves.
 */
class ClusterWriter : public QObject
{
    Q_OBJECT
public:
    /** @brief How the writer runs. */
    struct Options
    {
        ops::ConnectionOptions connection;      ///< template for every node; its endpoint is the seed
        QByteArray prefix = QByteArrayLiteral("cw:");
        int inFlight = 4;                       ///< writes in flight
        ops::SlotRanges slotRanges;             ///< keys only in these slots; empty: all slots
        qint64 maxWrites = 0;                   ///< > 0: stop by itself after this many writes
        int retryDelayMs = 20;                  ///< before resending after TRYAGAIN / CLUSTERDOWN
        int maxHops = 16;                       ///< redirects and retries of one command before it is an error
        int commandTimeoutMs = 5000;
        int verifyInFlight = 64;                ///< reads in flight in verify()
    };

    /** @brief What happened so far (live while running; final in finished()). */
    struct Report
    {
        qint64 acknowledged = 0; ///< writes answered +OK
        qint64 moved = 0;        ///< -MOVED replies (writes and verification reads)
        qint64 ask = 0;          ///< -ASK replies (writes and verification reads)
        qint64 tryAgain = 0;     ///< -TRYAGAIN replies
        qint64 clusterDown = 0;  ///< -CLUSTERDOWN replies
        qint64 errors = 0;       ///< writes that failed otherwise (including a failed ASKING)
        qint64 checked = 0;      ///< acknowledged keys read back by verify()
        qint64 missing = 0;      ///< ... absent at their owner
        qint64 wrongValue = 0;   ///< ... present with another value
        qint64 readErrors = 0;   ///< verification reads that failed (not counted in checked)
        QStringList errorSamples; ///< the first few error messages, writes and reads

        /** One line for assertion messages. */
        QString toString() const;
    };

    explicit ClusterWriter(Options options, QObject *parent = nullptr);
    ~ClusterWriter() override;

    /** CLUSTER SLOTS on the seed, then writing; started() or failed(). Once per writer. */
    void start();
    /** No new writes; stopped() once every write in flight has its answer (queued if none is). */
    void stop();
    /** Reads back every acknowledged key after stopped(); finished() with the final report. */
    void verify();

    bool isWriting() const { return m_state == State::Writing; }
    bool isStopped() const { return m_state == State::Stopped || m_state == State::Done; }
    const Report &report() const { return m_report; }
    /** The n of every acknowledged write, in acknowledgement order. */
    const QList<qint64> &acknowledgedWrites() const { return m_acked; }
    QByteArray keyOf(qint64 n) const { return m_options.prefix + QByteArray::number(n); }
    /** The value written to keyOf(@p n). */
    static QByteArray valueOf(qint64 n) { return QByteArrayLiteral("value-") + QByteArray::number(n); }
    /** The master the writer's map names for @p slot now (invalid if the slot is uncovered). */
    ops::Endpoint ownerOf(int slot) const;

signals:
    /** The slot map is known and the first writes are sent. */
    void started();
    /** start() could not learn the slot map (the writer does nothing more). */
    void failed(const QString &why);
    /** After stop() (or Options::maxWrites): no write is in flight any more. */
    void stopped();
    /** verify() is done. */
    void finished(const ClusterWriter::Report &report);

private:
    enum class State { Idle, Mapping, Writing, Stopping, Stopped, Verifying, Done };
    /** One command on its way: a write or a verification read of key n. */
    struct Op
    {
        bool read = false;
        qint64 n = 0;
        int slot = 0;
        int hops = 0;
    };

    void onSlots(const ops::RedisResult &result);
    void issueWrites();
    void issueReads();
    qint64 nextKey();
    void dispatch(const Op &op, int node, bool asking);
    void onReply(Op op, const ops::RedisResult &result);
    void retry(Op op, int node, bool asking);
    void complete(const Op &op);
    void recordError(const Op &op, const QString &message);
    int nodeIndex(const ops::Endpoint &endpoint);
    ops::RedisConnection &connection(int node);
    void emitQueued(void (ClusterWriter::*signal)());

    Options m_options;
    State m_state = State::Idle;
    std::vector<bool> m_allowed;              ///< by slot; empty: every slot
    std::vector<int> m_owner;                 ///< slot → index in m_nodes, -1 when uncovered
    QList<ops::Endpoint> m_nodes;
    std::vector<std::unique_ptr<ops::RedisConnection>> m_connections; ///< parallel to m_nodes
    qint64 m_nextN = 0;
    qint64 m_issued = 0;
    int m_pending = 0;                        ///< ops sent or waiting to be retried
    QList<qint64> m_acked;
    qsizetype m_nextRead = 0;
    Report m_report;
};

Q_DECLARE_METATYPE(ClusterWriter::Report)
