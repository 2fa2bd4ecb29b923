#pragma once

#include "MetricPlot.h"

#include <QColor>
#include <QPalette>

namespace ops {

/**
 * @brief Colours of the metrics plots for a palette: series (a qualitative scheme, lightened on
 * dark backgrounds so every series keeps contrast), event marker tones, the threshold line and
 * muted legend text for hidden series. Light or dark is decided by the lightness of Base.
 */
class MetricPlotTheme
{
public:
    static bool isDark(const QPalette &palette);
    /** Colour of series number @p index (repeats after 10; red, the threshold's colour, last). */
    static QColor seriesColor(int index, const QPalette &palette);
    static QColor toneColor(EventMarker::Tone tone, const QPalette &palette);
    static QColor thresholdColor(const QPalette &palette);
    /** Legend text of a shown (@p visible) or hidden series. */
    static QColor legendTextColor(const QPalette &palette, bool visible);
    /** Base with @p alpha: background of labels drawn over the data. */
    static QColor labelBackground(const QPalette &palette, int alpha = 210);
};

} // namespace ops
