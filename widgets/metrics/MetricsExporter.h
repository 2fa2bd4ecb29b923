#pragma once

#include "MetricDefinition.h"
#include "monitor/MetricHistory.h"

#include <QList>
#include <QSize>
#include <QString>

class QWidget;

namespace ops {

class MetricPlot;

/**
 * @brief Writes the metrics page's content to files: the samples of a time window as CSV,
 * and a set of plots as one PNG image or one vector PDF page, laid out in a grid.
 */
class MetricsExporter
{
public:
    /** One CSV column: @p metric of @p nodeId, headed @p header. */
    struct Column
    {
        MetricDefinition::Metric metric = MetricDefinition::Metric::LagBytes;
        QString nodeId;
        QString header;
    };

    /**
     * `timestamp_ms,time_utc,<headers...>`, one row per distinct sample time of any column's
     * node in [@p fromMs, @p toMs] (MetricHistory::range), oldest first; empty cells for unknown values.
     */
    static bool writeCsv(const QString &path, const MetricHistory &store, const QList<Column> &columns,
                         qint64 fromMs, qint64 toMs, QString *error = nullptr);
    /** Renders @p plots into a grid of @p columns, each @p cell pixels, and saves a PNG. */
    static bool writePng(const QString &path, const QList<MetricPlot *> &plots, int columns, QSize cell,
                         QString *error = nullptr);
    /** The same grid as one landscape A4 PDF page with vector graphics. */
    static bool writePdf(const QString &path, const QList<MetricPlot *> &plots, int columns, QSize cell,
                         const QString &title, QString *error = nullptr);

    /**
     * Asks where to save the plots (PNG or PDF, "metrics-<time>.png" suggested). The returned
     * path always ends in .png or .pdf (the chosen filter's, when the name has neither); empty
     * when cancelled.
     */
    static QString askPlotsPath(QWidget *parent);
    /** Asks where to save the CSV data; empty when cancelled. */
    static QString askCsvPath(QWidget *parent);
};

} // namespace ops
