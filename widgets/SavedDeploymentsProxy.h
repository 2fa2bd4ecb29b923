#pragma once

#include <QSortFilterProxyModel>

namespace ops {

/**
 * @brief SavedDeploymentsModel for the Overview's table: sorted by RawRole, the Health column with
 * the tab badge's dot (HealthColorProxy::iconOf) and its colour in bold for open deployments.
 */
class SavedDeploymentsProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit SavedDeploymentsProxy(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace ops
