#include "OperationTableProxy.h"

#include "viewmodels/OperationTableModel.h"

#include <QApplication>
#include <QColor>
#include <QFont>
#include <QPalette>

namespace ops {

OperationTableProxy::OperationTableProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(OperationTableModel::RawRole);
}

QVariant OperationTableProxy::data(const QModelIndex &index, int role) const
{
    if (role == Qt::FontRole || role == Qt::BackgroundRole) {
        if (!QSortFilterProxyModel::data(index, OperationTableModel::UnfinishedRole).toBool())
            return QSortFilterProxyModel::data(index, role);
        if (role == Qt::FontRole) {
            QFont bold = QApplication::font();
            bold.setBold(true);
            return bold;
        }
        // Amber, blended into the base colour: readable text on light and dark palettes.
        const QColor base = QApplication::palette().color(QPalette::Base);
        const QColor amber(255, 170, 0);
        return QColor::fromRgbF(base.redF() * 0.7f + amber.redF() * 0.3f, base.greenF() * 0.7f + amber.greenF() * 0.3f,
                                base.blueF() * 0.7f + amber.blueF() * 0.3f);
    }
    return QSortFilterProxyModel::data(index, role);
}

} // namespace ops
