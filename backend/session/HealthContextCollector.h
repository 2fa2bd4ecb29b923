#pragma once

#include "health/HealthContext.h"
#include "model/TopologySnapshot.h"
#include "resp/ConnectionOptions.h"

#include <QObject>

namespace ops {

class AsyncHistoryStore;
class Clock;

/**
 * @brief Gathers the HealthContext of one deployment, rarely: every @p refreshMs (the settings
 * cadence, 5 min) of the injectable clock, a full-range per-slot key census of a cluster
 * (SlotKeyCounter: pipelined `CLUSTER COUNTKEYSINSLOT slot` for each owned slot, on connections
 * of its own, never the pollers') and a read of the history's last 30 days of this deployment's
 * events, grouped into failover episodes (groupFailoverEpisodes) for their durations.
 *
 * update() is called with every snapshot and starts what is due; at most one census and one
 * history read are out at a time. The history is read again at once when the snapshot's
 * deployment id changes (a cluster first seen by address, then by node ids), and an answer for
 * the former id is dropped. changed() follows each answer. Lives on the session's thread.
 */
class HealthContextCollector : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kHistoryWindowMs = 30LL * 24 * 3600 * 1000;

    /** @p history may be null (failover durations stay unknown, with that reason). */
    HealthContextCollector(AsyncHistoryStore *history, Clock *clock, QObject *parent = nullptr);

    /** Why there is no history (e.g. none recorded yet at that path), said instead of the default reason. */
    void setNoHistoryReason(const QString &why);

    /** Starts a census / history read when one is due for @p snapshot's deployment. */
    void update(const SnapshotPtr &snapshot, const ConnectionOptions &dataOptions, int timeoutMs, qint64 refreshMs);
    const HealthContext &context() const { return m_context; }
    /** Both inputs have been gathered at least once (or cannot be, with the reason kept). */
    bool gathered() const { return m_censusDone && m_historyDone; }

signals:
    void changed();

private:
    void startCensus(const SnapshotPtr &snapshot, const ConnectionOptions &dataOptions, int timeoutMs);
    void readHistory(const QString &deploymentId);

    AsyncHistoryStore *m_history;
    Clock *m_clock;
    HealthContext m_context;
    qint64 m_censusAtMs = -1;   ///< monotonic: last census started
    qint64 m_historyAtMs = -1;  ///< monotonic: last history read started
    QString m_historyDeploymentId; ///< whose failovers are read (a provisional cluster id is replaced by the real one)
    bool m_censusRunning = false;
    bool m_historyRunning = false;
    bool m_censusDone = false;
    bool m_historyDone = false;
};

} // namespace ops
