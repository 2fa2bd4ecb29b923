#pragma once

#include "model/SlotKeyCounts.h"

#include <QList>
#include <QString>

#include <optional>

namespace ops {

/**
 * @brief What some rules judge besides the snapshot: inputs gathered rarely and asynchronously
 * by DeploymentSession (at the settings cadence), each absent until it has been gathered once —
 * the rules that need it then say unknown with the reason kept here.
 */
struct HealthContext
{
    /** Keys per slot of the whole cluster (a full-range SlotKeyCounter census); null: none yet. */
    SlotKeyCountsPtr keyCensus;
    /** Why there is no census (not a cluster, not taken yet); empty when there is one. */
    QString keyCensusProblem = QStringLiteral("per-slot key counts not taken yet");

    /**
     * How long each completed failover of this deployment took (FailoverEpisode::durationMs of
     * the history's events, last 30 days); nullopt: the history was not read.
     */
    std::optional<QList<qint64>> failoverDurationsMs;
    /** Why the history was not read (none open, a query error); empty when it was. */
    QString failoverHistoryProblem = QStringLiteral("the failover history has not been read yet");
};

} // namespace ops
