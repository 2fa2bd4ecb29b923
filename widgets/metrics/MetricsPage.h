#pragma once

#include "MetricDefinition.h"
#include "model/OpsEvent.h"
#include "model/TopologySnapshot.h"
#include "monitor/MetricStore.h"
#include "monitor/Monitor.h"

#include <QHash>
#include <QList>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QToolButton;

namespace ops {

class MetricPlot;
struct EventMarker;

/**
 * @brief The "Replication & metrics" page: six time-series plots of a deployment (replication
 * lag in bytes and in seconds per replica, then used memory, fragmentation ratio, ops/s and
 * clients per node) in a 2-column grid, the two lag plots on top. Failover / topology events are
 * vertical markers on every plot so a lag spike and a failover line up; threshold lines mark
 * lag 10 s and fragmentation 1.5.
 *
 * Feed it from the Monitor (queued): samplesReady -> addSamples(), snapshotChanged ->
 * setSnapshot() (legend names and roles), eventsRecorded -> addEvents(). Samples go into the
 * page's own bounded MetricStore; the plots are rebuilt from MetricStore::range() for the chosen
 * window (5 min / 1 h / 24 h) and replotted (queued) on a fixed-rate timer, only when something
 * changed and the page is visible: never per sample. The window ends at the newest sample.
 *
 * Child objectNames: metricsWindow (QComboBox), metricsStatus (QLabel), metricsExportPng,
 * metricsExportPdf, metricsExportCsv (QToolButtons), metricsPlots (the grid) and one
 * "metricPlot_<key>" per plot (MetricDefinition::key: lag_bytes, lag_seconds, used_memory,
 * fragmentation, ops_per_sec, clients).
 */
class MetricsPage : public QWidget
{
    Q_OBJECT
public:
    enum class TimeWindow { FiveMinutes, OneHour, OneDay };
    Q_ENUM(TimeWindow)

    explicit MetricsPage(QWidget *parent = nullptr);
    /** @p limits sizes the page's MetricStore (tests, large fleets). */
    explicit MetricsPage(MetricStore::Limits limits, QWidget *parent = nullptr);
    ~MetricsPage() override;

    /** One Monitor cycle's samples (node id -> sample). */
    void addSamples(const MetricBatch &batch);
    /** Names and roles for the legends; nodes gone for longer than 24 h are forgotten. */
    void setSnapshot(SnapshotPtr snapshot);
    /** Keeps the events worth a marker (failover, fail, stale, link down, Sentinel failover steps...). */
    void addEvents(const OpsEvents &events);
    /** Forgets samples, events and the snapshot (another deployment is shown). */
    void clear();

    void setTimeWindow(TimeWindow window);
    TimeWindow timeWindow() const { return m_window; }
    static qint64 windowMs(TimeWindow window);

    /** Threshold line of @p metric's plot; NaN removes it. */
    void setThreshold(MetricDefinition::Metric metric, double value);

    /** Rebuilds every plot from the store now and queues a replot (window change, tests). */
    void refreshNow();
    /** Replot period, default 1000 ms. */
    void setRefreshIntervalMs(int ms);
    int refreshIntervalMs() const { return m_timer.interval(); }
    /** Replot rounds so far (each queues one replot of every plot). */
    int replotCount() const { return m_replotCount; }

    /**
     * Writes the data of the current window as CSV: `timestamp_ms,time_utc`, then one column per
     * plotted series, `<metric key>@<node endpoint>` (node id when unknown), one row per sample
     * time; an empty cell where a series has no known value at that time.
     */
    bool exportCsv(const QString &path, QString *error = nullptr) const;
    /** All six plots as one PNG image, laid out as on screen. */
    bool exportPng(const QString &path, QString *error = nullptr);
    /** All six plots on one landscape PDF page, as vector graphics. */
    bool exportPdf(const QString &path, QString *error = nullptr);

    MetricPlot *plot(MetricDefinition::Metric metric) const;
    QList<MetricPlot *> plots() const { return m_plots; }
    const MetricStore &store() const { return m_store; }
    SnapshotPtr snapshot() const { return m_snapshot; }
    /** Events kept for markers, oldest first. */
    const OpsEvents &markerEvents() const { return m_events; }
    /** Legend text of @p nodeId: "127.0.0.1:7001 (replica of :7000)", "127.0.0.1:7000 (master)". */
    QString seriesName(const QString &nodeId) const;
    /** End of the shown window (newest sample), ms since the epoch; now when there is none. */
    qint64 windowEndMs() const;

    /** True for the events drawn as markers. */
    static bool isMarkerEvent(const OpsEvent &event);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildUi();
    void onTick();
    void markDirty() { m_dirty = true; }
    QStringList orderedNodes() const;
    QString shortEndpoint(const QString &nodeId, const QString &relativeToHost) const;
    QString csvColumnName(const MetricDefinition &def, const QString &nodeId) const;
    QList<EventMarker> markersIn(qint64 fromMs, qint64 toMs) const;
    QString markerLabel(const OpsEvent &event) const;
    int colorIndexOf(const QString &nodeId);
    void updateStatus();
    void pruneEvents();
    void exportWithDialog(const QString &what);

    MetricStore m_store;
    SnapshotPtr m_snapshot;
    OpsEvents m_events;
    QList<MetricPlot *> m_plots;
    QHash<QString, int> m_colorIndex;
    TimeWindow m_window = TimeWindow::FiveMinutes;
    QTimer m_timer;
    qint64 m_latestMs = 0;
    int m_replotCount = 0;
    bool m_dirty = false;

    QComboBox *m_windowBox = nullptr;
    QLabel *m_status = nullptr;
    QWidget *m_plotArea = nullptr;
    QToolButton *m_pngButton = nullptr;
    QToolButton *m_pdfButton = nullptr;
    QToolButton *m_csvButton = nullptr;
};

} // namespace ops
