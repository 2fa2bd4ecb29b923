#include "ClusterShardsParser.h"

#include "resp/Endpoint.h"

#include <QByteArrayView>

namespace ops {

namespace {

/** Where in the reply an error is: "shard 2, node 1: ". */
struct Where
{
    int shard = 0; // 1-based
    int node = 0;  // 1-based, 0 = the shard itself

    QString prefix() const
    {
        return node > 0 ? QStringLiteral("shard %1, node %2: ").arg(shard).arg(node)
                        : QStringLiteral("shard %1: ").arg(shard);
    }
    ParseError error(const QString &what) const
    {
        return ParseError{QStringLiteral("CLUSTER SHARDS: ") + prefix() + what, 0, shard};
    }
};

QString typeName(const RespValue &v)
{
    return QLatin1String(respTypeName(v.type()));
}

QString keyText(const QByteArray &key)
{
    return QLatin1Char('"') + QString::fromUtf8(key.left(48).toPercentEncoding(" -_.?")) + QLatin1Char('"');
}

bool isNodeId(const QByteArray &v)
{
    if (v.size() != 40)
        return false;
    for (char c : v) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

/** Checks that @p map is a flat key/value array with string keys; else why not. */
QString checkFlatMap(const RespValue &map, const char *what)
{
    if (!map.isArray())
        return QStringLiteral("%1 is %2, expected a flat key/value array").arg(QLatin1String(what), typeName(map));
    if (map.size() % 2 != 0)
        return QStringLiteral("%1 has an odd number of elements (%2), expected key/value pairs")
            .arg(QLatin1String(what))
            .arg(map.size());
    for (std::size_t i = 0; i < map.size(); i += 2) {
        if (!map[i].isString() && !map[i].isStatus())
            return QStringLiteral("%1 key at element %2 is %3, expected a string")
                .arg(QLatin1String(what))
                .arg(i + 1)
                .arg(typeName(map[i]));
    }
    return {};
}

std::optional<ParseError> parseSlots(const RespValue &list, const Where &where, SlotRanges &out)
{
    if (!list.isArray())
        return where.error(QStringLiteral("\"slots\" is %1, expected an array").arg(typeName(list)));
    if (list.size() % 2 != 0)
        return where.error(QStringLiteral("\"slots\" has an odd number of elements (%1), expected start,end pairs")
                               .arg(list.size()));
    out.reserve(qsizetype(list.size() / 2));
    for (std::size_t i = 0; i < list.size(); i += 2) {
        const RespValue &a = list[i];
        const RespValue &b = list[i + 1];
        if (!a.isInteger() || !b.isInteger())
            return where.error(QStringLiteral("\"slots\" pair %1 is not two integers").arg(i / 2 + 1));
        if (a.integer() < 0 || b.integer() >= kSlotCount || a.integer() > b.integer())
            return where.error(QStringLiteral("\"slots\" pair %1 (%2-%3) is not a range within 0..16383")
                                   .arg(i / 2 + 1)
                                   .arg(a.integer())
                                   .arg(b.integer()));
        out.append(SlotRange{int(a.integer()), int(b.integer())});
    }
    return std::nullopt;
}

std::optional<ParseError> parseNode(const RespValue &map, const Where &where, ClusterShardNode &node)
{
    if (const QString why = checkFlatMap(map, "node"); !why.isEmpty())
        return where.error(why);
    bool haveId = false;
    bool haveRole = false;
    for (std::size_t i = 0; i < map.size(); i += 2) {
        const QByteArray &key = map[i].bytes();
        const RespValue &v = map[i + 1];
        auto wantString = [&]() -> std::optional<ParseError> {
            if (v.isString() || v.isStatus())
                return std::nullopt;
            return where.error(QStringLiteral("%1 is %2, expected a string").arg(keyText(key), typeName(v)));
        };
        auto wantPort = [&](quint16 &port) -> std::optional<ParseError> {
            if (!v.isInteger() || v.integer() < 0 || v.integer() > 65535)
                return where.error(QStringLiteral("%1 is not an integer in 0..65535").arg(keyText(key)));
            port = quint16(v.integer());
            return std::nullopt;
        };
        std::optional<ParseError> err;
        if (key == "id") {
            if (!(err = wantString())) {
                if (!isNodeId(v.bytes()))
                    return where.error(QStringLiteral("\"id\" is not 40 hex characters"));
                node.id = v.bytes();
                haveId = true;
            }
        } else if (key == "port") {
            err = wantPort(node.port);
        } else if (key == "tls-port") {
            err = wantPort(node.tlsPort);
        } else if (key == "ip" || key == "endpoint" || key == "hostname") {
            if (!(err = wantString())) {
                // Redis announces addresses and DNS names only: markup, spaces or control
                // characters come from a broken or hostile peer.
                if (!Endpoint::isHostText(v.bytes()))
                    return where.error(QStringLiteral("%1 is not an IP address or a host name (letters, digits, "
                                                      "'.', '-', '_' only)").arg(keyText(key)));
                (key == "ip" ? node.ip : key == "endpoint" ? node.endpoint : node.hostname) = v.text();
            }
        } else if (key == "role") {
            if (!(err = wantString())) {
                if (v.bytes() == "master")
                    node.isMaster = true;
                else if (v.bytes() != "replica" && v.bytes() != "slave")
                    return where.error(QStringLiteral("\"role\" is %1, expected \"master\" or \"replica\"")
                                           .arg(keyText(v.bytes())));
                haveRole = true;
            }
        } else if (key == "replication-offset") {
            if (!v.isInteger())
                return where.error(QStringLiteral("\"replication-offset\" is %1, expected an integer").arg(typeName(v)));
            node.replicationOffset = v.integer();
        } else if (key == "health") {
            if (!(err = wantString()))
                node.health = v.bytes();
        }
        // Unknown keys (newer servers) are skipped whatever their type.
        if (err)
            return err;
    }
    if (!haveId)
        return where.error(QStringLiteral("missing \"id\""));
    if (!haveRole)
        return where.error(QStringLiteral("missing \"role\""));
    return std::nullopt;
}

std::optional<ParseError> parseShard(const RespValue &map, Where where, ClusterShard &shard)
{
    if (const QString why = checkFlatMap(map, "shard"); !why.isEmpty())
        return where.error(why);
    bool haveSlots = false;
    bool haveNodes = false;
    for (std::size_t i = 0; i < map.size(); i += 2) {
        const QByteArray &key = map[i].bytes();
        const RespValue &v = map[i + 1];
        if (key == "slots") {
            if (auto err = parseSlots(v, where, shard.slotRanges))
                return err;
            haveSlots = true;
        } else if (key == "nodes") {
            if (!v.isArray())
                return where.error(QStringLiteral("\"nodes\" is %1, expected an array").arg(typeName(v)));
            shard.nodes.reserve(qsizetype(v.size()));
            for (std::size_t n = 0; n < v.size(); ++n) {
                where.node = int(n) + 1;
                ClusterShardNode node;
                if (auto err = parseNode(v[n], where, node))
                    return err;
                shard.nodes.append(std::move(node));
            }
            where.node = 0;
            haveNodes = true;
        }
    }
    if (!haveSlots)
        return where.error(QStringLiteral("missing \"slots\""));
    if (!haveNodes)
        return where.error(QStringLiteral("missing \"nodes\""));
    return std::nullopt;
}

} // namespace

Parsed<QList<ClusterShard>> parseClusterShards(const RespValue &reply)
{
    if (reply.isError())
        return ParseError{QStringLiteral("CLUSTER SHARDS: server replied with an error: ") + reply.text(), 0, 0};
    if (!reply.isArray())
        return ParseError{QStringLiteral("CLUSTER SHARDS: expected an array of shards, got %1").arg(typeName(reply)),
                          0, 0};
    QList<ClusterShard> shards;
    shards.reserve(qsizetype(reply.size()));
    for (std::size_t i = 0; i < reply.size(); ++i) {
        ClusterShard shard;
        if (auto err = parseShard(reply[i], Where{int(i) + 1, 0}, shard))
            return *err;
        shards.append(std::move(shard));
    }
    return shards;
}

} // namespace ops
