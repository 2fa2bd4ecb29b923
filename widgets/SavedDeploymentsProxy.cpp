#include "SavedDeploymentsProxy.h"

#include "health/HealthColorProxy.h"
#include "viewmodels/SavedDeploymentsModel.h"

#include <QFont>

namespace ops {

SavedDeploymentsProxy::SavedDeploymentsProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SavedDeploymentsModel::RawRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

QVariant SavedDeploymentsProxy::data(const QModelIndex &index, int role) const
{
    if (index.column() == SavedDeploymentsModel::Health) {
        const QString word = QSortFilterProxyModel::data(index, SavedDeploymentsModel::HealthWordRole).toString();
        if (role == Qt::DecorationRole && !word.isEmpty())
            return HealthColorProxy::iconOf(word);
        if (role == Qt::FontRole && !word.isEmpty()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
    }
    return QSortFilterProxyModel::data(index, role);
}

} // namespace ops
