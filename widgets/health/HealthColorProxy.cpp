#include "HealthColorProxy.h"

#include "viewmodels/HealthFindingsModel.h"

#include <QColor>
#include <QFont>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

namespace ops {

QColor HealthColorProxy::colorOf(const QString &status)
{
    if (status == QLatin1String("critical"))
        return QColor(0xd3, 0x2f, 0x2f);
    if (status == QLatin1String("warning"))
        return QColor(0xe0, 0x8e, 0x00);
    if (status == QLatin1String("info"))
        return QColor(0x1e, 0x88, 0xe5);
    if (status == QLatin1String("unknown"))
        return QColor(0x75, 0x75, 0x75);
    return QColor(0x2e, 0x7d, 0x32);
}

QIcon HealthColorProxy::iconOf(const QString &status)
{
    QPixmap dot(32, 32); // drawn at 2x: crisp on high-dpi, scaled down by the tab bar elsewhere
    dot.fill(Qt::transparent);
    QPainter p(&dot);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(colorOf(status).darker(130), 2));
    p.setBrush(colorOf(status));
    p.drawEllipse(QRectF(5, 5, 22, 22));
    return QIcon(dot);
}

QVariant HealthColorProxy::data(const QModelIndex &index, int role) const
{
    if (index.column() == HealthFindingsModel::Status) {
        if (role == Qt::ForegroundRole)
            return colorOf(QIdentityProxyModel::data(index, HealthFindingsModel::SeverityRole).toString());
        if (role == Qt::FontRole) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
    }
    return QIdentityProxyModel::data(index, role);
}

} // namespace ops
