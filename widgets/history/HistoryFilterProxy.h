#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace ops {

/**
 * @brief Filters a HistoryTableModel by kind (any of several case-insensitive substrings of the
 * kind name: "switch, fail" keeps "+switch-master" and "fail-set"), by node (node id or
 * host:port, exact), by a lower time bound and by operation id; sorts by HistoryTableModel::RawRole.
 */
class HistoryFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit HistoryFilterProxy(QObject *parent = nullptr);

    /** Comma- or space-separated kind fragments; empty = every kind. */
    void setKindFilter(const QString &text);
    /** Exact node id or endpoint; empty = every node. */
    void setNodeFilter(const QString &node);
    /** Keeps events at or after @p ms; 0 = no bound. */
    void setSinceMs(qint64 ms);
    /** Keeps only events of operation @p id (OpsEvent::operationId); empty = every event. */
    void setOperationFilter(const QString &id);
    QString operationFilter() const { return m_operation; }

    QStringList kindFragments() const { return m_kinds; }
    QString nodeFilter() const { return m_node; }
    qint64 sinceMs() const { return m_sinceMs; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QStringList m_kinds;
    QString m_node;
    qint64 m_sinceMs = 0;
    QString m_operation;
};

} // namespace ops
