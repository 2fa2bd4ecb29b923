#include "InfoReply.h"

#include <algorithm>
#include <limits>

namespace ops {

namespace {

/** `prefix` followed by one or more decimal digits only; the number in `n`. */
bool numberedField(const QByteArray &field, const char *prefix, int &n)
{
    const QByteArray p(prefix);
    if (!field.startsWith(p) || field.size() == p.size() || field.size() - p.size() > 9)
        return false;
    for (qsizetype i = p.size(); i < field.size(); ++i) {
        if (field.at(i) < '0' || field.at(i) > '9')
            return false;
    }
    n = field.mid(p.size()).toInt();
    return true;
}

bool toInt64(const QByteArray &s, qint64 &out)
{
    bool ok = false;
    out = s.toLongLong(&ok);
    return ok;
}

/**
 * A "<prefix>N:key=value,..." line (slaveN, dbN, masterN): N in @p n, the pairs in @p kv; false
 * with the reason in @p why.
 */
bool numberedPairs(const QByteArray &field, const char *prefix, const QByteArray &value, int &n,
                   QList<QPair<QByteArray, QByteArray>> &kv, QString &why)
{
    if (!numberedField(field, prefix, n)) {
        why = QStringLiteral("field is not %1N").arg(QLatin1String(prefix));
        return false;
    }
    if (!InfoReply::splitKeyValues(value, kv)) {
        why = QStringLiteral("expected comma-separated key=value pairs");
        return false;
    }
    return true;
}

QString quoted(const QByteArray &s)
{
    return QLatin1Char('"') + QString::fromUtf8(s.left(80)) + QLatin1Char('"');
}

} // namespace

InfoReply InfoReply::parse(const QByteArray &text)
{
    InfoReply r;
    QByteArray section;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype end = text.indexOf('\n', pos);
        if (end < 0)
            end = text.size();
        QByteArray line = text.mid(pos, end - pos);
        pos = end + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        if (line.startsWith('#')) {
            section = line.mid(1).trimmed().toLower();
            r.m_sections << section;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray key = line.left(colon);
        r.m_fields.insert(key, line.mid(colon + 1));
        r.m_sectionOf.insert(key, section);
    }
    return r;
}

Parsed<InfoReply> InfoReply::tryParse(const QByteArray &text)
{
    QByteArray section;
    int lineNo = 0;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype end = text.indexOf('\n', pos);
        if (end < 0)
            end = text.size();
        QByteArray line = text.mid(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.contains('\0'))
            return ParseError{QStringLiteral("INFO: NUL byte in the text"), lineNo, 0};
        if (line.isEmpty())
            continue;
        if (line.startsWith('#')) {
            section = line.mid(1).trimmed().toLower();
            if (section.isEmpty())
                return ParseError{QStringLiteral("INFO: section header without a name"), lineNo, 0};
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return ParseError{QStringLiteral("INFO: expected \"# Section\" or \"field:value\", got ") + quoted(line),
                              lineNo, 0};
        const QByteArray key = line.left(colon);
        for (const char c : key) {
            // Field names are identifiers: `used_memory`, `errorstat_ERR`, `cmdstat_client|list`.
            const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || c == '|' || c == '-' || c == '.';
            if (!allowed)
                return ParseError{QStringLiteral("INFO: unexpected character in field name ") + quoted(key), lineNo, 0};
        }
        const QByteArray value = line.mid(colon + 1);
        int n = 0;
        QString why;
        if (numberedField(key, "slave", n)) {
            InfoReplica replica;
            if (!parseReplicaLine(key, value, replica, why))
                return ParseError{QStringLiteral("INFO: bad replica line ") + quoted(key) + QStringLiteral(": ") + why,
                                  lineNo, 0};
        } else if (numberedField(key, "db", n)) {
            KeyspaceEntry entry;
            if (!parseKeyspaceLine(key, value, entry, why))
                return ParseError{QStringLiteral("INFO: bad keyspace line ") + quoted(key) + QStringLiteral(": ") + why,
                                  lineNo, 0};
        } else if (section == "sentinel" && numberedField(key, "master", n)) {
            InfoSentinelMaster master;
            if (!parseSentinelMasterLine(key, value, master, why))
                return ParseError{QStringLiteral("INFO: bad sentinel master line ") + quoted(key) + QStringLiteral(": ") + why,
                                  lineNo, 0};
        }
    }
    return parse(text);
}

qint64 InfoReply::integer(const QByteArray &field, qint64 fallback) const
{
    bool ok = false;
    const qint64 v = m_fields.value(field).toLongLong(&ok);
    return ok ? v : fallback;
}

double InfoReply::real(const QByteArray &field, double fallback) const
{
    bool ok = false;
    const double v = m_fields.value(field).toDouble(&ok);
    return ok ? v : fallback;
}

bool InfoReply::splitKeyValues(const QByteArray &value, QList<QPair<QByteArray, QByteArray>> &out)
{
    out.clear();
    if (value.isEmpty())
        return true;
    for (const QByteArray &part : value.split(',')) {
        const qsizetype eq = part.indexOf('=');
        if (eq <= 0)
            return false;
        out.append({part.left(eq), part.mid(eq + 1)});
    }
    return true;
}

bool InfoReply::parseReplicaLine(const QByteArray &field, const QByteArray &value, InfoReplica &out, QString &why)
{
    int index = 0;
    QList<QPair<QByteArray, QByteArray>> kv;
    if (!numberedPairs(field, "slave", value, index, kv, why))
        return false;
    InfoReplica r;
    r.index = index;
    bool haveIp = false, havePort = false, haveState = false, haveOffset = false;
    for (const auto &[k, v] : kv) {
        if (k == "ip") {
            if (v.isEmpty()) {
                why = QStringLiteral("empty ip");
                return false;
            }
            r.host = QString::fromUtf8(v);
            haveIp = true;
        } else if (k == "port") {
            bool ok = false;
            const uint p = v.toUInt(&ok);
            if (!ok || p > 65535) {
                why = QStringLiteral("port is not a number in 0..65535: ") + quoted(v);
                return false;
            }
            r.port = quint16(p);
            havePort = true;
        } else if (k == "state") {
            r.state = v;
            haveState = true;
        } else if (k == "offset") {
            if (!toInt64(v, r.offset)) {
                why = QStringLiteral("offset is not a number: ") + quoted(v);
                return false;
            }
            haveOffset = true;
        } else if (k == "lag") {
            if (!toInt64(v, r.lagSeconds)) {
                why = QStringLiteral("lag is not a number: ") + quoted(v);
                return false;
            }
        }
    }
    const char *missing = !haveIp ? "ip" : !havePort ? "port" : !haveState ? "state" : !haveOffset ? "offset" : nullptr;
    if (missing) {
        why = QStringLiteral("missing ") + QLatin1String(missing);
        return false;
    }
    out = r;
    return true;
}

bool InfoReply::parseKeyspaceLine(const QByteArray &field, const QByteArray &value, KeyspaceEntry &out, QString &why)
{
    int db = 0;
    QList<QPair<QByteArray, QByteArray>> kv;
    if (!numberedPairs(field, "db", value, db, kv, why))
        return false;
    KeyspaceEntry e;
    e.db = db;
    bool haveKeys = false, haveExpires = false;
    for (const auto &[k, v] : kv) {
        qint64 *target = k == "keys" ? &e.keys : k == "expires" ? &e.expires : k == "avg_ttl" ? &e.avgTtl : nullptr;
        if (!target)
            continue; // newer servers add fields (subexpiry=...)
        if (!toInt64(v, *target) || *target < 0) {
            why = QString::fromLatin1(k) + QStringLiteral(" is not a non-negative number: ") + quoted(v);
            return false;
        }
        haveKeys |= k == "keys";
        haveExpires |= k == "expires";
    }
    if (!haveKeys || !haveExpires) {
        why = QStringLiteral("missing ") + (haveKeys ? QStringLiteral("expires") : QStringLiteral("keys"));
        return false;
    }
    out = e;
    return true;
}

QList<InfoReplica> InfoReply::replicas() const
{
    QList<InfoReplica> out;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        InfoReplica r;
        QString why;
        if (it.key().startsWith("slave") && parseReplicaLine(it.key(), it.value(), r, why))
            out.append(r);
    }
    std::sort(out.begin(), out.end(), [](const InfoReplica &a, const InfoReplica &b) { return a.index < b.index; });
    return out;
}

