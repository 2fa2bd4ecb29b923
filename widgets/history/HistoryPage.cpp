#include "HistoryPage.h"

#include "history/HistoryFilterProxy.h"
#include "history/HistoryTimeline.h"
#include "viewmodels/HistoryTableModel.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace ops {

namespace {

constexpr int kQueryLimit = 100'000;

QString csvField(const QString &value)
{
    // RFC 4180: quote every field, double the quotes. Values are kept exactly (no formula escaping:
    // "+switch-master" must stay machine-readable).
    QString out = value;
    out.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

QString episodeText(const FailoverEpisode &ep)
{
    auto who = [](const QString &id, const QString &address) {
        if (id.isEmpty())
            return HistoryPage::tr("(none)");
        return address.isEmpty() || address == id ? id : QStringLiteral("%1\n              id %2").arg(address, id);
    };
    QString text = HistoryPage::tr("Failover episode (%1)\n").arg(ep.deploymentId);
    text += HistoryPage::tr("  outcome:    %1%2\n")
                .arg(FailoverEpisode::outcomeName(ep.outcome),
                     ep.endReason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(ep.endReason));
    text += HistoryPage::tr("  old master: %1\n").arg(who(ep.oldMaster, ep.oldMasterAddress));
    text += HistoryPage::tr("  new master: %1\n").arg(who(ep.newMaster, ep.newMasterAddress));
    text += HistoryPage::tr("  epoch:      %1\n").arg(ep.epoch == 0 ? HistoryPage::tr("unknown") : QString::number(ep.epoch));
    text += HistoryPage::tr("  start:      %1\n").arg(HistoryTableModel::timeText(ep.startMs));
    text += HistoryPage::tr("  end:        %1\n").arg(HistoryTableModel::timeText(ep.endMs));
    text += HistoryPage::tr("  duration:   %1 (%2 ms)\n").arg(FailoverEpisode::durationText(ep.durationMs())).arg(ep.durationMs());
    text += HistoryPage::tr("  events:     %1\n").arg(ep.eventIds.size());
    return text;
}

} // namespace

HistoryPage::HistoryPage(QueryFunction query, QWidget *parent)
    : QWidget(parent)
    , m_query(std::move(query))
    , m_model(new HistoryTableModel(this))
    , m_proxy(new HistoryFilterProxy(this))
{
    m_proxy->setSourceModel(m_model);
    buildUi();
    // Any change of the filtered rows redraws the timeline once per event-loop turn.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &HistoryPage::scheduleTimeline);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &HistoryPage::scheduleTimeline);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &HistoryPage::scheduleTimeline);
}

void HistoryPage::buildUi()
{
    m_kindEdit = new QLineEdit(this);
    m_kindEdit->setObjectName(QStringLiteral("historyKindFilter"));
    m_kindEdit->setPlaceholderText(tr("Kinds, e.g. switch-master, fail, promoted"));
    m_kindEdit->setClearButtonEnabled(true);
    connect(m_kindEdit, &QLineEdit::textChanged, m_proxy, &HistoryFilterProxy::setKindFilter);

    m_nodeBox = new QComboBox(this);
    m_nodeBox->setObjectName(QStringLiteral("historyNodeFilter"));
    m_nodeBox->setMinimumContentsLength(18);
    m_nodeBox->addItem(tr("All nodes"), QString());
    connect(m_nodeBox, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setNodeFilter(m_nodeBox->currentData().toString()); });

