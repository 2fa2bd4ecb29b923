#pragma once

#include "HealthThresholds.h"
#include "TrendPredictor.h"
#include "model/OpsEvent.h"
#include "model/TopologySnapshot.h"

#include <QHash>
#include <QStringList>

namespace ops {

class Clock;
class MetricHistory;

/**
 * @brief Trend alerts: a metric that has grown steadily over TrendPredictor's window and will
 * cross its threshold within the horizon is recorded once as a "health-alert" event (rule
 * "trend.<metric>", severity warning) that names the predicted time; one "health-alert-cleared"
 * closes it when the trend has ended for clearAfterMs (not growing, or not steadily any more),
 * at once when the threshold was reached (the threshold rule's alert takes over) or the node left.
 *
 * Watched metrics, from the deployment's MetricHistory (the samples' wall-clock times):
 * - replication lag in bytes and in seconds of every replica (HealthThresholds::replicaLagBytes,
 *   replicaLagSeconds);
 * - used memory of every data node with maxmemory set, against memoryUsageShare of maxmemory
 *   (the memory rule's threshold; maxmemory from the node's latest sample).
 * Evaluated at most every checkEveryMs of the Clock's monotonic time (a 1,000-node deployment
 * reads 10 minutes of samples per series: not every second). Not thread-safe; DeploymentSession
 * runs one per deployment on the backend thread.
 */
class TrendAlertTracker
{
public:
    struct Policy
    {
        TrendPredictor::Config prediction;
        qint64 checkEveryMs = 10'000;
        qint64 clearAfterMs = 30'000; ///< the trend must be over this long before the alert is cleared
    };
    enum class Metric { LagBytes, LagSeconds, UsedMemory };

    /** @p clock must outlive the tracker. */
    TrendAlertTracker(Clock *clock, Policy policy, HealthThresholds thresholds = {});

    /** The events that the series up to now start or end; usually none. */
    OpsEvents update(const TopologySnapshot &snapshot, const MetricHistory &history);

    /**
     * Reopens the trend alerts @p stored (the deployment's health-alert / health-alert-cleared
     * events, oldest first) raised and did not clear: after a restart a trend still going on is
     * not announced twice. Returns how many.
     */
    int restore(const OpsEvents &stored);

    /** Open trend alerts as "trend.<metric>@node" keys (sorted). */
    QStringList activeAlerts() const;
    /** The last prediction of an open alert (tests, views); crossingMs -1 when there is none. */
    TrendPredictor::Prediction predictionOf(const QString &key) const { return m_open.value(key).prediction; }

    void setThresholds(const HealthThresholds &thresholds) { m_thresholds = thresholds; }
    const HealthThresholds &thresholds() const { return m_thresholds; }

    static QString ruleId(Metric metric);

private:
    struct Open
    {
        Metric metric = Metric::LagBytes;
        QString nodeId;
        QString endpoint;
        double threshold = 0;
        TrendPredictor::Prediction prediction;
        qint64 raisedWallMs = 0;
        qint64 raisedMs = 0;       ///< monotonic
        qint64 endedSinceMs = -1;  ///< monotonic; -1 while the trend goes on
    };

    /** Judges one series; adds to @p events and returns the key when an alert is open for it. */
    void judge(Metric metric, const Node &node, const QList<TrendPredictor::Point> &points, double threshold,
               qint64 nowWallMs, const TopologySnapshot &snapshot, OpsEvents &events, QSet<QString> &seen);
    OpsEvent raised(const Open &open, const TopologySnapshot &snapshot) const;
    OpsEvent cleared(const Open &open, const TopologySnapshot &snapshot, const QString &reason) const;

    Clock *m_clock;
    Policy m_policy;
    HealthThresholds m_thresholds;
    TrendPredictor m_predictor;
    QHash<QString, Open> m_open;
    qint64 m_checkedAtMs = -1; ///< monotonic
};

} // namespace ops
