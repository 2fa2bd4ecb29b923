#include "RedisError.h"

namespace ops {

RedisError::RedisError(Kind kind, Endpoint endpoint, QString detail)
    : m_kind(kind), m_endpoint(std::move(endpoint)), m_detail(std::move(detail))
{
}

RedisError RedisError::fromReply(const Endpoint &endpoint, const QByteArray &errorText)
{
    const qsizetype space = errorText.indexOf(' ');
    const QByteArray prefix = space < 0 ? errorText : errorText.left(space);
    RedisError e(Kind::Reply, endpoint, QString::fromUtf8(errorText));
    e.m_prefix = prefix;
    e.m_delivery = Delivery::Answered;

    if (prefix == "MOVED" || prefix == "ASK") {
        // MOVED 3999 127.0.0.1:6381 (the host may be empty: "MOVED 1 :6380" means same host)
        const QList<QByteArray> parts = errorText.split(' ');
        bool ok = false;
        const int slot = parts.size() == 3 ? parts[1].toInt(&ok) : -1;
        bool addrOk = false;
        Endpoint target = parts.size() == 3 ? Endpoint::parse(QString::fromUtf8(parts[2]), 0, &addrOk) : Endpoint{};
        if (!addrOk && parts.size() == 3 && parts[2].startsWith(':')) {
            target = Endpoint{endpoint.host, parts[2].mid(1).toUShort(&addrOk)};
        }
        if (ok && addrOk && target.port != 0 && slot >= 0 && slot < 16384) {
            e.m_kind = prefix == "MOVED" ? Kind::Moved : Kind::Ask;
            e.m_slot = slot;
            e.m_redirect = target;
        }
        return e;
    }
    if (prefix == "WRONGPASS" || prefix == "NOAUTH"
        || errorText.startsWith("ERR AUTH <password> called without any password")
        || errorText.startsWith("ERR invalid password")
        || errorText.startsWith("ERR Client sent AUTH, but no password is set"))
        e.m_kind = Kind::Auth;
    else if (prefix == "NOPERM")
        e.m_kind = Kind::NoPerm;
    else if (prefix == "TRYAGAIN")
        e.m_kind = Kind::TryAgain;
    else if (prefix == "CLUSTERDOWN")
        e.m_kind = Kind::ClusterDown;
    else if (prefix == "BUSY")
        e.m_kind = Kind::Busy;
    else if (prefix == "LOADING")
        e.m_kind = Kind::Loading;
    else if (prefix == "READONLY")
        e.m_kind = Kind::ReadOnly;
    else if (prefix == "MASTERDOWN")
        e.m_kind = Kind::MasterDown;
    else if (prefix == "INPROG")
        e.m_kind = Kind::InProgress;
    else if (prefix == "NOGOODSLAVE")
        e.m_kind = Kind::NoGoodReplica;
    else if (prefix == "NOREPLICAS")
        e.m_kind = Kind::NoReplicas;
    else if (prefix == "BUSYKEY")
        e.m_kind = Kind::BusyKey;
    else if (prefix == "IOERR")
        e.m_kind = Kind::IoErr;
    else if (prefix == "NOQUORUM")
        e.m_kind = Kind::NoQuorum;
    else if (prefix == "ERR" && errorText.contains("please use CLUSTER FAILOVER FORCE"))
        e.m_kind = Kind::NeedsForce; // "ERR Master is down or failed, please use CLUSTER FAILOVER FORCE"
    return e;
}

RedisError RedisError::withDelivery(Delivery delivery) const
{
    RedisError copy = *this;
    copy.m_delivery = delivery;
    return copy;
}

bool RedisError::isConnectionError() const
{
    switch (m_kind) {
    case Kind::Io:
    case Kind::Closed:
    case Kind::Protocol:
    case Kind::NotRedis:
    case Kind::Tls:
        return true;
    default:
        return false;
    }
}

QString RedisError::message() const
{
    QString what;
    switch (m_kind) {
    case Kind::None: return QStringLiteral("no error");
    case Kind::Io: what = QStringLiteral("connection failed"); break;
    case Kind::Timeout: what = QStringLiteral("timed out"); break;
    case Kind::Closed: what = QStringLiteral("connection closed"); break;
    case Kind::Protocol: what = QStringLiteral("protocol error"); break;
    case Kind::NotRedis: what = QStringLiteral("not a Redis server"); break;
    case Kind::Tls: what = QStringLiteral("TLS error"); break;
    case Kind::Auth: what = QStringLiteral("authentication failed"); break;
    case Kind::NoPerm: what = QStringLiteral("permission denied by ACL"); break;
    case Kind::Reply: what = QStringLiteral("error reply"); break;
    case Kind::Moved: what = QStringLiteral("slot %1 moved to %2").arg(m_slot).arg(m_redirect.toString()); break;
    case Kind::Ask: what = QStringLiteral("slot %1 is migrating, ask %2").arg(m_slot).arg(m_redirect.toString()); break;
    case Kind::TryAgain: what = QStringLiteral("try again (slot migration in progress)"); break;
    case Kind::ClusterDown: what = QStringLiteral("cluster is down"); break;
    case Kind::Busy: what = QStringLiteral("server busy running a script"); break;
    case Kind::Loading: what = QStringLiteral("server is loading its dataset"); break;
    case Kind::ReadOnly: what = QStringLiteral("node is a read-only replica"); break;
    case Kind::MasterDown: what = QStringLiteral("replica's link to its master is down"); break;
    case Kind::Cancelled: what = QStringLiteral("cancelled"); break;
    case Kind::NotConnected: what = QStringLiteral("not connected, command not sent"); break;
    case Kind::InProgress: what = QStringLiteral("a failover is already in progress"); break;
    case Kind::NoGoodReplica: what = QStringLiteral("no replica qualifies for promotion"); break;
    case Kind::NoReplicas: what = QStringLiteral("write refused: not enough good replicas (min-replicas-to-write)"); break;
    case Kind::BusyKey: what = QStringLiteral("target key already exists"); break;
    case Kind::IoErr: what = QStringLiteral("migration I/O error"); break;
    case Kind::NoQuorum: what = QStringLiteral("the sentinels cannot reach quorum"); break;
    case Kind::NeedsForce: what = QStringLiteral("the master is down or failed: only a FORCE failover can proceed"); break;
    }
    QString text = m_endpoint.isValid() ? m_endpoint.toString() + QStringLiteral(": ") + what : what;
    if (!m_detail.isEmpty())
        text += QStringLiteral(": ") + m_detail;
    return text;
}

const char *RedisError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None: return "None";
    case Kind::Io: return "Io";
    case Kind::Timeout: return "Timeout";
    case Kind::Closed: return "Closed";
    case Kind::Protocol: return "Protocol";
    case Kind::NotRedis: return "NotRedis";
    case Kind::Tls: return "Tls";
    case Kind::Auth: return "Auth";
    case Kind::NoPerm: return "NoPerm";
    case Kind::Reply: return "Reply";
    case Kind::Moved: return "Moved";
    case Kind::Ask: return "Ask";
    case Kind::TryAgain: return "TryAgain";
    case Kind::ClusterDown: return "ClusterDown";
    case Kind::Busy: return "Busy";
    case Kind::Loading: return "Loading";
    case Kind::ReadOnly: return "ReadOnly";
    case Kind::MasterDown: return "MasterDown";
    case Kind::Cancelled: return "Cancelled";
    case Kind::NotConnected: return "NotConnected";
    case Kind::InProgress: return "InProgress";
    case Kind::NoGoodReplica: return "NoGoodReplica";
    case Kind::NoReplicas: return "NoReplicas";
    case Kind::BusyKey: return "BusyKey";
    case Kind::IoErr: return "IoErr";
    case Kind::NoQuorum: return "NoQuorum";
    case Kind::NeedsForce: return "NeedsForce";
    }
    return "?";
}

const char *RedisError::deliveryName(Delivery delivery)
{
    switch (delivery) {
    case Delivery::NotSent: return "NotSent";
    case Delivery::Unknown: return "Unknown";
    case Delivery::Answered: return "Answered";
    }
    return "?";
}

QString RedisError::deliveryText(Delivery delivery)
{
    switch (delivery) {
    case Delivery::NotSent: return QStringLiteral("not sent");
    case Delivery::Unknown: return QStringLiteral("sent, outcome unknown");
    case Delivery::Answered: return QStringLiteral("answered");
    }
    return {};
}

} // namespace ops
