#include "SlotTableProxy.h"

#include "OwnerPalette.h"
#include "viewmodels/SlotSummaryModel.h"

#include <QFont>

namespace ops {

SlotTableProxy::SlotTableProxy(ColorLookup ownerColor, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_ownerColor(std::move(ownerColor))
{
    setSortRole(SlotSummaryModel::RawRole);
}

QVariant SlotTableProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int column = index.column();
    // Source roles through the base class: index.data() would come back here.
    auto source = [&](int r) { return QSortFilterProxyModel::data(index, r); };
    // Only the roles this proxy adds look at the row; the rest (display text most often) go straight through.
    if (role != Qt::DecorationRole && role != Qt::ForegroundRole && role != Qt::FontRole)
        return QSortFilterProxyModel::data(index, role);
    const bool uncovered = source(SlotSummaryModel::UncoveredRowRole).toBool();
    switch (role) {
    case Qt::DecorationRole:
        if (column != SlotSummaryModel::AddressColumn)
            break;
        if (uncovered)
            return OwnerPalette::uncoveredColor();
        if (m_ownerColor) {
            const QColor c = m_ownerColor(source(SlotSummaryModel::NodeIdRole).toString());
            if (c.isValid())
                return c;
        }
        break;
    case Qt::ForegroundRole:
        if (uncovered)
            return OwnerPalette::uncoveredHatchColor();
        if (column == SlotSummaryModel::DeviationColumn && source(SlotSummaryModel::UnevenRole).toBool())
            return warningColor();
        if (column == SlotSummaryModel::CountedKeysColumn && source(SlotSummaryModel::CountFailedRole).toBool())
            return warningColor();
        break;
    case Qt::FontRole:
        if (uncovered || (column == SlotSummaryModel::DeviationColumn && source(SlotSummaryModel::UnevenRole).toBool())
            || (column == SlotSummaryModel::CountedKeysColumn && source(SlotSummaryModel::CountFailedRole).toBool())
            || (column == SlotSummaryModel::HotSlotsColumn && source(SlotSummaryModel::HotSlotsRole).toInt() > 0)) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    default:
        break;
    }
    return QSortFilterProxyModel::data(index, role);
}

bool SlotTableProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const bool l = left.data(SlotSummaryModel::UncoveredRowRole).toBool();
    const bool r = right.data(SlotSummaryModel::UncoveredRowRole).toBool();
    if (l != r) // the uncovered row sorts last in both orders
        return sortOrder() == Qt::AscendingOrder ? r : l;
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace ops