    m_rangeBox = new QComboBox(this);
    m_rangeBox->setObjectName(QStringLiteral("historyRange"));
    m_rangeBox->addItem(tr("Last hour"), int(Range::LastHour));
    m_rangeBox->addItem(tr("Last 24 hours"), int(Range::LastDay));
    m_rangeBox->addItem(tr("Last 7 days"), int(Range::LastWeek));
    m_rangeBox->addItem(tr("All"), int(Range::All));
    m_rangeBox->setCurrentIndex(1);
    connect(m_rangeBox, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setSinceMs(sinceMs());
        refresh();
    });

    m_refresh = new QAction(tr("Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("historyRefresh"));
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_refresh, &QAction::triggered, this, &HistoryPage::refresh);
    addAction(m_refresh);
    auto *refreshButton = new QToolButton(this);
    refreshButton->setDefaultAction(m_refresh);
    auto *csvButton = new QToolButton(this);
    csvButton->setText(tr("Export CSV…"));
    csvButton->setObjectName(QStringLiteral("historyExportCsv"));
    connect(csvButton, &QToolButton::clicked, this, [this] { exportWithDialog(false); });
    auto *jsonButton = new QToolButton(this);
    jsonButton->setText(tr("Export JSON…"));
    jsonButton->setObjectName(QStringLiteral("historyExportJson"));
    connect(jsonButton, &QToolButton::clicked, this, [this] { exportWithDialog(true); });

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Kind:"), this));
    bar->addWidget(m_kindEdit, 2);
    bar->addWidget(new QLabel(tr("Node:"), this));
    bar->addWidget(m_nodeBox, 1);
    bar->addWidget(new QLabel(tr("Range:"), this));
    bar->addWidget(m_rangeBox);
    bar->addWidget(refreshButton);
    bar->addWidget(csvButton);
    bar->addWidget(jsonButton);

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
    m_table->setColumnWidth(HistoryTableModel::Time, 180);
    m_table->setColumnWidth(HistoryTableModel::Kind, 170);
    m_table->setColumnWidth(HistoryTableModel::Severity, 80);
    m_table->setColumnWidth(HistoryTableModel::Node, 150);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (!current.isValid())
            return;
        const OpsEvent &e = m_model->event(m_proxy->mapToSource(current).row());
        m_timeline->setSelectedEventId(e.id);
        showEvent(e);
    });

    m_details = new QPlainTextEdit(this);
    m_details->setObjectName(QStringLiteral("historyDetails"));
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Select an event or a failover bar to see its details."));
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_table);
    lower->addWidget(m_details);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_timeline);
    split->addWidget(lower);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("historyStatus"));
    m_status->setTextFormat(Qt::PlainText);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);
}

void HistoryPage::setDeployment(const QString &deploymentId)
{
    m_deploymentId = deploymentId;
    m_model->clear();
    refresh();
}

qint64 HistoryPage::sinceMs() const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    switch (range()) {
    case Range::LastHour: return now - 3'600'000;
    case Range::LastDay: return now - 86'400'000;
    case Range::LastWeek: return now - 7 * 86'400'000LL;
    case Range::All: return 0;
    }
    return 0;
}

void HistoryPage::setRange(Range r) { m_rangeBox->setCurrentIndex(m_rangeBox->findData(int(r))); }
HistoryPage::Range HistoryPage::range() const { return Range(m_rangeBox->currentData().toInt()); }
void HistoryPage::setKindFilter(const QString &text) { m_kindEdit->setText(text); }

void HistoryPage::setNodeFilter(const QString &node)
{
    int index = m_nodeBox->findData(node);
    if (index < 0) {
        m_nodeBox->addItem(node, node);
        index = m_nodeBox->count() - 1;
    }
    m_nodeBox->setCurrentIndex(index);
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
    m_query(q, this, [this, generation](const QList<OpsEvent> &events, const HistoryError &error) {
        onLoaded(generation, events, error);
    });
}

void HistoryPage::onLoaded(quint64 generation, const QList<OpsEvent> &events, const HistoryError &error)
{
    if (generation != m_generation)
        return; // superseded by a newer query
    m_pending = 0;
    if (error.isError()) {
        m_status->setText(tr("History unavailable: %1").arg(error.message));
        emit loaded(error);
        return;
    }
    OpsEvents ordered(events.crbegin(), events.crend());
    // Live events that arrived while the query ran are kept (addEvents skips duplicates).
    const OpsEvents live = m_model->events();
    m_model->setEvents(ordered);
    m_model->addEvents(live);
    m_timeline->setRange(0, 0); // a new result is shown whole; live appends keep the zoom
    updateNodes();
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
    m_model->addEvents(mine);
    updateNodes();
}

