#pragma once

#include "LabCertificates.h"
#include "LabTopology.h"

#include <QMap>
#include <QObject>
#include <QTemporaryDir>
#include <QTimer>

#include <functional>
#include <optional>
#include <map>
#include <memory>
#include <vector>

namespace ops {

class LabProcess;
class RedisConnection;
class RespCommand;
class RedisResult;

/**
 * @brief Starts a real Redis topology from the redis-server / redis-sentinel on PATH, on free
 * loopback ports in a temporary directory, and tears it down again.
 *
 * start() is asynchronous (it never blocks the event loop on the network): ready() is emitted once
 * the topology is usable — every node answers PING; for a cluster, all slots are covered, every node
 * reports cluster_state:ok, knows every other node and sees every replica, and replicas are synced;
 * for Sentinel, the master sees all replicas online and every sentinel sees all replicas and the
 * other sentinels. failed() says what went wrong, with the server's own log lines.
 *
 * stop() (also run by the destructor) terminates every process by PID and waits until each is
 * reaped. Processes also die with this process (PR_SET_PDEATHSIG), so nothing outlives a crash.
 */
class LocalLab : public QObject
{
    Q_OBJECT
public:
    explicit LocalLab(QObject *parent = nullptr);
    ~LocalLab() override;

    void start(const LabSpec &spec);
    void stop();

    bool isReady() const { return m_ready; }
    const LabTopology &topology() const { return m_topology; }
    /** The process of the node at @p endpoint, or nullptr. */
    LabProcess *process(const Endpoint &endpoint) const;
    /** A control connection to @p endpoint, or nullptr (owned by the lab). */
    RedisConnection *control(const Endpoint &endpoint) const;
    /** PIDs of every process the lab started (running or not). */
    QList<qint64> pids() const;

    /**
     * Where node ports come from (default FreePorts::allocate). A port can still be taken between
     * the check and redis-server's bind: a node that fails with "Address already in use" while
     * the lab starts makes it start again on new ports, up to kPortAttempts times in all.
     */
    using PortSource = std::function<QList<quint16>(int count)>;
    void setPortSource(PortSource source);
    static constexpr int kPortAttempts = 3;
    /** Start attempts of the last start() (1 unless ports clashed). */
    int startAttempts() const { return m_attempt; }

    /** The TLS material of a TLS lab (empty paths otherwise). */
    const LabCertificates &certificates() const { return m_certs; }

    /** Writes @p keys sample keys (strings, hashes, lists, sorted sets), routed by slot in a cluster. */
    void loadSampleData(int keys, std::function<void(const QString &error)> done);

signals:
    void progress(const QString &step);
    void ready(const ops::LabTopology &topology);
    void failed(const QString &error);

private:
    using Check = std::function<bool(const QList<RedisResult> &)>;
    struct Probe
    {
        Endpoint endpoint;
        QList<QList<QByteArray>> commands;
        Check check;
    };

    void startAttempt();
    bool spawn(LabNode::Role role, quint16 port, quint16 busPort, int shard, const QString &config);
    void waitUntil(const QString &step, std::function<std::vector<Probe>()> probes, std::function<void()> next);
    void runAll(const std::vector<Probe> &probes, std::function<void(bool ok)> done);
    void formCluster();
    void assignReplicas();
    void finish();
    void fail(const QString &why);
    QString deadProcessReport() const;
    QList<Endpoint> endpoints(std::optional<LabNode::Role> role = std::nullopt) const;
    static std::pair<int, int> slotRange(int shard, int shards);

    LabSpec m_spec;
    PortSource m_portSource;
    int m_attempt = 0;
    LabTopology m_topology;
    std::unique_ptr<QTemporaryDir> m_dir;
    LabCertificates m_certs;
    std::map<quint16, LabProcess *> m_processes;         ///< by port; children of this
    std::map<quint16, RedisConnection *> m_connections;  ///< by port; children of this
    QMap<quint16, QByteArray> m_nodeIds;                  ///< cluster node id by port
    QTimer m_readyTimer;
    QString m_step;
    bool m_starting = false;
    bool m_ready = false;
};

} // namespace ops
