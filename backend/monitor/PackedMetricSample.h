#pragma once

#include "MetricSample.h"

#include <QtGlobal>

namespace ops {

/**
 * @brief A MetricSample as MetricStore keeps it: 48 bytes instead of 88.
 *
 * - time: ms after the series' base time (MetricStore rebases before it would overflow);
 * - replOffset: exact (64-bit; offsets are compared byte for byte);
 * - lagSeconds: whole ms, fragmentation: thousandths (Redis reports two decimals; a value with
 *   at most three decimals decodes to exactly the double it was, e.g. 1.25 or 0.5);
 * - lagBytes, usedMemory, maxMemory, opsPerSec: float (exact up to 16,777,216; beyond, a
 *   relative error under 6e-8: 64 bytes of a GiB — far below a pixel or a threshold's margin);
 * - clients and keys: 32-bit, saturating (4,294,967,294 keys at most);
 * - linkUp: one byte.
 * Unknown (-1) stays unknown for every field.
 */
struct PackedMetricSample
{
    quint32 offsetMs = 0;
    qint32 lagMs = -1;
    qint64 replOffset = -1;
    float lagBytes = -1;
    float usedMemory = -1;
    float maxMemory = -1;
    float opsPerSec = -1;
    qint32 fragmentationMilli = -1;
    qint32 clients = -1;
    quint32 keys = kUnknownKeys;
    qint8 linkUp = -1;

    static constexpr quint32 kUnknownKeys = 0xFFFFFFFFu;

    /** @p sample at @p baseMs (its timestamp must be in [baseMs, baseMs + 2^32 ms)). */
    static PackedMetricSample pack(const MetricSample &sample, qint64 baseMs);
    MetricSample unpack(qint64 baseMs) const;
    qint64 timestampMs(qint64 baseMs) const { return baseMs + qint64(offsetMs); }
};

} // namespace ops
