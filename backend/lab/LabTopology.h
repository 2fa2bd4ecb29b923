#pragma once

#include "resp/ConnectionOptions.h"

#include <QJsonObject>
#include <QMetaType>
#include <QList>
#include <QString>

namespace ops {

/** @brief What kind of lab to start and how big. */
struct LabSpec
{
    enum class Kind { Standalone, Sentinel, Cluster };
    Kind kind = Kind::Cluster;
    int masters = 3;           ///< Cluster only
    int replicasPerMaster = 1; ///< Cluster: per master; Sentinel/Standalone: replicas of the master
    int sentinels = 3;         ///< Sentinel only (quorum 2)
    int spareNodes = 0;        ///< Cluster only: empty cluster-enabled nodes left out of the cluster (to add)
    bool tls = false;
    QString masterName = QStringLiteral("mymaster");
    int readyTimeoutMs = 30000;

    static bool parseKind(const QString &text, Kind &out);
    static QString kindName(Kind kind);
};

/** @brief One process of a running lab. */
struct LabNode
{
    enum class Role { Master, Replica, Sentinel, Spare }; ///< Spare: cluster-enabled, not joined
    Role role = Role::Master;
    Endpoint endpoint;
    quint16 busPort = 0;  ///< cluster bus port (cluster nodes)
    qint64 pid = 0;
    int shard = 0;        ///< index of the master this node belongs to
    QString directory;

    static QString roleName(Role role);
};

/** @brief A running lab: its nodes, TLS material, and how to connect to it. */
struct LabTopology
{
    LabSpec spec;
    QList<LabNode> nodes;
    QString directory;
    QString caFile, clientCertFile, clientKeyFile; ///< TLS labs only

    QList<LabNode> nodesWithRole(LabNode::Role role) const;
    /** Options for a control connection to @p endpoint (TLS material set when the lab uses TLS). */
    ConnectionOptions connectionOptions(const Endpoint &endpoint) const;
    QJsonObject toJson() const;
    QString toText() const;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::LabTopology)
