#pragma once

#include "history/HistoryError.h"
#include "history/OperationLease.h"
#include "history/OperationRecord.h"
#include "resp/ConnectionOptions.h"
#include "resp/RedisResult.h"
#include "resp/RespCommand.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>

namespace ops {

class OperationLeaseKeeper;

class AsyncHistoryStore;
class Clock;
class RedisConnection;

/**
 * @brief The part every guided action shares: the operation's journal record and the action's
 * own connections, one per node, named `redis-ops:op:<id>:<operator>` so other consoles see who
 * is acting (CLIENT LIST).
 *
 * step() is the only way an action changes a server: the step is journaled (Planned) and durable
 * before the command is sent; the command goes out only on a ready link (never queued for a
 * reconnect); the outcome is journaled as Answered, Failed (the server refused it, or it was
 * never sent) or Unknown (sent, no reply: the caller re-reads the server's state, never resends).
 * If the journal cannot store the step, the command is not sent. read() is for the unjournaled,
 * read-only queries of checks and verification.
 *
 * Lives on the backend thread with its journal's acknowledgements and its connections.
 */
class OperationRunner : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        ConnectionOptions dataOptions;     ///< endpoint replaced per node
        ConnectionOptions sentinelOptions; ///< endpoint replaced per sentinel
        int connectTimeoutMs = 3000;
        int commandTimeoutMs = 5000;
        /** The operation lease's length on a shared store (renewed every third of it). */
        qint64 leaseLengthMs = 30000;
        /**
         * The operator's typed override of another console's lease: the holder's operation id
         * (or its first 8+ characters) as the operator confirmed it. When the lease is held by
         * exactly that operation it is taken over (journaled: an audit row "lease-takeover" and
         * the record's details.leaseTakenOver); held by any other, begin() is refused as usual.
         */
        QString takeOverLeaseFrom;
    };
    using StepDone = std::function<void(const RedisResult &result, const OperationStep &step)>;
    using ReadDone = std::function<void(const RedisResult &result)>;
    using BatchDone = std::function<void(const QList<RedisResult> &results, const OperationStep &step)>;
    /** @p notStored: empty when the step is durable (go on), else why it is not (send nothing). */
    using OpenDone = std::function<void(const OperationStep &step, const QString &notStored)>;
    using OpenManyDone = std::function<void(const QList<OperationStep> &steps, const QString &notStored)>;
    /** @brief A step to journal: the node it targets and its (redacted) command text. */
    struct PlannedStep
    {
        Endpoint node;
        QString commandText;
    };

    OperationRunner(OperationRecord record, Options options, AsyncHistoryStore *journal, Clock *clock,
                    QObject *parent = nullptr);
    ~OperationRunner() override;

    const OperationRecord &record() const { return m_record; }
    Clock *clock() const { return m_clock; }
    /** Connection options for @p node (the action's credentials and TLS), e.g. for a subscriber. */
    ConnectionOptions optionsFor(const Endpoint &node, bool sentinel) const;
    /** The CLIENT SETNAME of this operation's connections. */
    QByteArray clientName() const;

    /**
     * Journals the operation as Running; @p done gets the store's error (None: go on). On a
     * shared store (PostgreSQL) the deployment's operation lease is taken first
     * (OperationLeaseKeeper): held by another console, nothing is journaled and @p done gets
     * LeaseHeld naming who and what; the lease is renewed while the operation runs and released
     * by finish().
     */
    void begin(std::function<void(const HistoryError &error)> done);
    /**
     * begin() for an executor: @p started once the operation is journaled; otherwise nothing is sent
     * and @p notStarted gets the outcome to report ("not started: the operations journal is unavailable").
     * Starts the clock of elapsedMs().
     */
    void begin(std::function<void()> started, std::function<void(const QString &outcome)> notStarted);
    /**
     * begin() for an operation the journal already holds (resume after a crash): the record (with
     * its steps, read back) is journaled Running again, its steps are kept and numbering goes on
     * after them; otherwise as begin().
     */
    void resume(std::function<void()> started, std::function<void(const QString &outcome)> notStarted);
    /** Monotonic ms since begin() (the operator's confirmation). */
    qint64 elapsedMs() const;
    /** @p monotonicMs as ms since begin(); -1 stays -1 (not seen). */
    qint64 sinceBegin(qint64 monotonicMs) const { return monotonicMs < 0 ? -1 : monotonicMs - m_beganAtMs; }
    /** Journal, send on a ready link, journal the outcome, then @p done (see the class comment). */
    void step(const Endpoint &node, bool sentinel, const RespCommand &command, StepDone done, int timeoutMs = -1);
    /** A read-only command over the action's connection to @p node; not journaled. */
    void read(const Endpoint &node, bool sentinel, const RespCommand &command, ReadDone done, int timeoutMs = -1);

    /**
     * Journals a step that stands for several commands (a pipeline, or a loop the caller drives,
     * such as the MIGRATE batches of a window of slots): Planned and durable before @p done, which
     * then sends them with send(). The caller ends it with closeStep().
     */
    void openStep(const Endpoint &node, const QString &commandText, OpenDone done);
    /** Ends an open step as Answered, Failed or Unknown with a reply summary (Answered) or the error. */
    void closeStep(OperationStep step, OperationStep::State state, const QString &text);
    /**
     * Journals several steps at once, Planned, in one transaction (with the outcomes deferred so
     * far): a window of slots costs one flush to disk, not one per command. Their Sent marks and
     * outcomes (runStep(), closeStepLater()) are deferred: written with the next openSteps(),
     * within 200 ms, or by finish(). After a crash a Planned step may have been sent: recovery
     * reads the servers' state, as for Sent.
     */
    void openSteps(const QList<PlannedStep> &planned, OpenManyDone done);
    /** closeStep() whose write is deferred (see openSteps()). */
    void closeStepLater(OperationStep step, OperationStep::State state, const QString &text);
    /**
     * Sends the pipeline @p commands of a step opened with openSteps() over connection @p lane to
     * its node; marks it Sent, then closes it (deferred) as batchStep() does; @p done gets every result.
     */
    void runStep(const OperationStep &open, const QString &lane, const QList<RespCommand> &commands, BatchDone done,
                 int timeoutMs = -1);
    /**
     * One journaled step for a pipeline of @p commands to @p node over its connection @p lane (the
     * commands of one window of slots): durable before the first is sent; @p done gets every
     * result, in order. The step is Answered when all were, Unknown when any outcome is unknown,
     * Failed otherwise.
     */
    void batchStep(const Endpoint &node, const QString &lane, const QList<RespCommand> &commands,
                   const QString &commandText, BatchDone done, int timeoutMs = -1);
    /**
     * A command over the action's connection @p lane to @p node, sent only on a ready link: the
     * reads of an action, or the commands of a step opened with openStep().
     */
    void send(const Endpoint &node, const QString &lane, const RespCommand &command, ReadDone done, int timeoutMs = -1);
    /** Journals the final state, outcome and details; @p done after it is durable. */
    void finish(OperationRecord::State state, const QString &outcome, const QJsonObject &details,
                std::function<void()> done = {});
    /** Adds details to the record kept in memory (stored by finish()). */
    void note(const QString &key, const QJsonValue &value) { m_record.details.insert(key, value); }
    /** A failed result for an operator: the error and whether the command left ("(not sent)", "(unknown)", ...). */
    static QString failureText(const RedisResult &result);
    /** Steps journaled so far, with their last known state. */
    const QList<OperationStep> &steps() const { return m_steps; }

    /** Who held the lease when begin()/resume() was refused with LeaseHeld (empty operationId otherwise). */
    const OperationLease &leaseRefusedBy() const { return m_leaseRefusedBy; }
    /** The operation's lease (shared store) while held, else null. */
    const OperationLeaseKeeper *lease() const { return m_lease; }

