#include "HistoryPage.h"

#include "history/HistoryDetailsText.h"
#include "history/HistoryExporter.h"
#include "history/HistoryFilterProxy.h"
#include "history/HistoryTimeline.h"
#include "viewmodels/HistoryTableModel.h"

#include <QAction>
#include <QDateTime>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace ops {

namespace {
constexpr int kQueryLimit = 100'000;
} // namespace

HistoryPage::HistoryPage(QueryFunction query, QWidget *parent)
    : QWidget(parent)
    , m_query(std::move(query))
    , m_model(new HistoryTableModel(this))
    , m_proxy(new HistoryFilterProxy(this))
{
    m_proxy->setSourceModel(m_model);
    buildActions();
    buildUi();
    // Any change of the filtered rows redraws the timeline once per event-loop turn.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &HistoryPage::scheduleTimeline);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &HistoryPage::scheduleTimeline);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &HistoryPage::scheduleTimeline);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_regroup = true; });
}

void HistoryPage::buildActions()
{
    auto make = [this](const char *name, const QString &text, const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(text, this);
        a->setObjectName(QLatin1String(name));
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        const QString full = tip + QStringLiteral(" (%1)").arg(key.toString(QKeySequence::NativeText));
        a->setToolTip(full);
        a->setStatusTip(full);
        addAction(a);
        return a;
    };
    m_filterAction = make("actionHistoryFilter", tr("&Filter by kind"), QKeySequence(Qt::CTRL | Qt::Key_F),
                          tr("Type kinds to show, e.g. \"switch, fail\""));
    m_exportCsv = make("actionHistoryExportCsv", tr("Export &CSV…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                       tr("Save the filtered rows as CSV"));
    m_exportJson = make("actionHistoryExportJson", tr("Export &JSON…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                        tr("Save the filtered rows as JSON"));
    connect(m_exportCsv, &QAction::triggered, this, [this] { exportWithDialog(false); });
    connect(m_exportJson, &QAction::triggered, this, [this] { exportWithDialog(true); });
    m_incidentReport = make("actionHistoryIncidentReport", tr("Incident &report…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
                            tr("Export an incident report (Markdown and HTML with plots) of the episode shown, or of the range"));
    connect(m_incidentReport, &QAction::triggered, this, [this] {
        const auto [from, to] = reportWindow(QDateTime::currentMSecsSinceEpoch());
        if (from > 0)
            emit incidentReportRequested(m_deploymentId, from, to);
    });
}

QPair<qint64, qint64> HistoryPage::reportWindow(qint64 nowMs) const
{
    constexpr qint64 margin = 5 * 60'000;
    if (m_deploymentId.isEmpty())
        return {0, 0};
    if (m_shownEpisode) {
        const FailoverEpisode &e = *m_shownEpisode;
        return {e.startMs - margin, std::min(nowMs, e.endMs + margin)};
    }
    qint64 from = HistoryFilterBar::sinceMs(range(), nowMs);
    for (int row = 0; from <= 0 && row < m_model->rowCount(); ++row)
        from = from <= 0 ? m_model->eventAt(row).timestampMs : std::min(from, m_model->eventAt(row).timestampMs);
    return from > 0 ? qMakePair(from, nowMs) : qMakePair(qint64(0), qint64(0));
}

void HistoryPage::buildUi()
{
    m_filterBar = new HistoryFilterBar(m_exportCsv, m_exportJson, m_incidentReport, this);
    m_filterBar->setObjectName(QStringLiteral("historyFilterBar"));
    connect(m_filterAction, &QAction::triggered, m_filterBar, &HistoryFilterBar::focusKindFilter);
    connect(m_filterBar, &HistoryFilterBar::kindFilterChanged, m_proxy, &HistoryFilterProxy::setKindFilter);
    connect(m_filterBar, &HistoryFilterBar::nodeFilterChanged, m_proxy, &HistoryFilterProxy::setNodeFilter);
    connect(m_filterBar, &HistoryFilterBar::rangeChanged, this, [this] {
        m_proxy->setSinceMs(sinceMs());
        refresh();
    });
    connect(m_filterBar, &HistoryFilterBar::reloadClicked, this, &HistoryPage::refresh);

    m_timeline = new HistoryTimeline(this);
    m_timeline->setObjectName(QStringLiteral("historyTimeline"));
    connect(m_timeline, &HistoryTimeline::eventClicked, this, [this](qint64 id, int index) {
        if (id != 0) {
            selectEvent(id);
        } else if (index >= 0 && index < m_proxy->rowCount()) {
            m_table->selectRow(index);
        }
    });
    connect(m_timeline, &HistoryTimeline::episodeClicked, this, &HistoryPage::showEpisode);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(HistoryTableModel::Time, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    sizeColumns();
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (!current.isValid())
            return;
        const OpsEvent &e = m_model->eventAt(m_proxy->mapToSource(current).row());
        m_timeline->setSelectedEventId(e.id);
        m_shownEpisode.reset();
        m_details->setPlainText(HistoryDetailsText::ofEvent(e, m_episodes));
    });

    m_details = new QPlainTextEdit(this);
    m_details->setObjectName(QStringLiteral("historyDetails"));
    m_details->setReadOnly(true);
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap); // keeps the "label: value" columns and long ids intact
    m_details->setPlaceholderText(tr("Select an event or a failover bar to see its details."));
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->setObjectName(QStringLiteral("historyLowerSplitter")); // stable paths for saved layouts
    lower->addWidget(m_table);
    lower->addWidget(m_details);
    lower->setStretchFactor(0, 2); // the table (messages) gets two thirds
    lower->setStretchFactor(1, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("historySplitter"));
    split->addWidget(m_timeline);
    split->addWidget(lower);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    // Journaled operations, shown once an operations query is set (setOperationsQuery).
    m_operations = new OperationsPanel(this);
    m_operations->hide();
    connect(m_operations, &OperationsPanel::filterChanged, m_proxy, &HistoryFilterProxy::setOperationFilter);
    connect(m_operations, &OperationsPanel::operationSelected, this,
            [this](const OperationRecord &op) {
                m_shownEpisode.reset();
                m_details->setPlainText(HistoryDetailsText::ofOperation(op));
            });
    // Its own splitter around the existing one: "historySplitter" keeps its two widgets, so a
    // layout saved before operations were listed does not resize the wrong panes.
    auto *outer = new QSplitter(Qt::Vertical, this);
    outer->setObjectName(QStringLiteral("historyOperationsSplitter"));
    outer->addWidget(m_operations);
    outer->addWidget(split);
    outer->setStretchFactor(0, 1);
    outer->setStretchFactor(1, 4);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("historyStatus"));
    m_status->setTextFormat(Qt::PlainText);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filterBar);
    layout->addWidget(outer, 1);
    layout->addWidget(m_status);
}

void HistoryPage::sizeColumns()
{
    // Sized for the widest usual value in the table's font, so nothing important is cut.
    const QFontMetrics fm(m_table->font());
    const int pad = 3 * fm.averageCharWidth() + 8;
    const auto width = [&](const char *sample) { return fm.horizontalAdvance(QLatin1String(sample)) + pad; };
    m_table->setColumnWidth(HistoryTableModel::Time, width("0000-00-00 00:00:00.000"));
    m_table->setColumnWidth(HistoryTableModel::Kind, width("replication-link-down"));
    m_table->setColumnWidth(HistoryTableModel::Severity, width("Severity"));
    m_table->setColumnWidth(HistoryTableModel::Node, width("255.255.255.255:65535"));
}

void HistoryPage::setDeployment(const QString &deploymentId)
{
    m_deploymentId = deploymentId;
    m_model->clear();
    refresh();
}

qint64 HistoryPage::sinceMs() const
{
    return HistoryFilterBar::sinceMs(range(), QDateTime::currentMSecsSinceEpoch());
}

void HistoryPage::refresh()
{
    if (!m_query)
        return;
    HistoryQuery q;
    q.deploymentId = m_deploymentId;
    q.sinceMs = sinceMs();
    q.limit = kQueryLimit;
    q.newestFirst = true; // the newest rows survive the limit
    m_proxy->setSinceMs(q.sinceMs);
    const quint64 generation = ++m_generation;
    m_pending = generation;
    m_status->setText(tr("Loading…"));
    m_timeline->setEmptyText(tr("Loading the history…"));
    m_query(q, this, [this, generation](const QList<OpsEvent> &events, const HistoryError &error) {
        onLoaded(generation, events, error);
    });
    m_operations->refresh(m_deploymentId);
}

void HistoryPage::setOperationsQuery(OperationsQueryFunction query)
{
    m_operations->setQuery(std::move(query));
    m_operations->setVisible(m_operations->hasQuery());
    m_operations->refresh(m_deploymentId);
}

bool HistoryPage::showOperation(const QString &id)
{
    return m_operations->showOperation(id);
}

void HistoryPage::onLoaded(quint64 generation, const QList<OpsEvent> &events, const HistoryError &error)
{
    if (generation != m_generation)
        return; // superseded by a newer query
    m_pending = 0;
    if (error.isError()) {
        m_error = error.message;
        m_status->setText(tr("History unavailable: %1").arg(error.message));
        updateTimeline();
        emit loaded(error);
        return;
    }
    m_error.clear();
    OpsEvents ordered(events.crbegin(), events.crend());
    // Live events that arrived while the query ran are kept (addEvents skips duplicates).
    const OpsEvents live = m_model->events();
    m_model->setEvents(ordered);
    m_model->addEvents(live);
    m_timeline->setRange(0, 0); // a new result is shown whole; live appends keep the zoom
    updateNodes(0);
    updateTimeline();
    emit loaded(error);
}

void HistoryPage::addEvents(const OpsEvents &events)
{
    OpsEvents mine;
    for (const OpsEvent &e : events)
        if (m_deploymentId.isEmpty() || e.deploymentId == m_deploymentId)
            mine.append(e);
    if (mine.isEmpty())
        return;
    const qsizetype before = m_model->rowCount();
    m_model->addEvents(mine);
    updateNodes(before); // only the new rows: O(batch), not O(all events)
}

void HistoryPage::updateNodes(qsizetype fromRow)
{
    const OpsEvents &events = m_model->events();
    QSet<QString> seen;
    QStringList nodes;
    for (qsizetype row = fromRow; row < events.size(); ++row) {
        const OpsEvent &e = events.at(row);
        const QString &node = e.endpoint.isEmpty() ? e.nodeId : e.endpoint;
        if (!node.isEmpty() && !seen.contains(node)) {
            seen.insert(node);
            nodes << node;
        }
    }
    m_filterBar->addNodes(nodes);
}

void HistoryPage::scheduleTimeline()
{
    if (m_timelineQueued)
        return;
    m_timelineQueued = true;
    QTimer::singleShot(0, this, &HistoryPage::updateTimeline);
}

void HistoryPage::updateTimeline()
{
    m_timelineQueued = false;
    // Live appends group only the new rows; a reset (new query result) or an event older than
    // the last one grouped groups everything again.
    const OpsEvents &all = m_model->events();
    if (m_regroup || m_grouper.groupedCount() > all.size() || !m_grouper.append(all, m_grouper.groupedCount())) {
        m_grouper.reset();
        m_grouper.append(all, 0);
        m_regroup = false;
    }
    m_episodes = m_grouper.episodes();
    // Episodes of the filtered time span only; kind/node filters narrow the markers, not the episodes.
    const qint64 since = m_proxy->sinceMs();
    QList<FailoverEpisode> shown;
    for (const FailoverEpisode &ep : std::as_const(m_episodes))
        if (ep.endMs >= since)
            shown << ep;
    m_episodes = shown;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_timeline->setIdleSpanMs(since > 0 ? now - since : 86'400'000); // an empty range still shows its span
    m_timeline->setData(filteredEvents(), m_episodes);
    const int hidden = m_model->rowCount() - m_proxy->rowCount();
    if (!m_error.isEmpty())
        m_timeline->setEmptyText(tr("History unavailable: %1").arg(m_error));
    else if (m_pending != 0)
        m_timeline->setEmptyText(tr("Loading the history…"));
    else if (hidden > 0 && !m_proxy->operationFilter().isEmpty())
        m_timeline->setEmptyText(tr("The selected operation caused no recorded event (%n event(s) hidden). "
                                    "Show: All events to see them.", nullptr, hidden));
    else if (hidden > 0)
        m_timeline->setEmptyText(tr("No event matches the filters (%n event(s) hidden). Clear Kind and Node to see them.",
                                    nullptr, hidden));
    else
        m_timeline->setEmptyText(tr("No events recorded in %1. Failovers, FAIL flags, stale nodes and link changes "
                                    "appear here as they happen.").arg(m_filterBar->rangeText()));
    int failovers = 0;
    for (const FailoverEpisode &ep : std::as_const(m_episodes))
        failovers += ep.outcome == FailoverEpisode::Outcome::Completed ? 1 : 0;
    if (m_pending == 0 && m_error.isEmpty() && m_model->rowCount() == 0) {
        m_status->setText(tr("No events in %1").arg(m_filterBar->rangeText()));
    } else if (m_pending == 0 && m_error.isEmpty()) {
        // Plurals spelled out: no translation catalogue is loaded for English.
        const auto count = [](qsizetype n, const QString &one, const QString &many) {
            return (n == 1 ? one : many).arg(n);
        };
        m_status->setText(tr("%1 of %2 shown · %3 (%4) in %5")
                              .arg(m_proxy->rowCount())
                              .arg(count(m_model->rowCount(), tr("%1 event"), tr("%1 events")),
                                   count(failovers, tr("%1 completed failover"), tr("%1 completed failovers")),
                                   count(m_episodes.size(), tr("%1 episode"), tr("%1 episodes")),
                                   m_filterBar->rangeText()));
    }
}

OpsEvents HistoryPage::filteredEvents() const
{
    OpsEvents out;
    out.reserve(m_proxy->rowCount());
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        out.append(m_model->eventAt(m_proxy->mapToSource(m_proxy->index(row, 0)).row()));
    return out;
}

void HistoryPage::selectEvent(qint64 id)
{
    const int sourceRow = m_model->rowOfId(id);
    if (sourceRow < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (index.isValid()) {
        m_table->selectRow(index.row());
        m_table->scrollTo(index);
    }
    m_timeline->setSelectedEventId(id);
    m_shownEpisode.reset();
    m_details->setPlainText(HistoryDetailsText::ofEvent(m_model->eventAt(sourceRow), m_episodes));
}

void HistoryPage::showEpisode(int index)
{
    if (index < 0 || index >= m_episodes.size())
        return;
    m_shownEpisode = m_episodes.at(index);
    m_timeline->zoomToEpisode(index);
    m_details->setPlainText(HistoryDetailsText::ofEpisode(m_episodes.at(index)));
}

QString HistoryPage::detailsText() const { return m_details->toPlainText(); }
QString HistoryPage::statusText() const { return m_status->text(); }

bool HistoryPage::exportCsv(const QString &path, QString *error) const
{
    return HistoryExporter::writeCsv(path, filteredEvents(), error);
}

bool HistoryPage::exportJson(const QString &path, QString *error) const
{
    return HistoryExporter::writeJson(path, filteredEvents(), error);
}

void HistoryPage::exportWithDialog(bool json)
{
    const QString path = QFileDialog::getSaveFileName(this, json ? tr("Export JSON") : tr("Export CSV"),
                                                      json ? QStringLiteral("history.json") : QStringLiteral("history.csv"),
                                                      json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    const bool ok = json ? exportJson(path, &error) : exportCsv(path, &error);
    m_status->setText(ok ? tr("Exported %1 rows to %2").arg(m_proxy->rowCount()).arg(path)
                         : tr("Export failed: %1").arg(error));
}

} // namespace ops
