#pragma once

#include "DrillConnections.h"
#include "lab/LabTopology.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <map>

namespace ops {

class RedisConnection;
class RedisResult;

/**
 * @brief The application a drill's trainee must keep alive: writes `SET <prefix><n> <n>` one at
 * a time to the lab's current master and remembers every write answered +OK (acknowledged).
 *
 * Where it writes: a Sentinel lab's master as the sentinels name it (SENTINEL
 * GET-MASTER-ADDR-BY-NAME, asked again after every failed write, as a Sentinel-aware client
 * does); in a cluster every key has the hash tag `{drill}` (one slot) and -MOVED is followed.
 * A failed write is not acknowledged and is retried as the next write after Options::retryMs.
 * After stop(), countLost() reads every acknowledged key back from the current master (MGET in
 * batches) and reports how many are missing or wrong: the acknowledged writes the fault and the
 * trainee's recovery lost. Own connections (short deadlines, fast reconnect), never the lab's.
 */
class DrillWriter : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QByteArray prefix = QByteArrayLiteral("drill:{drill}:");
        int intervalMs = 10;   ///< pause between writes
        int retryMs = 100;     ///< pause after a failed write
        int timeoutMs = 1000;  ///< per command
    };
    using LostHandler = std::function<void(qint64 lost, const QString &error)>;

    DrillWriter(LabTopology topology, Options options, QObject *parent = nullptr);
    ~DrillWriter() override;

    void start();
    /** No new writes; @p idle runs once the write in flight (if any) is answered. */
    void stop(std::function<void()> idle = {});
    /** After stop(): reads every acknowledged key back; @p done(lost, "") or (-1, why). */
    void countLost(LostHandler done);

    qint64 acknowledged() const { return m_acked.size(); }
    qint64 failedWrites() const { return m_failed; }
    QString lastError() const { return m_lastError; }
    QByteArray keyOf(qint64 n) const { return m_options.prefix + QByteArray::number(n); }

signals:
    /** A write was acknowledged after at least one failed (the application writes again). */
    void writesResumed();

private:
    void resolve(std::function<void(const Endpoint &master)> then);
    void resolveFromSentinel(int index, std::function<void(const Endpoint &master)> then);
    void writeNext();
    void onWrite(qint64 n, const RedisResult &result);
    void readBatch(qsizetype from, qint64 lost, int hops, LostHandler done);
    RedisConnection &connection(const Endpoint &endpoint);

    LabTopology m_topology;
    Options m_options;
    DrillConnections m_links; ///< this one's connections, one per node
    Endpoint m_target;
    QList<qint64> m_acked;
    qint64 m_next = 0;
    qint64 m_failed = 0;
    bool m_failing = false;
    bool m_running = false;
    bool m_inFlight = false;
    std::function<void()> m_idle;
    QString m_lastError;
};

} // namespace ops
