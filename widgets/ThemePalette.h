#pragma once

#include "core/ConsoleSettings.h"

#include <QPalette>

namespace ops {

/**
 * @brief The console's themes: the platform's own palette (system), or a light or a dark one set
 * on the application. Every view takes its colours from the palette (TopologyTheme,
 * MetricPlotTheme, HistoryTimelinePainter) and follows a live switch.
 */
class ThemePalette
{
public:
    static QPalette light();
    /** Every role a real dark theme sets (the page tests use it too). */
    static QPalette dark();
    /**
     * Sets @p theme on the application. The palette it had before the first change is kept and
     * is what "system" restores; "system" before any change leaves the palette alone.
     */
    static void apply(ConsoleSettings::Theme theme);
};

} // namespace ops
