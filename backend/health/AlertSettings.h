#pragma once

#include "HealthThresholds.h"
#include "model/OpsEvent.h"

#include <QSettings>
#include <QString>
#include <QStringList>

namespace ops {

/**
 * @brief What raises an alert: the numbers the rules and trend alerts judge against and which
 * events notify the operator (desktop notification in the console). Read from QSettings group
 * "alerts" (keys = names(); a key not set keeps its default, a bad value is reported and keeps
 * its default), overridden by `redis-ops check --threshold name=value`.
 *
 * Names and values:
 * - lag-bytes: replica lag in bytes (1048576, 512kb, 1mb, 2gb; at least 1)
 * - lag-seconds: replica lag in seconds (> 0)
 * - memory-percent: used memory as a share of maxmemory, percent (0 < p <= 100)
 * - fragmentation: mem_fragmentation_ratio (> 1)
 * - backlog-outage-seconds: seconds of writes repl-backlog-size must hold (> 0)
 * - down-after-latency-factor: down-after-milliseconds must be at least this × the worst
 *   measured round trip (>= 1)
 * - client-retry-budget-ms: how long the clients keep retrying before they fail a request
 *   (0: not stated; compared with the recorded failover durations)
 * The HealthThresholds spelling of a name is accepted too (backlogOutageSeconds).
 * - node-down, failover, rule-firing, trend: on / off — notify when a node fails or stops
 *   answering, when a failover starts and when it ends, when a health rule newly fires (a
 *   health-alert), when a trend alert is raised.
 */
struct AlertSettings
{
    HealthThresholds thresholds;
    bool nodeDown = true;
    bool failover = true;
    bool ruleFiring = true;
    bool trend = true;

    static QStringList names();
    static QString settingsGroup() { return QStringLiteral("alerts"); }

    /** Sets @p name to @p value; false with a plain-text @p error (the accepted forms) when invalid. */
    bool set(const QString &name, const QString &value, QString *error);
    /** "name=value"; false with @p error when malformed or invalid. */
    bool setAssignment(const QString &assignment, QString *error);
    /** The current value of @p name as text (the form set() accepts). */
    QString value(const QString &name) const;

    /** Defaults overridden by @p settings' "alerts/<name>" keys; problems (key: why) in the result. */
    static AlertSettings load(const QSettings &settings, QStringList *problems = nullptr);

    /** Whether @p event should notify the operator (a raised alert, a node down, a failover step). */
    bool notifies(const OpsEvent &event) const;
};

} // namespace ops
