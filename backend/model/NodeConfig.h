#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <optional>

namespace ops {

/**
 * @brief The settings of one server that the health rules judge, read rarely (at connect, then
 * every few minutes: MonitorConfig::configIntervalMs) rather than every cycle.
 *
 * Data nodes: the answer to `CONFIG GET maxmemory maxmemory-policy save appendonly ...`
 * (NodePoller::configParameters()). Sentinels: their own `SENTINEL MASTER <name>` fields for the
 * watched master (quorum, down-after-milliseconds, failover-timeout, parallel-syncs, config-epoch,
 * ip, port, ...) plus `ckquorum` (the text of `SENTINEL CKQUORUM`), `ckquorum-ok` ("1"/"0") and
 * `sentinel_tilt` (INFO, "1" in TILT mode).
 *
 * When the read failed (CONFIG renamed, disabled, denied by ACL) `unavailable` says why, and every
 * rule that needs a setting reports *unknown* with that reason instead of passing.
 */
struct NodeConfig
{
    QHash<QByteArray, QByteArray> values;
    QString unavailable;     ///< why the settings could not be read; empty when read or not tried yet
    qint64 readAtMs = 0;     ///< wall clock of the last successful read (0 = never)

    /** Read at least once, or failed with a reason: a rule can decide (or say why not). */
    bool attempted() const { return readAtMs > 0 || !unavailable.isEmpty(); }
    bool has(const QByteArray &name) const { return values.contains(name); }
    QByteArray value(const QByteArray &name) const { return values.value(name); }
    /** The setting as an integer; nullopt when missing or not a number. */
    std::optional<qint64> integer(const QByteArray &name) const;
    /** Why @p name is not known, in words ("CONFIG GET failed: ...", "not read yet", "not reported"). */
    QString whyUnknown(const QByteArray &name) const;
};

} // namespace ops
