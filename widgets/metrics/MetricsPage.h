#pragma once

#include "MetricBins.h"
#include "MetricDefinition.h"
#include "MetricsEventMarkers.h"
#include "MetricsNodeNames.h"
#include "model/OpsEvent.h"
#include "model/TopologySnapshot.h"
#include "monitor/MetricHistory.h"
#include "monitor/MetricSample.h"

#include <QList>
#include <QSet>
#include <QTimer>

#include <vector>
#include <QWidget>

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;

namespace ops {

class MetricPlot;

/**
 * @brief The "Replication & metrics" page: six time-series plots of a deployment (replication
 * lag in bytes and in seconds per replica, then used memory, fragmentation ratio, ops/s and
 * clients per node) in a 2-column grid, the two lag plots on top. Failover / topology events are
 * vertical markers on every plot so a lag spike and a failover line up; threshold lines mark
 * lag 10 s and fragmentation 1.5.
 *
 * Feed it from the Monitor (queued): samplesReady -> addSamples(), snapshotChanged ->
 * setSnapshot() (legend names and roles), eventsRecorded -> addEvents(). The series live in the
 * deployment's MetricHistory, owned and fed by its DeploymentSession on the backend thread
 * (setHistory()); the page only reads copies of the ranges it draws (MetricHistory::range, a
 * short read lock) and tells the history which nodes it draws (MetricHistory::setWatched: those
 * keep 1 h of fine samples, the others 10 min). A page without a shared history keeps its own
 * and feeds it from addSamples() (tests, tools). The plots are rebuilt for the chosen
 * window (5 min / 1 h / 24 h) and replotted (queued) on a fixed-rate timer, only when something
 * changed and the page is visible: never per sample. The window ends at the newest sample.
 *
 * Large deployments: a plot never draws more than topCount() nodes (default 8). With more nodes
 * it draws the top K by their peak in the window (lag plots: the replicas), chosen again at every
 * refresh with hysteresis (MetricTopSelection), plus one dashed series "max of the other N" so a
 * spike anywhere stays visible, and a note above the legend ("top 8 of 500 replicas by peak").
 * Ranking and the aggregate read per-node MAX bins (MetricBins: 1 s bins for 5 min, 10 s for
 * 1 h, 5 min for 24 h), not every sample: a refresh reads MetricStore::range() of the K drawn
 * nodes only. Deployments of at most K nodes look as before (every node, no aggregate). The CSV
 * export still writes every node.
 *
 * Shortcuts (QActions on the page, Qt::WidgetWithChildrenShortcut): Ctrl+1 / Ctrl+2 / Ctrl+3
 * window 5 min / 1 h / 24 h (actionMetricsWindow5m, actionMetricsWindow1h,
 * actionMetricsWindow24h), Ctrl+E export the plots as PNG or PDF (actionMetricsExportPlots),
 * Ctrl+Shift+E export the window's data as CSV (actionMetricsExportCsv). The chosen window is
 * remembered in QSettings under "metrics/window" ("5m", "1h", "24h").
 *
 * Child objectNames: metricsWindow (QComboBox), metricsStatus (QLabel), metricsExportPlots,
 * metricsExportCsv (QToolButtons), metricsPlots (the grid) and one "metricPlot_<key>" per plot
 * (MetricDefinition::key: lag_bytes, lag_seconds, used_memory, fragmentation, ops_per_sec, clients).
 */
class MetricsPage : public QWidget
{
    Q_OBJECT
public:
    enum class TimeWindow { FiveMinutes, OneHour, OneDay };
    Q_ENUM(TimeWindow)

    explicit MetricsPage(QWidget *parent = nullptr);
    /** @p limits sizes the page's own MetricHistory (tests, large fleets) until setHistory(). */
    explicit MetricsPage(MetricStore::Limits limits, QWidget *parent = nullptr);
    ~MetricsPage() override;

    /**
     * Reads the series from @p history, which its owner feeds (DeploymentSession): addSamples()
     * then only folds the cycle into the page's peak bins and schedules a replot.
     */
    void setHistory(MetricHistoryPtr history);
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
    /** QSettings key of the remembered window and its values. */
    static QString windowSettingsKey() { return QStringLiteral("metrics/window"); }
    static QString windowSettingValue(TimeWindow window);