bool InfoReply::parseSentinelMasterLine(const QByteArray &field, const QByteArray &value, InfoSentinelMaster &out,
                                        QString &why)
{
    int index = 0;
    QList<QPair<QByteArray, QByteArray>> kv;
    if (!numberedPairs(field, "master", value, index, kv, why))
        return false;
    InfoSentinelMaster m;
    m.index = index;
    bool haveName = false, haveAddress = false;
    for (const auto &[k, v] : kv) {
        if (k == "name") {
            m.name = v;
            haveName = !v.isEmpty();
        } else if (k == "status") {
            m.status = v;
        } else if (k == "address") {
            const qsizetype colon = v.lastIndexOf(':');
            bool ok = false;
            const uint p = colon > 0 ? v.mid(colon + 1).toUInt(&ok) : 0;
            if (!ok || p > 65535) {
                why = QStringLiteral("address is not host:port: ") + quoted(v);
                return false;
            }
            m.host = QString::fromUtf8(v.left(colon));
            m.port = quint16(p);
            haveAddress = true;
        } else if (k == "slaves" || k == "sentinels") {
            bool ok = false;
            const int n = v.toInt(&ok);
            if (!ok || n < 0) {
                why = QString::fromLatin1(k) + QStringLiteral(" is not a non-negative number: ") + quoted(v);
                return false;
            }
            (k == "slaves" ? m.replicas : m.sentinels) = n;
        }
    }
    if (!haveName || !haveAddress) {
        why = QStringLiteral("missing ") + (haveName ? QStringLiteral("address") : QStringLiteral("name"));
        return false;
    }
    out = m;
    return true;
}

