#include "EventLogPage.h"

#include "core/Logging.h"
#include "viewmodels/AppLogModel.h"
#include "viewmodels/EventLogModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace ops {

EventLogPage::EventLogPage(QWidget *parent)
    : QWidget(parent)
    , m_events(new EventLogModel(10000, this))
    , m_log(new AppLogModel(Logging::ring(), 5000, this))
    , m_eventProxy(new QSortFilterProxyModel(this))
    , m_logProxy(new QSortFilterProxyModel(this))
    , m_search(new QLineEdit(this))
    , m_tabs(new QTabWidget(this))
    , m_logTimer(this)
{
    setObjectName(QStringLiteral("eventLogPage"));
    m_search->setObjectName(QStringLiteral("eventSearch"));
    m_search->setPlaceholderText(tr("Search events and log (node, kind, text)…"));
    m_search->setClearButtonEnabled(true);
    for (QSortFilterProxyModel *proxy : {m_eventProxy, m_logProxy}) {
        proxy->setFilterKeyColumn(-1);
        proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    }
    m_eventProxy->setSourceModel(m_events);
    m_eventProxy->setSortRole(EventLogModel::RawRole);
    m_logProxy->setSourceModel(m_log);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_eventProxy->setFilterFixedString(text);
        m_logProxy->setFilterFixedString(text);
    });

    m_eventTable = makeTable(m_eventProxy, QStringLiteral("eventTable"));
    m_eventTable->setSortingEnabled(true);
    // The message takes the room left, so Source stays at the right edge.
    m_eventTable->horizontalHeader()->setStretchLastSection(false);
    m_eventTable->horizontalHeader()->setSectionResizeMode(EventLogModel::Message, QHeaderView::Stretch);
    m_eventTable->sortByColumn(EventLogModel::Time, Qt::AscendingOrder);
    m_logTable = makeTable(m_logProxy, QStringLiteral("appLogTable"));
    m_tabs->setObjectName(QStringLiteral("eventLogTabs"));
    m_tabs->addTab(m_eventTable, tr("Events"));
    m_tabs->addTab(m_logTable, tr("Application log"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_tabs);
    setFocusProxy(m_eventTable); // DeploymentWorkspace::showPage puts the keyboard in the table

    auto *copy = new QAction(tr("&Copy"), this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    copy->setObjectName(QStringLiteral("actionCopyEvents"));
    copy->setToolTip(tr("Copy the selected rows as tab-separated text (%1)").arg(copy->shortcut().toString(QKeySequence::NativeText)));
    copy->setStatusTip(copy->toolTip());
    connect(copy, &QAction::triggered, this, &EventLogPage::copySelection);
    addAction(copy);
    auto *find = new QAction(tr("&Find in events and log"), this);
    find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    find->setObjectName(QStringLiteral("actionFindEvents"));
    find->setToolTip(tr("Focus the search field (%1)").arg(find->shortcut().toString(QKeySequence::NativeText)));
    find->setStatusTip(find->toolTip());
    connect(find, &QAction::triggered, this, [this] { m_search->setFocus(); m_search->selectAll(); });
    addAction(find);
    for (QTableView *t : {m_eventTable, m_logTable}) {
        t->setContextMenuPolicy(Qt::ActionsContextMenu);
        t->addAction(copy);
    }

    m_logTimer.setInterval(500); // pull the log ring at a fixed rate, not per line
    connect(&m_logTimer, &QTimer::timeout, this, [this] {
        const bool atBottom = m_logTable->verticalScrollBar()->value() == m_logTable->verticalScrollBar()->maximum();
        if (m_log->refresh() > 0) {
            sizeColumnsOnce(m_logTable, m_logColumnsSized);
            if (atBottom)
                m_logTable->scrollToBottom();
        }
    });
    m_logTimer.start();
    m_log->refresh();
    sizeColumnsOnce(m_logTable, m_logColumnsSized);
}

void EventLogPage::sizeColumnsOnce(QTableView *table, bool &done)
{
    if (done || table->model()->rowCount() == 0)
        return;
    table->resizeColumnsToContents();
    done = true;
}

QTableView *EventLogPage::makeTable(QSortFilterProxyModel *proxy, const QString &name)
{
    auto *t = new QTableView(this);
    t->setObjectName(name);
    t->setModel(proxy);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setWordWrap(false);
    t->setAlternatingRowColors(true);
    t->verticalHeader()->hide();
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    // Interactive widths (sized to the first rows once, then the operator's; the layout is saved):
    // ResizeToContents would measure up to 10,000 rows on every append and ignore the operator.
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

void EventLogPage::addEvents(const OpsEvents &events)
{
    const bool atBottom = m_eventTable->verticalScrollBar()->value() == m_eventTable->verticalScrollBar()->maximum();
    m_events->append(events);
    sizeColumnsOnce(m_eventTable, m_eventColumnsSized);
    if (atBottom)
        m_eventTable->scrollToBottom();
}

QString EventLogPage::selectedText(QTableView *view) const
{
    QStringList lines;
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    QList<int> order;
    for (const QModelIndex &r : rows)
        order << r.row();
    std::sort(order.begin(), order.end());
    for (int row : std::as_const(order)) {
        QStringList cells;
        for (int c = 0; c < view->model()->columnCount(); ++c)
            cells << view->model()->index(row, c).data().toString();
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n'));
}

void EventLogPage::copySelection()
{
    QTableView *view = m_tabs->currentIndex() == 0 ? m_eventTable : m_logTable;
    const QString text = selectedText(view);
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

} // namespace ops
