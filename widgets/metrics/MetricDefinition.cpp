#include "MetricDefinition.h"

#include <QLocale>

#include <cmath>
#include <limits>

namespace ops {

namespace {
constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

MetricDefinition make(MetricDefinition::Metric metric, const char *key, const QString &title,
                      const QString &axisLabel, MetricDefinition::Unit unit, bool replicasOnly, double threshold)
{
    MetricDefinition d;
    d.metric = metric;
    d.key = QString::fromLatin1(key);
    d.title = title;
    d.axisLabel = axisLabel;
    d.unit = unit;
    d.replicasOnly = replicasOnly;
    d.threshold = threshold;
    return d;
}
} // namespace

const QList<MetricDefinition> &MetricDefinition::all()
{
    using M = Metric;
    static const QList<MetricDefinition> defs = {
        make(M::LagBytes, "lag_bytes", QStringLiteral("Replication lag (bytes)"), QStringLiteral("bytes behind"),
             Unit::Bytes, true, kNone),
        make(M::LagSeconds, "lag_seconds", QStringLiteral("Replication lag (seconds)"), QStringLiteral("seconds"),
             Unit::Seconds, true, 10.0),
        make(M::UsedMemory, "used_memory", QStringLiteral("Used memory"), QStringLiteral("bytes used"),
             Unit::Bytes, false, kNone),
        make(M::Fragmentation, "fragmentation", QStringLiteral("Memory fragmentation ratio"),
             QStringLiteral("ratio"), Unit::Ratio, false, 1.5),
        make(M::OpsPerSec, "ops_per_sec", QStringLiteral("Operations per second"), QStringLiteral("ops/s"),
             Unit::Count, false, kNone),
        make(M::Clients, "clients", QStringLiteral("Connected clients"), QStringLiteral("clients"), Unit::Count,
             false, kNone),
    };
    return defs;
}

const MetricDefinition &MetricDefinition::of(Metric metric)
{
    for (const MetricDefinition &d : all())
        if (d.metric == metric)
            return d;
    return all().first();
}

double MetricDefinition::valueOf(Metric metric, const MetricSample &s)
{
    double v = -1;
    switch (metric) {
    case Metric::LagBytes: v = double(s.lagBytes); break;
    case Metric::LagSeconds: v = s.lagSeconds; break;
    case Metric::UsedMemory: v = double(s.usedMemory); break;
    case Metric::Fragmentation: v = s.fragmentation; break;
    case Metric::OpsPerSec: v = s.opsPerSec; break;
    case Metric::Clients: v = double(s.clients); break;
    }
    return (v < 0 || std::isnan(v)) ? kNone : v;
}

QString MetricDefinition::formatValue(Unit unit, double value)
{
    switch (unit) {
    case Unit::Bytes:
        return QLocale::c().formattedDataSize(qint64(std::llround(value)), 1, QLocale::DataSizeIecFormat);
    case Unit::Seconds:
        return QLocale::c().toString(value, 'g', 4) + QStringLiteral(" s");
    case Unit::Ratio:
        return QLocale::c().toString(value, 'g', 3);
    case Unit::Count:
        break;
    }
    return QLocale::c().toString(value, 'g', 6);
}

} // namespace ops