signals:
    /** The shared store's lease was lost while the operation ran (taken over, or expired unrenewed). */
    void leaseLost(const QString &message);
    /** begin()/resume() took the lease over from @p previous (Options::takeOverLeaseFrom), journaled. */
    void leaseTakenOver(const ops::OperationLease &previous);
    /** A step changed state (Planned, Sent, Answered, Failed, Unknown): progress for views and the CLI. */
    void stepChanged(const ops::OperationStep &step);

private:
    RedisConnection *connection(const Endpoint &node, bool sentinel, const QString &lane = QString());
    /** Runs @p then once the connection is ready, or with the error when it cannot get ready. */
    void whenReady(RedisConnection *c, std::function<void(const RedisError &error)> then);
    /** Sends @p command on @p c once it is ready (read(), send()). */
    void sendOn(RedisConnection *c, const RespCommand &command, ReadDone done, int timeoutMs);
    void storeStep(const OperationStep &step);
    /** True when @p typed (the operator's confirmation) names @p operationId: all of it, or 8+ leading characters. */
    static bool confirmsOperation(const QString &typed, const QString &operationId);
    /** Takes the operation lease on a shared store, then @p then (None) or the refusal; at once for SQLite. */
    void takeLease(std::function<void(const HistoryError &error)> then);
    /** @p step ended in @p state now: the reply's summary or the error in @p text. */
    OperationStep withOutcome(OperationStep step, OperationStep::State state, const QString &text) const;
    /** Writes the deferred step updates now (not awaited). */
    void flushDeferred();
    static OperationStep::State stateOf(const RedisResult &result);

    OperationRecord m_record;
    Options m_options;
    AsyncHistoryStore *m_journal;
    Clock *m_clock;
    OperationLeaseKeeper *m_lease = nullptr;
    QHash<QString, RedisConnection *> m_connections; ///< by endpoint text (+ "/s" for sentinels, "#lane")
    QList<OperationStep> m_steps;
    QList<OperationStep> m_deferred;   ///< Sent marks and outcomes not written yet
    QTimer *m_deferTimer = nullptr;
    qint64 m_beganAtMs = 0;
    OperationLease m_leaseRefusedBy;
};

} // namespace ops
