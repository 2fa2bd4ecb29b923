#pragma once

#include <QColor>
#include <QSortFilterProxyModel>

#include <functional>

namespace ops {

/**
 * @brief Sorting and colours over a SlotSummaryModel: sorts on the model's raw role (numbers as
 * numbers) with the "uncovered" row always last, adds each master's slot-map colour as a swatch in
 * the address column, and marks uneven deviations and the uncovered row. The model stays QtCore.
 */
class SlotTableProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using ColorLookup = std::function<QColor(const QString &nodeId)>;

    explicit SlotTableProxy(ColorLookup ownerColor, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    /** Text colour of an uneven deviation (readable on light and dark backgrounds). */
    static QColor warningColor() { return QColor(0xe0, 0x80, 0x00); }

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    ColorLookup m_ownerColor;
};

} // namespace ops
