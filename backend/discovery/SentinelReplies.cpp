#include "SentinelReplies.h"

#include <limits>

namespace ops {

namespace {

QString quoted(const QByteArray &s)
{
    return QLatin1Char('"') + QString::fromUtf8(s.left(80)) + QLatin1Char('"');
}

QString typeName(const RespValue &v)
{
    return QString::fromLatin1(respTypeName(v.type()));
}

/** The fields of one instance, with the 1-based element index of each value for error messages. */
class InstanceFields
{
public:
    InstanceFields(QString context, const QList<QPair<QByteArray, QByteArray>> &pairs) : m_context(std::move(context))
    {
        for (qsizetype i = 0; i < pairs.size(); ++i) {
            if (!m_raw.contains(pairs[i].first)) {
                m_raw.insert(pairs[i].first, pairs[i].second);
                m_position.insert(pairs[i].first, int(2 * i + 2));
            }
        }
    }

    const QHash<QByteArray, QByteArray> &raw() const { return m_raw; }
    bool has(const char *field) const { return m_raw.contains(QByteArray(field)); }
    const std::optional<ParseError> &error() const { return m_error; }

    QByteArray string(const char *field, bool required = true, bool nonEmpty = false)
    {
        const QByteArray key(field);
        const auto it = m_raw.constFind(key);
        if (it == m_raw.cend()) {
            if (required)
                fail(QStringLiteral("missing field \"%1\"").arg(QLatin1String(field)), 0);
            return {};
        }
        if (nonEmpty && it.value().isEmpty())
            fail(QStringLiteral("field \"%1\" is empty").arg(QLatin1String(field)), m_position.value(key));
        return it.value();
    }

    /** Signed integer field; @p out keeps its default when an optional field is absent. */
    template<typename T>
    void integer(const char *field, T &out, bool required = true)
    {
        const QByteArray key(field);
        const auto it = m_raw.constFind(key);
        if (it == m_raw.cend()) {
            if (required)
                fail(QStringLiteral("missing field \"%1\"").arg(QLatin1String(field)), 0);
            return;
        }
        bool ok = false;
        const qint64 v = it.value().toLongLong(&ok);
        if (!ok || v < qint64(std::numeric_limits<T>::min()) || v > qint64(std::numeric_limits<T>::max())) {
            fail(QStringLiteral("field \"%1\": expected an integer, got %2").arg(QLatin1String(field), quoted(it.value())),
                 m_position.value(key));
            return;
        }
        out = T(v);
    }

    void unsignedInteger(const char *field, quint64 &out, bool required = true)
    {
        const QByteArray key(field);
        const auto it = m_raw.constFind(key);
        if (it == m_raw.cend()) {
            if (required)
                fail(QStringLiteral("missing field \"%1\"").arg(QLatin1String(field)), 0);
            return;
        }
        bool ok = false;
        const quint64 v = it.value().toULongLong(&ok);
        if (!ok) {
            fail(QStringLiteral("field \"%1\": expected a non-negative integer, got %2")
                     .arg(QLatin1String(field), quoted(it.value())),
                 m_position.value(key));
            return;
        }
        out = v;
    }

    void port(const char *field, quint16 &out)
    {
        const QByteArray key(field);
        const auto it = m_raw.constFind(key);
        if (it == m_raw.cend()) {
            fail(QStringLiteral("missing field \"%1\"").arg(QLatin1String(field)), 0);
            return;
        }
        bool ok = false;
        const uint v = it.value().toUInt(&ok);
        if (!ok || v > 65535) {
            fail(QStringLiteral("field \"%1\": expected a port number 0..65535, got %2")
                     .arg(QLatin1String(field), quoted(it.value())),
                 m_position.value(key));
            return;
        }
        out = quint16(v);
    }

    QList<QByteArray> flags()
    {
        const QByteArray v = string("flags", true, true);
        QList<QByteArray> out;
        for (const QByteArray &f : v.split(',')) {
            if (!f.isEmpty())
                out << f;
        }
        return out;
    }

private:
    void fail(const QString &what, int position)
    {
        if (!m_error)
            m_error = ParseError{m_context + QStringLiteral(": ") + what, 0, position};
    }

