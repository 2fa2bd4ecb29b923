#include "RoleReply.h"

#include <limits>

namespace ops {

namespace {

ParseError error(const QString &what, int element = 0)
{
    return ParseError{QStringLiteral("ROLE: ") + what, 0, element};
}

QString typeName(const RespValue &v)
{
    return QLatin1String(respTypeName(v.type()));
}

/** An integer sent either as a RESP integer or as a decimal bulk string (the master form sends
 *  its replicas' port and offset as bulk strings). */
bool integerOf(const RespValue &v, qint64 &out)
{
    if (v.isInteger()) {
        out = v.integer();
        return true;
    }
    if (!v.isString())
        return false;
    bool ok = false;
    out = v.bytes().toLongLong(&ok);
    return ok;
}

bool portOf(const RespValue &v, quint16 &port)
{
    qint64 n = 0;
    if (!integerOf(v, n) || n < 0 || n > 65535)
        return false;
    port = quint16(n);
    return true;
}

Parsed<RoleInfo> parseMaster(const RespValue &reply)
{
    RoleInfo info;
    info.role = RoleInfo::Role::Master;
    if (reply.size() < 3)
        return error(QStringLiteral("master reply has %1 elements, expected 3").arg(reply.size()));
    if (!integerOf(reply[1], info.offset) || info.offset < 0)
        return error(QStringLiteral("master replication offset is not a non-negative integer (got %1)")
                         .arg(typeName(reply[1])),
                     2);
    const RespValue &list = reply[2];
    if (!list.isArray())
        return error(QStringLiteral("replica list is %1, expected an array").arg(typeName(list)), 3);
    info.replicas.reserve(qsizetype(list.size()));
    for (std::size_t i = 0; i < list.size(); ++i) {
        const RespValue &r = list[i];
        const QString where = QStringLiteral("replica %1: ").arg(i + 1);
        if (!r.isArray() || r.size() < 3)
            return error(where + QStringLiteral("expected an array [ip, port, offset], got %1 of %2 elements")
                                     .arg(typeName(r))
                                     .arg(r.size()),
                         3);
        RoleReplica replica;
        if (!r[0].isString())
            return error(where + QStringLiteral("ip is %1, expected a string").arg(typeName(r[0])), 3);
        replica.host = r[0].text();
        if (!portOf(r[1], replica.port))
            return error(where + QStringLiteral("port is not a number in 0..65535"), 3);
        if (!integerOf(r[2], replica.offset))
            return error(where + QStringLiteral("offset is not an integer"), 3);
        info.replicas.append(std::move(replica));
    }
    return info;
}

Parsed<RoleInfo> parseReplica(const RespValue &reply)
{
    RoleInfo info;
    info.role = RoleInfo::Role::Replica;
    if (reply.size() < 5)
        return error(QStringLiteral("replica reply has %1 elements, expected 5").arg(reply.size()));
    if (!reply[1].isString())
        return error(QStringLiteral("master ip is %1, expected a string").arg(typeName(reply[1])), 2);
    info.masterHost = reply[1].text();
    if (!portOf(reply[2], info.masterPort))
        return error(QStringLiteral("master port is not a number in 0..65535"), 3);
    if (!reply[3].isString() || reply[3].bytes().isEmpty())
        return error(QStringLiteral("link state is %1, expected a non-empty string").arg(typeName(reply[3])), 4);
    info.linkState = reply[3].bytes();
    if (!integerOf(reply[4], info.offset) || info.offset < -1)
        return error(QStringLiteral("replica offset is not an integer >= -1"), 5);
    return info;
}

Parsed<RoleInfo> parseSentinel(const RespValue &reply)
{
    RoleInfo info;
    info.role = RoleInfo::Role::Sentinel;
    if (reply.size() < 2)
        return error(QStringLiteral("sentinel reply has %1 elements, expected 2").arg(reply.size()));
    const RespValue &names = reply[1];
    if (!names.isArray())
        return error(QStringLiteral("master name list is %1, expected an array").arg(typeName(names)), 2);
    info.sentinelMasters.reserve(qsizetype(names.size()));
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (!names[i].isString())
            return error(QStringLiteral("master name %1 is %2, expected a string").arg(i + 1).arg(typeName(names[i])),
                         2);
        info.sentinelMasters.append(names[i].bytes());
    }
    return info;
}

} // namespace

Parsed<RoleInfo> parseRole(const RespValue &reply)
{
    if (reply.isError())
        return error(QStringLiteral("server replied with an error: ") + reply.text());
    if (!reply.isArray() || reply.size() == 0)
        return error(QStringLiteral("expected a non-empty array, got %1").arg(typeName(reply)));
    const RespValue &kind = reply[0];
    if (!kind.isString() && !kind.isStatus())
        return error(QStringLiteral("role is %1, expected a string").arg(typeName(kind)), 1);
    const QByteArray &role = kind.bytes();
    if (role == "master")
        return parseMaster(reply);
    if (role == "slave" || role == "replica")
        return parseReplica(reply);
    if (role == "sentinel")
        return parseSentinel(reply);
    return error(QStringLiteral("unknown role \"%1\", expected master, slave or sentinel")
                     .arg(QString::fromUtf8(role.left(32).toPercentEncoding(" "))),
                 1);
}

} // namespace ops
