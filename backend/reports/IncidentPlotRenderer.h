#pragma once

#include "IncidentReport.h"
#include "history/HistoryError.h"

#include <QSize>

namespace ops {

class MetricHistory;

/**
 * @brief Draws the plots of an incident report from a deployment's MetricHistory with QPainter
 * into PNG files: replication lag in bytes and in seconds of every replica, used memory and
 * fragmentation ratio of every node, over the report's window (the run's span shaded).
 *
 * Qt Gui only (QImage, QPainter; no Widgets): it lives in opsconsole_reports, not in the I/O
 * library. It needs a QGuiApplication (fonts) and may run on any thread: MetricHistory reads are
 * thread-safe and QImage painting is not tied to the GUI thread.
 *
 * When the history has no sample of any node in the window (the console was not watching the
 * deployment then) nothing is drawn and the report's plotsNote says so; a plot nobody has data
 * for (lag without replicas) is an IncidentPlot with a reason instead of an image.
 */
class IncidentPlotRenderer
{
public:
    struct Options
    {
        QSize size{960, 360};
        qint64 highlightFromMs = 0; ///< a span to shade (the runbook run); 0: none
        qint64 highlightToMs = 0;
    };

    /** Draws into @p folder and fills @p report's plots and plotsNote; Kind::Io if a file cannot be written. */
    static void render(const MetricHistory &history, const QString &folder, IncidentReport &report, const Options &options,
                       HistoryError *error);
};

} // namespace ops
