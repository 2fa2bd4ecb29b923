#pragma once

#include "PreCheck.h"
#include "resp/Endpoint.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace ops {

/** @brief A client of another console's action found in CLIENT LIST (`redis-ops:op:<id>:<who>`). */
struct ActionClient
{
    Endpoint server;     ///< where it is connected
    QByteArray name;     ///< its CLIENT SETNAME
    QString address;     ///< its addr= field
    qint64 ageSeconds = -1;

    /** Names of action clients: `redis-ops:op:<operation id>:<operator>`. */
    static bool isActionClientName(const QByteArray &name);
    /** The action clients in a CLIENT LIST reply from @p server. */
    static QList<ActionClient> parse(const Endpoint &server, const QByteArray &clientList);
    /**
     * The "other-operators" pre-check of every action: warns when another operation is connected,
     * and when a node's CLIENT LIST could not be read (@p unreadable: "host:port: why"), since an
     * operation connected there would go unseen — never a pass on what was not looked at.
     */
    static PreCheck otherOperatorsCheck(const QList<ActionClient> &clients, const QStringList &unreadable = {});
};

} // namespace ops