QList<InfoSentinelMaster> InfoReply::sentinelMasters() const
{
    QList<InfoSentinelMaster> out;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        InfoSentinelMaster m;
        QString why;
        if (it.key().startsWith("master") && m_sectionOf.value(it.key()) == "sentinel"
            && parseSentinelMasterLine(it.key(), it.value(), m, why))
            out.append(m);
    }
    std::sort(out.begin(), out.end(),
              [](const InfoSentinelMaster &a, const InfoSentinelMaster &b) { return a.index < b.index; });
    return out;
}

QList<KeyspaceEntry> InfoReply::keyspace() const
{
    QList<KeyspaceEntry> out;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        KeyspaceEntry e;
        QString why;
        if (it.key().startsWith("db") && parseKeyspaceLine(it.key(), it.value(), e, why))
            out.append(e);
    }
    std::sort(out.begin(), out.end(), [](const KeyspaceEntry &a, const KeyspaceEntry &b) { return a.db < b.db; });
    return out;
}

namespace {

// Each count is a server-sent int64: the sum saturates instead of overflowing (found by fuzz_info).
qint64 saturatingSum(const QList<KeyspaceEntry> &entries, qint64 KeyspaceEntry::*field)
{
    qint64 total = 0;
    for (const KeyspaceEntry &e : entries) {
        const qint64 v = std::max<qint64>(e.*field, 0);
        total = v > std::numeric_limits<qint64>::max() - total ? std::numeric_limits<qint64>::max() : total + v;
    }
    return total;
}

} // namespace

qint64 InfoReply::totalKeys() const
{
    return saturatingSum(keyspace(), &KeyspaceEntry::keys);
}

qint64 InfoReply::totalExpires() const
{
    return saturatingSum(keyspace(), &KeyspaceEntry::expires);
}

QHash<QByteArray, QByteArray> InfoReply::commandStats() const
{
    QHash<QByteArray, QByteArray> out;
    static const QByteArray prefix = QByteArrayLiteral("cmdstat_");
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        if (it.key().startsWith(prefix) && it.key().size() > prefix.size())
            out.insert(it.key().mid(prefix.size()), it.value());
    }
    return out;
}

qint64 InfoReply::commandCalls(const QByteArray &command) const
{
    const auto it = m_fields.constFind(QByteArrayLiteral("cmdstat_") + command.toLower());
    if (it == m_fields.cend())
        return m_sections.contains(QByteArrayLiteral("commandstats")) ? 0 : -1;
    QList<QPair<QByteArray, QByteArray>> kv;
    if (!splitKeyValues(it.value(), kv))
        return -1;
    for (const auto &[k, v] : kv) {
        qint64 n = 0;
        if (k == "calls")
            return toInt64(v, n) ? n : -1;
    }
    return -1;
}

} // namespace ops
