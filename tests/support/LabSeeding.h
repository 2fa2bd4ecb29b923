#pragma once

#include "lab/LocalLab.h"
#include "model/TopologySnapshot.h"
#include "monitor/MonitorConfig.h"

#include <QByteArray>
#include <QList>
#include <QString>

/**
 * Seeding a cluster lab for the tests that monitor it and count its keys: the monitor
 * configuration they share, and keys written on the masters that own them.
 */
namespace labtest {

/**
 * A Cluster monitor over @p topology seeded with its first master: polls every 500 ms, a node is
 * stale after 1.5 s of silence, commands time out after 1 s.
 */
ops::MonitorConfig clusterMonitorConfig(const ops::LabTopology &topology);
/** The monitor of a Sentinel lab as the console opens it: every sentinel a seed, 500 ms polls. */
ops::MonitorConfig sentinelMonitorConfig(const ops::LabTopology &topology);

/**
 * SET @p value on each of @p keys, sent (pipelined) to the master that owns its slot in
 * @p snapshot, and waits for every reply. Empty on success, else what failed.
 */
QString writeKeys(ops::LocalLab &lab, const ops::TopologySnapshot &snapshot, const QList<QByteArray> &keys,
                  const QByteArray &value = QByteArrayLiteral("1"));

} // namespace labtest
