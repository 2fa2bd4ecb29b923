#pragma once

#include "DrillConnections.h"
#include "lab/LabTopology.h"

#include <QByteArray>
#include <QObject>

#include <map>

namespace ops {

class RedisConnection;
class RedisResult;

/**
 * @brief The hot-slot drill's fault: a client hammering one key (`INCR`, Options::inFlight
 * commands in flight, as fast as the server answers) in a cluster, following -MOVED to the slot's
 * owner; any other error waits Options::retryMs. Undone by stop().
 */
class DrillHotLoad : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int inFlight = 4;
        int retryMs = 20;
        int timeoutMs = 1000;
    };

    DrillHotLoad(LabTopology topology, QByteArray key, Endpoint owner, Options options, QObject *parent = nullptr);
    ~DrillHotLoad() override;

    void start();
    void stop() { m_running = false; }
    bool isRunning() const { return m_running; }
    qint64 answered() const { return m_answered; }

private:
    void send();
    void onReply(const RedisResult &result);
    RedisConnection &connection(const Endpoint &endpoint);

    LabTopology m_topology;
    QByteArray m_key;
    Endpoint m_target;
    Options m_options;
    DrillConnections m_links; ///< this one's connections, one per node
    bool m_running = false;
    qint64 m_answered = 0;
};

} // namespace ops