    QString m_context;
    QHash<QByteArray, QByteArray> m_raw;
    QHash<QByteArray, int> m_position;
    std::optional<ParseError> m_error;
};

/** Fields every instance has: name, ip, port, runid, flags. */
template<typename State>
void readCommon(InstanceFields &f, State &s)
{
    s.name = f.string("name", true, true);
    s.host = QString::fromUtf8(f.string("ip", true, true));
    f.port("port", s.port);
    s.runId = f.string("runid", false);
    s.flags = f.flags();
    f.integer("last-ok-ping-reply", s.lastOkPingReplyMs, false);
    s.raw = f.raw();
}

std::optional<ParseError> readMaster(InstanceFields &f, SentinelMasterState &s)
{
    readCommon(f, s);
    f.integer("num-slaves", s.numReplicas);
    f.integer("num-other-sentinels", s.numOtherSentinels);
    f.integer("quorum", s.quorum);
    f.unsignedInteger("config-epoch", s.configEpoch);
    f.integer("down-after-milliseconds", s.downAfterMs);
    f.integer("failover-timeout", s.failoverTimeoutMs);
    s.failoverState = f.string("failover-state", false);
    return f.error();
}

std::optional<ParseError> readReplica(InstanceFields &f, SentinelReplicaState &s)
{
    readCommon(f, s);
    s.masterLinkStatus = f.string("master-link-status", true, true);
    qint64 downMs = 0;
    f.integer("master-link-down-time", downMs);
    s.masterLinkDownSinceSeconds = downMs / 1000;
    s.masterHost = QString::fromUtf8(f.string("master-host", true, true));
    f.port("master-port", s.masterPort);
    f.integer("slave-repl-offset", s.replOffset);
    f.integer("slave-priority", s.replicaPriority);
    return f.error();
}

std::optional<ParseError> readPeer(InstanceFields &f, SentinelPeerState &s)
{
    s.name = f.string("name", true, true);
    s.host = QString::fromUtf8(f.string("ip", true, true));
    f.port("port", s.port);
    s.runId = f.string("runid", false);
    s.flags = f.flags();
    f.integer("last-hello-message", s.lastHelloMessageMs);
    s.votedLeader = f.string("voted-leader");
    f.unsignedInteger("voted-leader-epoch", s.votedLeaderEpoch);
    s.raw = f.raw();
    return f.error();
}

std::optional<ParseError> notAnArray(const QString &command, const RespValue &v)
{
    if (v.isError())
        return ParseError{command + QStringLiteral(": the server replied with an error: ") + v.text(), 0, 0};
    if (!v.isArray())
        return ParseError{command + QStringLiteral(": expected an array, got ") + typeName(v), 0, 0};
    return std::nullopt;
}

/** One flat instance; @p context names the command and, in lists, the instance. */
template<typename State, typename Reader>
Parsed<State> parseOne(const QString &context, const RespValue &flat, Reader read)
{
    Parsed<QList<QPair<QByteArray, QByteArray>>> pairs = parseFieldPairs(flat);
    if (!pairs) {
        ParseError e = pairs.error();
        e.what = context + QStringLiteral(": ") + e.what;
        return e;
    }
    InstanceFields fields(context, pairs.value());
    State state;
    if (std::optional<ParseError> e = read(fields, state))
        return *e;
    return state;
}

template<typename State, typename Reader>
Parsed<QList<State>> parseList(const QString &command, const RespValue &reply, Reader read)
{
    if (std::optional<ParseError> e = notAnArray(command, reply))
        return *e;
    QList<State> out;
    out.reserve(qsizetype(reply.size()));
    for (std::size_t i = 0; i < reply.size(); ++i) {
        const QString context = command + QStringLiteral(": instance %1").arg(i + 1);
        Parsed<State> one = parseOne<State>(context, reply[i], read);
        if (!one)
            return one.error();
        out << one.take();
    }
    return out;
}

} // namespace

Parsed<QList<QPair<QByteArray, QByteArray>>> parseFieldPairs(const RespValue &flat)
{
    if (flat.isError())
        return ParseError{QStringLiteral("the server replied with an error: ") + flat.text(), 0, 0};
    if (!flat.isArray())
        return ParseError{QStringLiteral("expected an array of field/value pairs, got ") + typeName(flat), 0, 0};
    if (flat.size() % 2 != 0)
        return ParseError{QStringLiteral("odd number of elements (%1) in a field/value array").arg(flat.size()), 0,
                          int(flat.size())};
    QList<QPair<QByteArray, QByteArray>> out;
    out.reserve(qsizetype(flat.size() / 2));
    for (std::size_t i = 0; i < flat.size(); i += 2) {
        for (std::size_t j = i; j < i + 2; ++j) {
            if (!flat[j].isString())
                return ParseError{QStringLiteral("expected a string as %1, got %2")
                                      .arg(j == i ? QStringLiteral("field name") : QStringLiteral("value"), typeName(flat[j])),
                                  0, int(j + 1)};
        }
        if (flat[i].bytes().isEmpty())
            return ParseError{QStringLiteral("empty field name"), 0, int(i + 1)};
        out.append({flat[i].bytes(), flat[i + 1].bytes()});
    }
    return out;
}

Parsed<SentinelMasterState> parseSentinelMaster(const RespValue &flat)
{
    return parseOne<SentinelMasterState>(QStringLiteral("SENTINEL MASTER"), flat, readMaster);
}

Parsed<QList<SentinelMasterState>> parseSentinelMasters(const RespValue &reply)
{
    return parseList<SentinelMasterState>(QStringLiteral("SENTINEL MASTERS"), reply, readMaster);
}

Parsed<QList<SentinelReplicaState>> parseSentinelReplicas(const RespValue &reply)
{
    return parseList<SentinelReplicaState>(QStringLiteral("SENTINEL REPLICAS"), reply, readReplica);
}

Parsed<QList<SentinelPeerState>> parseSentinelSentinels(const RespValue &reply)
{
    return parseList<SentinelPeerState>(QStringLiteral("SENTINEL SENTINELS"), reply, readPeer);
}

CkQuorum parseCkQuorum(const RedisResult &result)
{
    CkQuorum q;
    QByteArray text;
    if (result.ok()) {
        const RespValue &v = result.value();
        if (!v.isStatus() && !v.isString() && !v.isError()) {
            q.text = QStringLiteral("unexpected reply to SENTINEL CKQUORUM: ") + v.toDisplayString();
            return q;
        }
        text = v.bytes();
        q.ok = !v.isError() && (text == "OK" || text.startsWith("OK "));
    } else if (result.error().delivery() == RedisError::Delivery::Answered) { // -NOQUORUM, -ERR No such master ...
        text = result.error().detail().toUtf8();
    } else {
        q.text = result.error().message();
        return q;
    }
    q.text = QString::fromUtf8(text);
    q.noQuorum = text.startsWith("NOQUORUM ");
    // "<CODE> <N> usable Sentinels. ..."
    if (q.ok || q.noQuorum) {
        const QList<QByteArray> words = text.split(' ');
        bool numeric = false;
        const int n = words.size() > 2 && words[2] == "usable" ? words[1].toInt(&numeric) : -1;
        if (numeric && n >= 0)
            q.usable = n;
    }
    return q;
}

} // namespace ops
