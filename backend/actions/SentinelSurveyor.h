#pragma once

#include "SentinelSurvey.h"
#include "resp/ConnectionOptions.h"

#include <QList>
#include <QObject>

namespace ops {

class RedisConnection;

/**
 * @brief Reads what a Sentinel failover is planned on, live, from the backend thread: every
 * sentinel's SENTINEL MASTER / REPLICAS / CKQUORUM / SENTINELS / MYID (pipelined; peers the operator did
 * not name are surveyed too, so a dead one counts), then the master most sentinels
 * name and every replica any sentinel lists, directly: INFO replication, CONFIG GET
 * min-replicas-to-write (master), CLIENT LIST (other consoles' action clients). Read-only.
 *
 * Each server gets its own short-lived connection (named `redis-ops:survey`); a server that does
 * not answer within the timeout is recorded with its error and never holds up the others.
 * finished() is emitted once, queued, and the connections are closed.
 */
class SentinelSurveyor : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QList<Endpoint> sentinels;
        QByteArray masterName;
        ConnectionOptions sentinelOptions; ///< endpoint replaced per sentinel
        ConnectionOptions dataOptions;     ///< endpoint replaced per data node
        int timeoutMs = 3000;              ///< connect + each command
        qint64 nowMs = 0;                  ///< wall clock stamped on the survey
    };

    explicit SentinelSurveyor(Options options, QObject *parent = nullptr);
    ~SentinelSurveyor() override;

    void start();

signals:
    void finished(const ops::SentinelSurvey &survey);

private:
    RedisConnection *connectTo(const Endpoint &endpoint, const ConnectionOptions &base);
    void askSentinel(int index);
    void askDataNode(DataNodeView *view, bool master);
    void oneDone();
    void sentinelsDone();

    Options m_options;
    SentinelSurvey m_survey;
    QList<RedisConnection *> m_connections;
    QList<Endpoint> m_peers;          ///< sentinels named by SENTINEL SENTINELS
    int m_outstanding = 0;
    bool m_dataRound = false;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::SentinelSurvey)