void HistoryPage::updateNodes()
{
    QStringList nodes;
    for (const OpsEvent &e : m_model->events()) {
        const QString node = e.endpoint.isEmpty() ? e.nodeId : e.endpoint;
        if (!node.isEmpty() && !nodes.contains(node))
            nodes << node;
    }
    std::sort(nodes.begin(), nodes.end());
    for (const QString &node : std::as_const(nodes))
        if (m_nodeBox->findData(node) < 0)
            m_nodeBox->addItem(node, node);
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
    m_episodes = groupFailoverEpisodes(m_model->events());
    // Episodes of the filtered time span only; kind/node filters narrow the markers, not the episodes.
    const qint64 since = m_proxy->sinceMs();
    QList<FailoverEpisode> shown;
    for (const FailoverEpisode &ep : std::as_const(m_episodes))
        if (ep.endMs >= since)
            shown << ep;
    m_episodes = shown;
    m_timeline->setData(filteredEvents(), m_episodes);
    int failovers = 0;
    for (const FailoverEpisode &ep : std::as_const(m_episodes))
        failovers += ep.outcome == FailoverEpisode::Outcome::Completed ? 1 : 0;
    if (m_pending == 0)
        m_status->setText(tr("%1 of %2 events, %3 failovers (%4 episodes)")
                              .arg(m_proxy->rowCount())
                              .arg(m_model->rowCount())
                              .arg(failovers)
                              .arg(m_episodes.size()));
}

OpsEvents HistoryPage::filteredEvents() const
{
    OpsEvents out;
    out.reserve(m_proxy->rowCount());
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        out.append(m_model->event(m_proxy->mapToSource(m_proxy->index(row, 0)).row()));
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
    showEvent(m_model->event(sourceRow));
}

void HistoryPage::showEvent(const OpsEvent &e)
{
    QString text;
    text += tr("Time:       %1 (%2 ms)\n").arg(HistoryTableModel::timeText(e.timestampMs)).arg(e.timestampMs);
    text += tr("Kind:       %1\n").arg(e.kindName());
    text += tr("Severity:   %1\n").arg(OpsEvent::severityName(e.severity));
    text += tr("Source:     %1\n").arg(OpsEvent::sourceName(e.source));
    text += tr("Deployment: %1\n").arg(e.deploymentId);
    text += tr("Node:       %1\n").arg(e.nodeId);
    text += tr("Endpoint:   %1\n").arg(e.endpoint);
    text += tr("Message:    %1\n").arg(e.message);
    text += tr("Event id:   %1\n").arg(e.id);
    if (!e.details.isEmpty())
        text += tr("\nDetails:\n%1").arg(QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Indented)));
    for (const FailoverEpisode &ep : std::as_const(m_episodes))
        if (ep.contains(e.id))
            text += QLatin1Char('\n') + episodeText(ep);
    m_details->setPlainText(text);
}

void HistoryPage::showEpisode(int index)
{
    if (index < 0 || index >= m_episodes.size())
        return;
    m_timeline->zoomToEpisode(index);
    m_details->setPlainText(episodeText(m_episodes.at(index)));
}

QString HistoryPage::detailsText() const { return m_details->toPlainText(); }
QString HistoryPage::statusText() const { return m_status->text(); }

bool HistoryPage::exportCsv(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error != nullptr)
            *error = file.errorString();
        return false;
    }
    QByteArray out = "id,time,timestampMs,deployment,kind,severity,source,node,endpoint,message,details\n";
    for (const OpsEvent &e : filteredEvents()) {
        const QStringList fields{
            QString::number(e.id),
            QDateTime::fromMSecsSinceEpoch(e.timestampMs, Qt::UTC).toString(Qt::ISODateWithMs),
            QString::number(e.timestampMs),
            e.deploymentId,
            e.kindName(),
            OpsEvent::severityName(e.severity),
            OpsEvent::sourceName(e.source),
            e.nodeId,
            e.endpoint,
            e.message,
            e.details.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)),
        };
        QStringList quoted;
        for (const QString &f : fields)
            quoted << csvField(f);
        out += quoted.join(QLatin1Char(',')).toUtf8() + '\n';
    }
    file.write(out);
    if (!file.commit()) {
        if (error != nullptr)
            *error = file.errorString();
        return false;
    }
    return true;
}

bool HistoryPage::exportJson(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error != nullptr)
            *error = file.errorString();
        return false;
    }
    QJsonArray rows;
    for (const OpsEvent &e : filteredEvents())
        rows.append(e.toJson());
    file.write(QJsonDocument(rows).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        if (error != nullptr)
            *error = file.errorString();
        return false;
    }
    return true;
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
