#pragma once

#include <QIcon>
#include <QIdentityProxyModel>

namespace ops {

/** @brief Colours HealthFindingsModel's Status column by severity (red, amber, blue, grey, green). */
class HealthColorProxy : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    /** The colour of a status word ("critical", "warning", "info", "unknown", "pass"). */
    static QColor colorOf(const QString &status);
    /** A dot of colorOf(@p status): the health badge on tabs. */
    static QIcon iconOf(const QString &status);
};

} // namespace ops
