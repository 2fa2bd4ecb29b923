#pragma once

#include "monitor/MetricSample.h"

#include <QList>
#include <QString>

namespace ops {

/**
 * @brief What one plot of the metrics page shows: which MetricSample field, its titles, its
 * unit, whether only replicas carry it, and the default threshold line (NaN: none).
 */
struct MetricDefinition
{
    enum class Metric { LagBytes, LagSeconds, UsedMemory, Fragmentation, OpsPerSec, Clients };
    /** How values are printed on the value axis. */
    enum class Unit { Bytes, Seconds, Ratio, Count };

    Metric metric = Metric::LagBytes;
    QString key;                ///< stable column / objectName part: "lag_bytes", "used_memory"...
    QString title;              ///< plot title
    QString axisLabel;          ///< value axis label
    Unit unit = Unit::Count;
    bool replicasOnly = false;  ///< series only for nodes that report the value (replicas)
    double threshold;           ///< default threshold line; NaN for none

    /** The six plots, in page order (the two lag plots first). */
    static const QList<MetricDefinition> &all();
    static const MetricDefinition &of(Metric metric);
    /** The field of @p sample this metric plots; NaN when unknown (negative). */
    static double valueOf(Metric metric, const MetricSample &sample);
    /** Short text of @p value in @p unit ("1.5 MiB", "10 s", "1.5", "1200"). */
    static QString formatValue(Unit unit, double value);
};

} // namespace ops
