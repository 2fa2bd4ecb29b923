#pragma once

#include <QIdentityProxyModel>

namespace ops {

/**
 * @brief Colours of a RunbookStepsModel for the runbook page: the status word coloured (passed and
 * done green, failed red, waiting amber, skipped grey), the step being run in bold. The model stays
 * free of colours (Qt Core only).
 */
class RunbookStatusProxy : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override;
};

} // namespace ops
