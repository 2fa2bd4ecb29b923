#pragma once

#include "model/OpsEvent.h"

#include <QString>

namespace ops {

/**
 * @brief What makes two consoles' OpsEvents one event: the kind, the subject node and the
 * kind's essential details (HistoryStore stores such an event once, with one observer row per
 * console; EventObservations).
 *
 * Essential details per kind: a Sentinel event's sentinel and payload (the payload carries the
 * master name, addresses and epoch the sentinel published: identical for every subscriber);
 * promoted / demoted / master-changed: the new master (and the config epoch when set);
 * config-epoch: the new epoch; slot-owner: slots, from, to; migration started/finished: slot,
 * source, target; cluster-state: the new state; sentinel-disagreement: the state; health alerts:
 * rule and nodes (raised also the severity); migration-summary: source and target. Everything
 * else an observer measures itself (durations, lags, offsets, messages with them) is left out.
 * Operator events (one console's own action) have none: never merged.
 */
class EventFingerprint
{
public:
    /**
     * Two observations with one fingerprint are one event when their times are at most this far
     * apart: a poll-derived change is seen up to a cycle plus a command timeout apart by two
     * consoles (1 s + 2 s by default, a slow cycle publishes at half an interval), plus their
     * wall-clock skew (NTP: well under a second, the assumption the operation lease makes too).
     * 10 s covers that with margin and is far below how often one node really repeats one change;
     * a repeat one console saw itself is never merged anyway (EventObservations).
     */
    static constexpr qint64 kWindowMs = 10000;

    /** Hex SHA-1 of essentials(); empty when @p event is never merged. */
    static QString of(const OpsEvent &event);
    /** The text hashed: "kind|node|key=value|..." (keys sorted); empty for Operator events. */
    static QString essentials(const OpsEvent &event);
};

} // namespace ops
