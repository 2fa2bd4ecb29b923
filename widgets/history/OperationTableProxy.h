#pragma once

#include <QSortFilterProxyModel>

namespace ops {

/**
 * @brief Sorts an OperationTableModel by its raw role and marks unfinished (interrupted)
 * operations: bold, in the palette's link-visited colour on a light warning background taken
 * from the current palette's highlight (so it follows light and dark themes).
 */
class OperationTableProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit OperationTableProxy(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace ops
