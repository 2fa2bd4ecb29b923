#include "OperationsPanel.h"

#include "history/OperationTableProxy.h"
#include "viewmodels/OperationTableModel.h"

#include <QAction>
#include <QComboBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace ops {

OperationsPanel::OperationsPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new OperationTableModel(this))
    , m_proxy(new OperationTableProxy(this))
    , m_table(new QTableView(this))
    , m_scope(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_resume(new QAction(tr("Resume…"), this))
{
    setObjectName(QStringLiteral("historyOperations"));
    m_proxy->setSourceModel(m_model);
    m_summary->setObjectName(QStringLiteral("historyOperationsSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_scope->setObjectName(QStringLiteral("historyOperationScope"));
    m_scope->addItem(tr("All events"));
    m_scope->addItem(tr("Events of the selected operation"));
    m_scope->setToolTip(tr("Show every event, or only those the selected operation caused"));
    auto *scopeLabel = new QLabel(tr("Show:"), this);
    scopeLabel->setBuddy(m_scope);

    m_table->setObjectName(QStringLiteral("historyOperationsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(OperationTableModel::Started, Qt::DescendingOrder); // the latest first
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Room for three operations at least: the interrupted one and what came before it.
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height() + 3 * m_table->verticalHeader()->defaultSectionSize()
                              + 2 * m_table->frameWidth() + 2);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            emit operationSelected(m_model->operation(m_proxy->mapToSource(current).row()));
        emitFilter();
        updateResume();
    });
    // Like the page's other actions: scoped to the page, its key in the tooltip.
    m_resume->setObjectName(QStringLiteral("actionHistoryResumeOperation"));
    m_resume->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_resume->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    const QString tip = tr("Finish the selected reshard: plan what is left from the cluster as it is now, confirm, run, "
                           "verify (%1)")
                            .arg(m_resume->shortcut().toString(QKeySequence::NativeText));
    m_resume->setToolTip(tip);
    m_resume->setStatusTip(tip);
    connect(m_resume, &QAction::triggered, this, [this] {
        if (const OperationRecord *op = selectedRecord())
            emit resumeRequested(*op);
    });
    m_table->addAction(m_resume);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &OperationsPanel::emitFilter);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_summary, 1);
    top->addWidget(scopeLabel);
    top->addWidget(m_scope);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    setOperations({});
}

void OperationsPanel::setOperations(const QList<OperationRecord> &operations)
{
    const QString selected = selectedOperation();
    m_model->setOperations(operations);
    sizeColumns();
    const int unfinished = m_model->unfinishedCount();
    QString text = tr("Operations: %n journaled", nullptr, m_model->rowCount());
    if (unfinished > 0)
        text += tr(" — %n unfinished (interrupted): check the deployment before acting again", nullptr, unfinished);
    m_summary->setText(text);
    if (!selected.isEmpty())
        selectOperation(selected);
    emitFilter();
    updateResume();
}

void OperationsPanel::refresh(const QString &deploymentId)
{
    if (!m_query)
        return;
    OperationQuery q;
    q.deploymentId = deploymentId;
    q.withSteps = true; // the details pane and an unfinished one's last step
    const quint64 generation = ++m_generation;
    m_query(q, this, [this, generation](const QList<OperationRecord> &operations, const HistoryError &error) {
        if (generation != m_generation)
            return; // superseded
        if (error.isError())
            return setError(error.message);
        setOperations(operations);
        if (!m_pendingOperation.isEmpty())
            showOperation(m_pendingOperation);
    });
}

bool OperationsPanel::showOperation(const QString &id)
{
    if (!selectOperation(id)) {
        m_pendingOperation = id;
        return false;
    }
    m_pendingOperation.clear();
    setScope(SelectedOperation);
    return true;
}

void OperationsPanel::setError(const QString &message)
{
    m_model->setOperations({});
    m_summary->setText(tr("Operations unavailable: %1").arg(message));
    emitFilter();
}

void OperationsPanel::sizeColumns()
{
    // Sized to the text of every row (unfinished rows are bold), also while the page is hidden
    // (resizeColumnToContents only measures rows in a laid-out viewport); the outcome takes the rest.
    QFont bold = m_table->font();
    bold.setBold(true);
    const QFontMetrics normal(m_table->font()), strong(bold);
    const int pad = 2 * normal.averageCharWidth() + 8;
    for (int c = 0; c < OperationTableModel::Outcome; ++c) {
        int width = m_table->horizontalHeader()->sectionSizeHint(c);
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QModelIndex index = m_model->index(row, c);
            const QFontMetrics &fm = index.data(OperationTableModel::UnfinishedRole).toBool() ? strong : normal;
            width = std::max(width, fm.horizontalAdvance(index.data().toString()) + pad);
        }
        m_table->setColumnWidth(c, width);
    }
}

bool OperationsPanel::selectOperation(const QString &id)
{
    const int row = m_model->rowOfId(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
    return true;
}

QString OperationsPanel::selectedOperation() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(OperationTableModel::OperationIdRole).toString() : QString();
}

void OperationsPanel::setScope(Scope scope)
{
    m_scope->setCurrentIndex(int(scope));
}

OperationsPanel::Scope OperationsPanel::scope() const
{
    return Scope(m_scope->currentIndex());
}

QString OperationsPanel::filterOperation() const
{
    return scope() == SelectedOperation ? selectedOperation() : QString();
}

QString OperationsPanel::summaryText() const
{
    return m_summary->text();
}

void OperationsPanel::emitFilter()
{
    const QString filter = filterOperation();
    if (filter == m_lastFilter)
        return;
    m_lastFilter = filter;
    emit filterChanged(filter);
}

const OperationRecord *OperationsPanel::selectedRecord() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isRowSelected(current.row(), {}))
        return nullptr;
    const int row = m_proxy->mapToSource(current).row();
    return row >= 0 && row < m_model->rowCount() ? &m_model->operation(row) : nullptr;
}

void OperationsPanel::updateResume()
{
    const OperationRecord *op = selectedRecord();
    m_resume->setEnabled(op && op->kind == QLatin1String("cluster-reshard") && op->state != OperationRecord::State::Succeeded);
}

} // namespace ops
