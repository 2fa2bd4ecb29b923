#pragma once

#include "ClusterSurvey.h"
#include "resp/ConnectionOptions.h"

#include <QList>
#include <QObject>

namespace ops {

class RedisConnection;

/**
 * @brief Reads what a cluster failover is planned on, live, from the backend thread: the seeds
 * first, then every node any answering node lists in CLUSTER NODES, each directly and pipelined:
 * CLUSTER NODES, CLUSTER INFO, INFO replication, CONFIG GET cluster-manual-failover-timeout and
 * CLIENT LIST (other consoles' action clients). Read-only.
 *
 * Each server gets its own short-lived connection (named `redis-ops:survey`); a server that does
 * not answer within the timeout (down, or SIGSTOPped) is recorded with its error and never holds
 * up the others. finished() is emitted once, queued, and the connections are closed.
 */
class ClusterSurveyor : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QList<Endpoint> seeds;
        ConnectionOptions dataOptions;     ///< endpoint replaced per node
        int timeoutMs = 3000;              ///< connect + each command
        qint64 nowMs = 0;                  ///< wall clock stamped on the survey
    };

    explicit ClusterSurveyor(Options options, QObject *parent = nullptr);
    ~ClusterSurveyor() override;

    void start();

signals:
    void finished(const ops::ClusterSurvey &survey);

private:
    void ask(int index);
    void oneDone();

    Options m_options;
    ClusterSurvey m_survey;
    QList<RedisConnection *> m_connections;
    int m_outstanding = 0;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ClusterSurvey)