    /** Threshold line of @p metric's plot; NaN removes it. */
    void setThreshold(MetricDefinition::Metric metric, double value);

    /** Rebuilds every plot from the store now and queues a replot (window change, tests). */
    void refreshNow();
    /** Replot period, default 1000 ms. */
    void setRefreshIntervalMs(int ms);
    int refreshIntervalMs() const { return m_timer.interval(); }
    /** Most nodes one plot draws (the rest are summed up in "max of the other N"); at least 1. */
    void setTopCount(int k);
    int topCount() const { return m_topCount; }

    /** Replot rounds so far (each queues one replot of every plot). */
    int replotCount() const { return m_replotCount; }
    /**
     * What the refresh timer does on each period: one staged replot round when new data came
     * since the last, nothing when none came or the page is hidden. Public so tests drive the
     * rounds themselves instead of waiting for the timer.
     */
    void tick();
    /** A staged replot round is still setting data / drawing (one plot per event-loop turn). */
    bool isRoundRunning() const { return m_roundNext >= 0; }

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
    const MetricHistory &history() const { return *m_history; }
    /** True when the page feeds its own history (no shared one was set). */
    bool ownsHistory() const { return m_ownsHistory; }
    SnapshotPtr snapshot() const { return m_names.snapshot(); }
    /** Events kept for markers, oldest first. */
    const OpsEvents &markerEvents() const { return m_markers.events(); }
    /** Legend text of @p nodeId: "127.0.0.1:7001 (replica of :7000)", "127.0.0.1:7000 (master)". */
    QString seriesName(const QString &nodeId) const;
    /** End of the shown window (newest sample), ms since the epoch; now when there is none. */
    qint64 windowEndMs() const;

    /** True for the events drawn as markers. */
    static bool isMarkerEvent(const OpsEvent &event) { return MetricsEventMarkers::isMarkerEvent(event); }

    QAction *windowAction(TimeWindow window) const;
    QAction *exportPlotsAction() const { return m_exportPlots; }
    QAction *exportCsvAction() const { return m_exportCsv; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildUi();
    void buildActions();
    void markDirty() { m_dirty = true; }
    void updateStatus();
    void exportPlotsWithDialog();
    void exportCsvWithDialog();
    const MetricBins &binsOf(TimeWindow window) const;

    /** What one refresh round shares across the six plots. */
    struct Round
    {
        qint64 from = 0;
        qint64 end = 0;
        QStringList nodes;                            ///< MetricsNodeNames::orderedNodes
        std::vector<MetricBins::Values> peaks;        ///< per node of `nodes`
        QList<EventMarker> markers;
        QHash<QString, std::vector<MetricSample>> samples; ///< of the nodes drawn, read once per round
    };
    void beginRound();
    void refreshPlotOfRound(int index);
    /** One plot of a staged round per event-loop turn, so no turn holds the GUI thread long. */
    void stepRound(quint64 generation);
    const std::vector<MetricSample> &roundSamples(const QString &nodeId);

    /** Tells the history which nodes the last round drew (they keep their fine samples). */
    void publishWatched(const QSet<QString> &drawn);

    MetricHistoryPtr m_history;
    bool m_ownsHistory = true;
    QSet<QString> m_watched; ///< last told to the history
    MetricBins m_bins5m;   ///< per-node MAX per 1 s, for ranking and "max of the others"
    MetricBins m_bins1h;   ///< per 10 s
    MetricBins m_bins24h;  ///< per 5 min
    int m_topCount = 8;
    Round m_round;
    int m_roundNext = -1;          ///< next plot of the staged round; -1 when none runs
    quint64 m_roundGeneration = 0; ///< a newer round (or refreshNow) cancels the staged one
    MetricsNodeNames m_names;
    MetricsEventMarkers m_markers;
    QList<MetricPlot *> m_plots;
    TimeWindow m_window = TimeWindow::FiveMinutes;
    QTimer m_timer;
    qint64 m_latestMs = 0;
    int m_replotCount = 0;
    bool m_dirty = false;

    QComboBox *m_windowBox = nullptr;
    QLabel *m_status = nullptr;
    QWidget *m_plotArea = nullptr;
    QActionGroup *m_windowGroup = nullptr;
    QAction *m_exportPlots = nullptr;
    QAction *m_exportCsv = nullptr;
};

} // namespace ops
