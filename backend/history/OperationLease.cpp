#include "OperationLease.h"

#include <QDateTime>
#include <QSysInfo>

namespace ops {

QString OperationLease::holderText() const
{
    const QString what = description.isEmpty() ? QStringLiteral("an operation") : description;
    return QStringLiteral("%1@%2 is running %3 on %4 (operation %5, lease until %6 UTC)")
        .arg(operatorName.isEmpty() ? QStringLiteral("unknown") : operatorName,
             host.isEmpty() ? QStringLiteral("unknown-host") : host, what, deploymentId, operationId,
             QDateTime::fromMSecsSinceEpoch(expiresMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
}

QString OperationLease::whoText() const
{
    return QStringLiteral("%1@%2 (operation %3: %4)")
        .arg(operatorName.isEmpty() ? QStringLiteral("unknown") : operatorName,
             host.isEmpty() ? QStringLiteral("unknown-host") : host, operationId,
             description.isEmpty() ? QStringLiteral("an operation") : description);
}

QString OperationLease::currentHost() { return QSysInfo::machineHostName(); }

} // namespace ops
