#include "ClusterNodesParser.h"

#include "resp/Endpoint.h"

#include <QByteArrayView>
#include <QHash>

#include <array>
#include <bit>
#include <cstring>
#include <limits>

namespace ops {

namespace {

// A pointer scan over the reply: a 1,000-node CLUSTER NODES must parse well under a millisecond,
// so tokens are QByteArrayViews into the input and only the kept values are copied.

constexpr int kFieldId = 1;
constexpr int kFieldAddress = 2;
constexpr int kFieldFlags = 3;
constexpr int kFieldMaster = 4;
constexpr int kFieldPingSent = 5;
constexpr int kFieldPongRecv = 6;
constexpr int kFieldEpoch = 7;
constexpr int kFieldLink = 8;
constexpr int kFixedFields = 8;
constexpr int kNodeIdLength = 40;

/** The first ' ' in [p, end), or end: eight bytes at a time (tokens are short, so this beats
 *  both a byte loop and a memchr call per token). */
const char *findSpace(const char *p, const char *end)
{
    if constexpr (std::endian::native == std::endian::little) {
        constexpr quint64 ones = 0x0101010101010101ULL;
        constexpr quint64 highs = 0x8080808080808080ULL;
        while (end - p >= 8) {
            quint64 w;
            std::memcpy(&w, p, 8);
            w ^= ones * quint64(' ');
            // The lowest set bit marks the first zero byte, i.e. the first space.
            if (const quint64 m = (w - ones) & ~w & highs)
                return p + (std::countr_zero(m) >> 3);
            p += 8;
        }
    }
    while (p < end && *p != ' ')
        ++p;
    return p;
}

/** Server bytes for an error message: quoted, non-printables escaped, long tokens cut. */
QString quoted(QByteArrayView token)
{
    constexpr qsizetype kMax = 48;
    QString s;
    s.reserve(qMin(token.size(), kMax) + 8);
    s += QLatin1Char('"');
    for (qsizetype i = 0; i < token.size() && i < kMax; ++i) {
        const auto c = static_cast<unsigned char>(token[i]);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            s += QLatin1Char(char(c));
        else
            s += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
    }
    if (token.size() > kMax)
        s += QStringLiteral("...");
    s += QLatin1Char('"');
    return s;
}

ParseError error(const QString &what, int line, int field)
{
    return ParseError{QStringLiteral("CLUSTER NODES: ") + what, line, field};
}

constexpr auto kHexTable = [] {
    std::array<bool, 256> t{};
    for (int c = '0'; c <= '9'; ++c)
        t[std::size_t(c)] = true;
    for (int c = 'a'; c <= 'f'; ++c)
        t[std::size_t(c)] = t[std::size_t(c - 'a' + 'A')] = true;
    return t;
}();

bool isNodeId(QByteArrayView v)
{
    if (v.size() != kNodeIdLength)
        return false;
    for (char c : v) // an early exit, well predicted, is faster than and-ing a flag
        if (!kHexTable[static_cast<unsigned char>(c)])
            return false;
    return true;
}

/** Unsigned decimal, digits only, no sign, at most @p max. */
bool parseUnsigned(QByteArrayView v, quint64 max, quint64 &out)
{
    // Up to 19 digits cannot overflow a quint64 (10^19 < 2^64), so no per-digit division.
    if (v.isEmpty() || v.size() > 20)
        return false;
    const qsizetype fast = qMin<qsizetype>(v.size(), 19);
    quint64 n = 0;
    for (qsizetype i = 0; i < fast; ++i) {
        const auto d = quint64(static_cast<unsigned char>(v[i])) - '0';
        if (d > 9)
            return false;
        n = n * 10 + d;
    }
    if (v.size() == 20) {
        const auto d = quint64(static_cast<unsigned char>(v[19])) - '0';
        if (d > 9 || n > (std::numeric_limits<quint64>::max() - d) / 10)
            return false;
        n = n * 10 + d;
    }
    if (n > max)
        return false;
    out = n;
    return true;
}

bool parseSlot(QByteArrayView v, int &slot)
{
    quint64 n = 0;
    if (!parseUnsigned(v, kSlotCount - 1, n))
        return false;
    slot = int(n);
    return true;
}

bool parsePort(QByteArrayView v, quint16 &port)
{
    quint64 n = 0;
    if (!parseUnsigned(v, 65535, n))
        return false;
    port = quint16(n);
    return true;
}

QString slotError(QByteArrayView token, const char *why)
{
    return QStringLiteral("bad slot token %1: %2").arg(quoted(token), QLatin1String(why));
}

/** `n`, `a-b`, `[n->-id]` or `[n-<-id]`; an empty QString on success, else why not. */
QString parseSlotToken(QByteArrayView token, ClusterNodeLine &node)
{
    if (token.front() == '[') {
        if (token.back() != ']')
            return slotError(token, "unterminated transfer, expected \"[slot->-id]\" or \"[slot-<-id]\"");
        const QByteArrayView inner = token.sliced(1, token.size() - 2);
        const qsizetype dash = inner.indexOf('-');
        if (dash <= 0 || inner.size() < dash + 3)
            return slotError(token, "expected \"[slot->-id]\" or \"[slot-<-id]\"");
        const QByteArrayView arrow = inner.sliced(dash, 3);
        const bool migrating = arrow == QByteArrayView("->-");
        if (!migrating && arrow != QByteArrayView("-<-"))
            return slotError(token, "expected \"->-\" (migrating) or \"-<-\" (importing)");
        SlotTransfer t;
        if (!parseSlot(inner.first(dash), t.slot))
            return slotError(token, "slot is not a number in 0..16383");
        const QByteArrayView peer = inner.sliced(dash + 3);
        if (!isNodeId(peer))
            return slotError(token, "peer is not a 40-character hex node id");
        t.peerId = peer.toByteArray();
        (migrating ? node.migrating : node.importing).append(std::move(t));
        return {};
    }
    const qsizetype dash = token.indexOf('-');
    SlotRange r;
    if (dash < 0) {
        if (!parseSlot(token, r.first))
            return slotError(token, "not a number in 0..16383");
        r.last = r.first;
    } else {
        if (!parseSlot(token.first(dash), r.first) || !parseSlot(token.sliced(dash + 1), r.last))
            return slotError(token, "expected \"first-last\" with numbers in 0..16383");
        if (r.first > r.last)
            return slotError(token, "range start is after its end");
    }
    node.slotRanges.append(r);
    return {};
}

struct FlagName
{
    QByteArrayView name;
    ClusterNodeLine::Flag flag;
};

constexpr FlagName kFlagNames[] = {
    {"myself", ClusterNodeLine::Myself},     {"master", ClusterNodeLine::Master},
    {"slave", ClusterNodeLine::Replica},     {"fail?", ClusterNodeLine::PFail},
    {"fail", ClusterNodeLine::Fail},         {"handshake", ClusterNodeLine::Handshake},
    {"noaddr", ClusterNodeLine::NoAddr},     {"nofailover", ClusterNodeLine::NoFailover},
    {"noflags", ClusterNodeLine::NoFlags},   {"replica", ClusterNodeLine::Replica},
};

void parseFlags(QByteArrayView field, ClusterNodeLine &node)
{
    while (!field.isEmpty()) {
        qsizetype comma = field.indexOf(',');
        if (comma < 0)
            comma = field.size();
        const QByteArrayView name = field.first(comma);
        field = field.sliced(qMin(comma + 1, field.size()));
        if (name.isEmpty())
            continue;
        bool known = false;
        for (const FlagName &f : kFlagNames) {
            if (f.name == name) {
                node.flags |= f.flag;
                known = true;
                break;
            }
        }
        if (!known)
            node.unknownFlags.append(name.toByteArray());
    }
}

/** Reuses the previous QString when consecutive nodes share a host (the common case). */
struct HostCache
{
    QByteArrayView bytes;
    QString text;
    const QString &get(QByteArrayView v)
    {
        if (v != bytes) {
            bytes = v;
            text = QString::fromUtf8(v);
        }
        return text;
    }
};

/** `ip:port@cport[,hostname[,aux=value...]]`; the ip may be IPv6 (colons) or empty. */
QString parseAddress(QByteArrayView field, ClusterNodeLine &node, HostCache &hosts)
{
    QByteArrayView address = field;
    const qsizetype comma = field.indexOf(',');
    if (comma >= 0) {
        address = field.first(comma);
        QByteArrayView rest = field.sliced(comma + 1);
        // Redis 7.2+ appends ",shard-id=..." style aux fields after the (possibly empty) hostname.
        const qsizetype next = rest.indexOf(',');
        const QByteArrayView hostname = next < 0 ? rest : rest.first(next);
        if (!hostname.contains('=')) {
            if (!Endpoint::isHostText(hostname))
                return QStringLiteral("bad hostname in address %1: a host name has letters, digits, '.', '-' and '_' only")
                    .arg(quoted(field));
            node.hostname = QString::fromUtf8(hostname);
        }
    }
    const qsizetype at = address.indexOf('@');
    const QByteArrayView hostPort = at < 0 ? address : address.first(at);
    const qsizetype colon = hostPort.lastIndexOf(':');
    if (colon < 0)
        return QStringLiteral("bad address %1: expected \"ip:port@cport\"").arg(quoted(field));
    if (!parsePort(hostPort.sliced(colon + 1), node.port))
        return QStringLiteral("bad port in address %1: expected a number in 0..65535").arg(quoted(field));
    if (at >= 0 && !parsePort(address.sliced(at + 1), node.busPort))
        return QStringLiteral("bad bus port in address %1: expected a number in 0..65535").arg(quoted(field));
    if (!Endpoint::isHostText(hostPort.first(colon)))
        return QStringLiteral("bad host in address %1: expected an IP address or a host name").arg(quoted(field));
    node.host = hosts.get(hostPort.first(colon));
    return {};
}

} // namespace

int ClusterNodeLine::slotCount() const
{
    int n = 0;
    for (const SlotRange &r : slotRanges)
        n += r.count();
    return n;
}

Parsed<QList<ClusterNodeLine>> parseClusterNodes(const QByteArray &text)
{
    QList<ClusterNodeLine> nodes;
    // Real lines are 100..200 bytes (counting '\n' first costs more); capped so that a huge garbage
    // reply does not reserve memory for nodes it will never have.
    nodes.reserve(qMin<qsizetype>(text.size() / 96 + 1, 4096));
    QHash<QByteArrayView, int> lineOfId; // views into text: no copies
    lineOfId.reserve(nodes.capacity());
    HostCache hosts;

    const char *p = text.constData();
    const char *const end = p + text.size();
    int lineNo = 0;
    while (p < end) {
        ++lineNo;
        const char *eol = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        if (!eol)
            eol = end;
        QByteArrayView line(p, eol - p);
        p = eol + 1;
        if (!line.isEmpty() && line.back() == '\r')
            line.chop(1);
        if (line.isEmpty())
            continue;

        ClusterNodeLine &node = nodes.emplaceBack(); // filled in place: no move, no zeroing twice
        int field = 0;
        const char *q = line.data();
        const char *const lineEnd = q + line.size();
        while (q < lineEnd) {
            if (*q == ' ') {
                ++q;
                continue;
            }
            const char *tokEnd = findSpace(q, lineEnd);
            const QByteArrayView tok(q, tokEnd - q);
            q = tokEnd;
            ++field;
            QString why;
            switch (field) {
            case kFieldId:
                if (!isNodeId(tok))
                    return error(QStringLiteral("bad node id %1: expected 40 hex characters").arg(quoted(tok)),
                                 lineNo, field);
                if (const auto it = lineOfId.constFind(tok); it != lineOfId.constEnd())
                    return error(QStringLiteral("duplicate node id %1 (first on line %2)")
                                     .arg(quoted(tok)).arg(it.value()),
                                 lineNo, field);
                lineOfId.insert(tok, lineNo);
                node.id = tok.toByteArray();
                break;
            case kFieldAddress:
                why = parseAddress(tok, node, hosts);
                break;
            case kFieldFlags:
                parseFlags(tok, node);
                break;
            case kFieldMaster:
                if (tok == QByteArrayView("-"))
                    break;
                if (!isNodeId(tok))
                    why = QStringLiteral("bad master id %1: expected \"-\" or 40 hex characters").arg(quoted(tok));
                else
                    node.masterId = tok.toByteArray();
                break;
            case kFieldPingSent:
            case kFieldPongRecv: {
                quint64 ms = 0;
                if (!parseUnsigned(tok, quint64(std::numeric_limits<qint64>::max()), ms))
                    why = QStringLiteral("bad %1 time %2: expected milliseconds")
                              .arg(field == kFieldPingSent ? QLatin1String("ping-sent") : QLatin1String("pong-recv"),
                                   quoted(tok));
                else
                    (field == kFieldPingSent ? node.pingSentMs : node.pongReceivedMs) = qint64(ms);
                break;
            }
            case kFieldEpoch:
                if (!parseUnsigned(tok, std::numeric_limits<quint64>::max(), node.configEpoch))
                    why = QStringLiteral("bad config epoch %1: expected an unsigned number").arg(quoted(tok));
                break;
            case kFieldLink:
                if (tok == QByteArrayView("connected"))
                    node.linkConnected = true;
                else if (tok != QByteArrayView("disconnected"))
                    why = QStringLiteral("bad link state %1: expected \"connected\" or \"disconnected\"")
                              .arg(quoted(tok));
                break;
            default:
                why = parseSlotToken(tok, node);
                break;
            }
            if (!why.isEmpty())
                return error(why, lineNo, field);
        }
        if (field < kFixedFields) {
            static const char *const names[] = {"id", "address", "flags", "master", "ping-sent", "pong-recv",
                                                "config-epoch", "link-state"};
            return error(QStringLiteral("line has %1 fields, expected at least 8 (missing %2)")
                             .arg(field)
                             .arg(QLatin1String(names[field])),
                         lineNo, field + 1);
        }
    }
    if (nodes.isEmpty()) // a node always lists itself
        return error(QStringLiteral("empty reply, expected at least the node's own line"), 0, 0);
    return nodes;
}

} // namespace ops
