#pragma once

#include "discovery/ParseError.h"
#include "resp/RespValue.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace ops {

/** @brief A replica as listed by `ROLE` on its master. */
struct RoleReplica
{
    QString host;
    quint16 port = 0;
    qint64 offset = 0;
};

/** @brief The reply of `ROLE`: master, replica or sentinel form. */
struct RoleInfo
{
    enum class Role { Master, Replica, Sentinel };
    Role role = Role::Master;
    qint64 offset = -1;                 ///< master: master_repl_offset; replica: processed offset (-1 if unknown)
    QList<RoleReplica> replicas;        ///< master
    QString masterHost;                 ///< replica
    quint16 masterPort = 0;             ///< replica
    QByteArray linkState;               ///< replica: connect/connecting/sync/connected/handshake
    QList<QByteArray> sentinelMasters;  ///< sentinel
};

/**
 * @brief Parses the reply of `ROLE`: ["master", offset, [[ip, port, offset], ...]],
 * ["slave", ip, port, state, offset] or ["sentinel", [names...]].
 */
Parsed<RoleInfo> parseRole(const RespValue &reply);

} // namespace ops
