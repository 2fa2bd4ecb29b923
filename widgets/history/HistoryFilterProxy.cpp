#include "HistoryFilterProxy.h"

#include "viewmodels/HistoryTableModel.h"

#include <QRegularExpression>

namespace ops {

HistoryFilterProxy::HistoryFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(HistoryTableModel::RawRole);
}

void HistoryFilterProxy::setKindFilter(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    const QStringList kinds = text.split(separators, Qt::SkipEmptyParts);
    if (kinds == m_kinds)
        return;
    m_kinds = kinds;
    invalidateRowsFilter();
}

void HistoryFilterProxy::setNodeFilter(const QString &node)
{
    if (node == m_node)
        return;
    m_node = node;
    invalidateRowsFilter();
}

void HistoryFilterProxy::setSinceMs(qint64 ms)
{
    if (ms == m_sinceMs)
        return;
    m_sinceMs = ms;
    invalidateRowsFilter();
}

void HistoryFilterProxy::setOperationFilter(const QString &id)
{
    if (id == m_operation)
        return;
    m_operation = id;
    invalidateRowsFilter();
}

bool HistoryFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = qobject_cast<const HistoryTableModel *>(sourceModel());
    if (model == nullptr || sourceParent.isValid())
        return true;
    const OpsEvent &e = model->eventAt(sourceRow);
    if (m_sinceMs != 0 && e.timestampMs < m_sinceMs)
        return false;
    if (!m_node.isEmpty() && e.nodeId != m_node && e.endpoint != m_node)
        return false;
    if (!m_operation.isEmpty() && e.operationId != m_operation)
        return false;
    if (m_kinds.isEmpty())
        return true;
    const QString kind = e.kindName();
    for (const QString &k : m_kinds)
        if (kind.contains(k, Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace ops
