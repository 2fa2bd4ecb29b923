#pragma once

#include "ReshardPlan.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace ops {

/**
 * @brief A change of a cluster's members worked out from a survey: add an empty node (CLUSTER
 * MEET, as an empty master or, with replicaOf, a replica of that master: CLUSTER REPLICATE), or
 * remove a node that owns no slot (CLUSTER FORGET on every other node within the 60 s the
 * cluster bans a forgotten id, then CLUSTER RESET SOFT on the node so it does not rejoin).
 * Pure data: the pre-checks with their evidence and the exact commands.
 */
struct MembershipPlan
{
    enum class Kind { Add, Remove };

    Kind kind = Kind::Add;
    QString deploymentId;
    Endpoint node;                      ///< the node added or removed
    QByteArray nodeId;
    Endpoint meetVia;                   ///< add: the cluster node the new one meets ...
    quint16 meetViaBusPort = 0;         ///< ... on its cluster bus port (not always port + 10000)
    std::optional<ReshardNode> replicaOf; ///< add: make it a replica of this master
    QList<ReshardNode> others;          ///< remove: every node that must forget it; add: every node that must learn it
    bool resetRemoved = false;          ///< remove: the node answered, so it is reset (soft)
    PreChecks checks;

    bool allowed() const { return node.isValid() && !nodeId.isEmpty() && preChecksAllow(checks); }
    static QString kindName(Kind kind) { return kind == Kind::Add ? QStringLiteral("add-node") : QStringLiteral("remove-node"); }
    /** The commands in order, each "host:port: COMMAND ...". */
    QStringList commands() const;
    QJsonObject toJson() const;
    QStringList describe() const;
};

} // namespace ops
