#include "RunbookStatusProxy.h"

#include "viewmodels/RunbookStepsModel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace ops {

QVariant RunbookStatusProxy::data(const QModelIndex &index, int role) const
{
    if (role == Qt::ForegroundRole && index.column() == RunbookStepsModel::Status) {
        const QString status = QIdentityProxyModel::data(index, RunbookStepsModel::StatusRole).toString();
        if (status == QLatin1String("passed") || status == QLatin1String("done"))
            return QBrush(QColor(0x2e, 0x7d, 0x32));
        if (status == QLatin1String("failed"))
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (status == QLatin1String("waiting") || status == QLatin1String("running"))
            return QBrush(QColor(0xb2, 0x6a, 0x00));
        if (status == QLatin1String("skipped") || status == QLatin1String("pending"))
            return QBrush(QColor(0x75, 0x75, 0x75));
    }
    if (role == Qt::FontRole && QIdentityProxyModel::data(index, RunbookStepsModel::CurrentRole).toBool()) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    return QIdentityProxyModel::data(index, role);
}

} // namespace ops
