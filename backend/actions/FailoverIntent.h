#pragma once

#include "resp/Endpoint.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace ops {

/**
 * @brief What the operator asked for in the failover wizard (or from the topology's context
 * menu): which node, which mode, which limits. A plain value the views send to the backend as
 * an intent; the backend turns it into a plan (survey + planner) and answers with an
 * ActionPreview.
 */
struct FailoverIntent
{
    enum class Mode {
        Standard, ///< Sentinel: SENTINEL FAILOVER; Cluster: CLUSTER FAILOVER (coordinated)
        Graceful, ///< Sentinel only: pause writes, catch up, fail over, demote, resume
        Force,    ///< Cluster only: CLUSTER FAILOVER FORCE (the master is unreachable)
        Takeover, ///< Cluster only: CLUSTER FAILOVER TAKEOVER (no agreement: can lose writes, split epochs)
    };

    QString nodeId;              ///< the node the operator chose (a master or a replica); empty: the deployment's master
    Endpoint node;               ///< its address (invalid with an empty nodeId)
    Mode mode = Mode::Graceful;
    Endpoint preferred;          ///< promote this replica instead of the best one (invalid: the best)
    qint64 maxLagBytes = 1024 * 1024;
    bool overrideLag = false;
    int pauseTimeoutMs = 5000;

    static QString modeName(Mode mode);
    /** The name an operator knows: a cluster's Standard mode is CLUSTER FAILOVER's "default". */
    static QString modeLabel(Mode mode, bool cluster);
    /** Modes for a deployment kind: Sentinel {Graceful, Standard}, Cluster {Standard, Force, Takeover}. */
    static QList<Mode> modesFor(bool cluster);
    /** One line for an operator: what the mode does and what it risks. */
    static QString modeExplanation(Mode mode, bool cluster);
};

} // namespace ops

Q_DECLARE_METATYPE(ops::FailoverIntent)
