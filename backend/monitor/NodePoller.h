#pragma once

#include "NodeObservation.h"
#include "resp/ConnectionOptions.h"

#include <QObject>

namespace ops {

class Clock;
class RedisConnection;
class RedisError;

/**
 * @brief Polls one server over its own connection and keeps its NodeObservation.
 *
 * Never two polls in flight: poll() while one is outstanding is skipped (and counted), so a
 * hung server costs one outstanding poll, never a queue. Each command has its own deadline; a
 * slow server only makes its own observation stale — every poller is independent.
 */
class NodePoller : public QObject
{
    Q_OBJECT
public:
    /** What to ask in one poll, on top of INFO (data nodes) / SENTINEL MASTER (sentinels). */
    struct Plan
    {
        bool info = true;            ///< sentinels: INFO only now and then
        bool clusterNodes = false;
        bool clusterInfo = false;
        bool sentinelLists = false;  ///< SENTINEL REPLICAS + SENTINELS
        /** Settings for the health rules: CONFIG GET (data nodes) / SENTINEL CKQUORUM (sentinels). */
        bool config = false;
    };

    /** The settings a data node's CONFIG GET asks for (one command, Redis 7 takes several names). */
    static const QList<QByteArray> &configParameters();

    /** Timestamps come from @p clock (null: Clock::system()). */
    NodePoller(const ConnectionOptions &options, bool sentinel, QObject *parent = nullptr, Clock *clock = nullptr);
    ~NodePoller() override;

    void setSentinel(bool sentinel, const QByteArray &masterName);
    bool isSentinel() const { return m_observation.isSentinel; }
    bool busy() const { return m_outstanding > 0; }
    int skippedPolls() const { return m_skipped; }
    const NodeObservation &observation() const { return m_observation; }
    QString key() const { return m_observation.endpoint.toString(); }

    /** Starts a poll; returns false (and counts a skip) when the previous one is still running. */
    bool poll(const Plan &plan);

signals:
    /** A poll finished: every command answered or failed. */
    void polled(const QString &key);

private:
    void expect(const QList<QByteArray> &command, std::function<void(const RespValue &, qint64)> onValue);
    /**
     * Like expect(), for a settings read: a server error (CONFIG renamed or denied) reaches
     * @p onResult and is not a poll failure; a connection error is, and the read is retried at
     * the next poll.
     */
    void expectSetting(const QList<QByteArray> &command, std::function<void(const RedisResult &, qint64)> onResult);
    /** The first reply of a timed poll: its round trip goes into NodeObservation::roundTrips. */
    void recordRoundTrip();
    void failed(const RedisError &error);
    /** A reply arrived but is unusable: said in NodeObservation::replyProblem at the end of the poll. */
    void unusable(const char *command, const QString &why);
    void finishOne();

    RedisConnection *m_connection = nullptr;
    Clock *m_clock;
    NodeObservation m_observation;
    QByteArray m_masterName;
    int m_outstanding = 0;
    int m_skipped = 0;
    bool m_anySuccess = false;
    qint64 m_pollSentUs = -1;   ///< when this poll's commands were written; -1: not timed (connecting)
    QStringList m_unusable; ///< this poll's unusable replies
};

} // namespace ops
