#pragma once

#include <qcustomplot.h>

namespace ops {

/**
 * @brief Value-axis ticker for byte counts: steps are round numbers of B / KiB / MiB / GiB
 * (256 KiB, 1 MiB, 2.5 GiB...) and every tick label is printed in the step's unit
 * ("750 KiB", "1000 KiB", "1250 KiB"), so neighbouring labels read alike.
 */
class ByteAxisTicker : public QCPAxisTicker
{
public:
    ByteAxisTicker() = default;

protected:
    double getTickStep(const QCPRange &range) override;
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision) override;

private:
    int m_unitPower = 0; ///< every label uses the step's unit: 1024^m_unitPower
};

} // namespace ops
