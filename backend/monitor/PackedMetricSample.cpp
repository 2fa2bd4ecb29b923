#include "PackedMetricSample.h"

#include <cmath>
#include <limits>

namespace ops {

// The per-node memory bound in MetricStore.h is computed from this size.
static_assert(sizeof(PackedMetricSample) == 48, "update the memory bound in MetricStore.h");

namespace {

float packFloat(double v) { return v >= 0 ? float(v) : -1.0f; }
float packFloat(qint64 v) { return v >= 0 ? float(v) : -1.0f; }

qint64 unpackInteger(float v) { return v >= 0 ? qint64(std::llround(double(v))) : -1; }

/** @p v * @p scale rounded, saturating; negative stays -1. */
qint32 packFixed(double v, double scale)
{
    if (!(v >= 0))
        return -1;
    const double scaled = std::round(v * scale);
    return scaled >= double(std::numeric_limits<qint32>::max()) ? std::numeric_limits<qint32>::max() : qint32(scaled);
}

double unpackFixed(qint32 v, double scale) { return v >= 0 ? double(v) / scale : -1; }

} // namespace

PackedMetricSample PackedMetricSample::pack(const MetricSample &s, qint64 baseMs)
{
    PackedMetricSample p;
    p.offsetMs = quint32(s.timestampMs - baseMs);
    p.lagMs = packFixed(s.lagSeconds, 1000);
    p.replOffset = s.replOffset >= 0 ? s.replOffset : -1;
    p.lagBytes = packFloat(s.lagBytes);
    p.usedMemory = packFloat(s.usedMemory);
    p.maxMemory = packFloat(s.maxMemory);
    p.opsPerSec = packFloat(s.opsPerSec);
    p.fragmentationMilli = packFixed(s.fragmentation, 1000);
    p.clients = s.clients < 0 ? -1 : qint32(std::min<qint64>(s.clients, std::numeric_limits<qint32>::max()));
    p.keys = s.keys < 0 ? kUnknownKeys : quint32(std::min<qint64>(s.keys, qint64(kUnknownKeys) - 1));
    p.linkUp = s.linkUp < 0 ? qint8(-1) : qint8(s.linkUp > 0 ? 1 : 0);
    return p;
}

MetricSample PackedMetricSample::unpack(qint64 baseMs) const
{
    MetricSample s;
    s.timestampMs = timestampMs(baseMs);
    s.replOffset = replOffset;
    s.lagBytes = unpackInteger(lagBytes);
    s.lagSeconds = unpackFixed(lagMs, 1000);
    s.linkUp = linkUp;
    s.usedMemory = unpackInteger(usedMemory);
    s.maxMemory = unpackInteger(maxMemory);
    s.fragmentation = unpackFixed(fragmentationMilli, 1000);
    s.opsPerSec = opsPerSec >= 0 ? double(opsPerSec) : -1;
    s.clients = clients;
    s.keys = keys == kUnknownKeys ? -1 : qint64(keys);
    return s;
}

} // namespace ops
