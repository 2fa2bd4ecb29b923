#pragma once

#include "history/HistoryError.h"
#include "history/HistoryFilterBar.h"
#include "history/HistoryQuery.h"
#include "history/OperationsPanel.h"
#include "model/OpsEvent.h"
#include "viewmodels/FailoverEpisodes.h"

#include <QWidget>

#include <optional>

#include <functional>

class QAction;
class QLabel;
class QPlainTextEdit;
class QTableView;

namespace ops {

class HistoryFilterProxy;
class HistoryTableModel;
class HistoryTimeline;

/**
 * @brief The "Failover history" page: stored events of one deployment from the history database,
 * a filter bar (kind, node, time range), a timeline with failover episodes on top, the event
 * table below and a details pane; CSV / JSON export of the filtered rows.
 *
 * Shortcuts (QActions on the page, Qt::WidgetWithChildrenShortcut): Ctrl+F focuses the kind
 * filter (actionHistoryFilter), Ctrl+E exports CSV (actionHistoryExportCsv), Ctrl+Shift+E
 * exports JSON (actionHistoryExportJson). F5 belongs to the main window; the Reload button (or
 * refresh()) queries the database again.
 *
 * The page never touches SQLite itself: it asks an injected QueryFunction (in the console,
 * ConsoleRuntime::queryHistory, which runs on the backend thread and answers on the GUI thread;
 * in tests, possibly a HistoryStore called directly). Answers to superseded queries are ignored.
 */
class HistoryPage : public QWidget
{
    Q_OBJECT
public:
    using Handler = std::function<void(const QList<ops::OpsEvent> &events, const ops::HistoryError &error)>;
    /** Runs a query and calls the handler (on the GUI thread) unless the context object is gone. */
    using QueryFunction = std::function<void(const HistoryQuery &query, QObject *context, Handler handler)>;
    using Range = HistoryFilterBar::Range;
    using OperationsHandler = OperationsPanel::Handler;
    using OperationsQueryFunction = OperationsPanel::QueryFunction;

    explicit HistoryPage(QueryFunction query, QWidget *parent = nullptr);

    /** Sets the deployment shown (empty = all deployments) and refreshes. */
    void setDeployment(const QString &deploymentId);
    QString deployment() const { return m_deploymentId; }
    /**
     * Shows the operations list (OperationsPanel) above the timeline, read through @p query (in
     * the console ConsoleRuntime::queryOperations) on every refresh; selecting an operation shows
     * its steps in the details pane and, with "Show: Events of the selected operation", filters
     * the events to those carrying its id. Without it the page shows events only.
     */
    void setOperationsQuery(OperationsQueryFunction query);
    OperationsPanel *operationsPanel() const { return m_operations; }
    /** Selects operation @p id and shows only its events (false if it is not listed yet). */
    bool showOperation(const QString &id);
    /** Appends live events (those of other deployments are ignored). */
    void addEvents(const OpsEvents &events);

    void setRange(Range range) { m_filterBar->setRange(range); }
    Range range() const { return m_filterBar->range(); }
    void setKindFilter(const QString &text) { m_filterBar->setKindFilter(text); }
    void setNodeFilter(const QString &node) { m_filterBar->setNodeFilter(node); }

    /** Writes the filtered rows in table order. False (and @p error set) if the file cannot be written. */
    bool exportCsv(const QString &path, QString *error = nullptr) const;
    bool exportJson(const QString &path, QString *error = nullptr) const;

    /** The filtered events in table order. */
    OpsEvents filteredEvents() const;
    const QList<FailoverEpisode> &episodes() const { return m_episodes; }
    HistoryTableModel *model() const { return m_model; }
    HistoryFilterProxy *proxy() const { return m_proxy; }
    HistoryTimeline *timeline() const { return m_timeline; }
    HistoryFilterBar *filterBar() const { return m_filterBar; }
    QTableView *table() const { return m_table; }
    QAction *filterAction() const { return m_filterAction; }
    QAction *exportCsvAction() const { return m_exportCsv; }
    QAction *exportJsonAction() const { return m_exportJson; }
    QAction *incidentReportAction() const { return m_incidentReport; }
    /**
     * The window an incident report of this page covers: the episode shown in the details pane
     * widened by 5 minutes on each side, else the range (since the first loaded event for "All")
     * up to @p nowMs. {0, 0} when the page shows every deployment or nothing.
     */
    QPair<qint64, qint64> reportWindow(qint64 nowMs) const;
    QString detailsText() const;
    QString statusText() const;
    bool isLoading() const { return m_pending != 0; }

    /** Shows event @p id in the table and the details pane. */
    void selectEvent(qint64 id);
    /** Shows episode @p index (into episodes()) in the details pane. */
    void showEpisode(int index);

public slots:
    void refresh();

signals:
    /** A query finished (rows are in the model, or the error is in the status line). */
    void loaded(const ops::HistoryError &error);
    /** "Export incident report…" (actionHistoryIncidentReport): this deployment's window (reportWindow()). */
    void incidentReportRequested(const QString &deploymentId, qint64 fromMs, qint64 toMs);

private:
    void buildActions();
    void buildUi();
    void onLoaded(quint64 generation, const QList<OpsEvent> &events, const HistoryError &error);
    void scheduleTimeline();
    void updateTimeline();
    /** Lists the nodes of the model's rows from @p fromRow on in the node filter. */
    void updateNodes(qsizetype fromRow);
    void sizeColumns();
    void exportWithDialog(bool json);
    qint64 sinceMs() const;

    QueryFunction m_query;
    OperationsPanel *m_operations = nullptr;
    QString m_deploymentId;
    HistoryTableModel *m_model;
    HistoryFilterProxy *m_proxy;
    QList<FailoverEpisode> m_episodes;
    std::optional<FailoverEpisode> m_shownEpisode; ///< the episode in the details pane, as shown
    FailoverEpisodeGrouper m_grouper; ///< the model's rows grouped so far (live appends: only the new rows)
    bool m_regroup = true;            ///< the model was reset: group every row again
    HistoryFilterBar *m_filterBar = nullptr;
    HistoryTimeline *m_timeline = nullptr;
    QTableView *m_table = nullptr;
    QPlainTextEdit *m_details = nullptr;
    QLabel *m_status = nullptr;
    QAction *m_filterAction = nullptr;
    QAction *m_exportCsv = nullptr;
    QAction *m_exportJson = nullptr;
    QAction *m_incidentReport = nullptr;
    QString m_error;            ///< message of the last failed query; empty after a success
    quint64 m_generation = 0;
    quint64 m_pending = 0;      ///< generation of the query in flight; 0 = none
    bool m_timelineQueued = false;
};

} // namespace ops
