#pragma once

#include "discovery/ParseError.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

namespace ops {

/** @brief A replica as listed by its master's INFO: `slave0:ip=127.0.0.1,port=7001,state=online,offset=123,lag=0`. */
struct InfoReplica
{
    int index = 0;           ///< N of `slaveN`
    QString host;
    quint16 port = 0;
    QByteArray state;        ///< wait_bgsave / send_bulk / online / ...
    qint64 offset = 0;
    qint64 lagSeconds = -1;  ///< -1 when absent
};

/** @brief One line of `# Keyspace`: `db0:keys=1,expires=0,avg_ttl=0`. */
struct KeyspaceEntry
{
    int db = 0;
    qint64 keys = 0;
    qint64 expires = 0;
    qint64 avgTtl = 0;       ///< ms
};

/** @brief A master watched by a Sentinel, from its INFO `# Sentinel` section:
 *  `master0:name=mymaster,status=ok,address=127.0.0.1:6379,slaves=2,sentinels=3`. */
struct InfoSentinelMaster
{
    int index = 0;           ///< N of `masterN`
    QByteArray name;
    QByteArray status;       ///< "ok", "sdown", "odown"
    QString host;            ///< split at the last ':' of `address` (IPv6 addresses are not bracketed)
    quint16 port = 0;
    int replicas = 0;
    int sentinels = 0;
};

/**
 * @brief The text of INFO / CLUSTER INFO as `field:value` pairs, by section (`# Replication`).
 * `parse()` is lenient: lines without a colon are ignored; a field may appear in one section only
 * (Redis guarantees it). `tryParse()` is strict and rejects text that is not INFO output.
 */
class InfoReply
{
public:
    static InfoReply parse(const QByteArray &text);
    /**
     * Strict form: an error for a line that is neither empty, `# Section` nor `field:value`, for NUL
     * bytes, and for a malformed `slaveN:`, `dbN:` or (in `# Sentinel`) `masterN:` line (errors name the 1-based line).
     */
    static Parsed<InfoReply> tryParse(const QByteArray &text);

    QByteArray value(const QByteArray &field) const { return m_fields.value(field); }
    bool contains(const QByteArray &field) const { return m_fields.contains(field); }
    qint64 integer(const QByteArray &field, qint64 fallback = -1) const;
    double real(const QByteArray &field, double fallback = -1.0) const;
    /** Section names in the order they appeared (lower case, e.g. "replication"). */
    const QList<QByteArray> &sections() const { return m_sections; }
    /** The section a field came from (lower case), empty when unknown. */
    QByteArray sectionOf(const QByteArray &field) const { return m_sectionOf.value(field); }
    const QHash<QByteArray, QByteArray> &fields() const { return m_fields; }

    /** A master's `slaveN:` lines, by N; lenient (malformed lines are skipped, use tryParse to reject). */
    QList<InfoReplica> replicas() const;
    /** The `dbN:` lines of `# Keyspace`, by db number. */
    QList<KeyspaceEntry> keyspace() const;
    /** A Sentinel's `masterN:` lines, by N (empty for other servers). */
    QList<InfoSentinelMaster> sentinelMasters() const;
    /** Sum of `keys=` over all databases, saturating at the int64 maximum. */
    qint64 totalKeys() const;
    /** Sum of `expires=` (keys with a time to live) over all databases, saturating likewise. */
    qint64 totalExpires() const;
    /** `calls=` of `cmdstat_<command>` in `# Commandstats` (command lower case, e.g. "info",
     *  "client|list"); 0 when the command was never called, -1 when the section is absent. */
    qint64 commandCalls(const QByteArray &command) const;
    /** Every `cmdstat_*` line as command -> its `calls=...,usec=...` value. */
    QHash<QByteArray, QByteArray> commandStats() const;

    /** Splits `a=1,b=2` into pairs; false on an element without '=' or an empty key. */
    static bool splitKeyValues(const QByteArray &value, QList<QPair<QByteArray, QByteArray>> &out);
    /** One `slaveN:` / `dbN:` / `masterN:` line (field and value split at the first ':'); on failure
     *  @p why says what is wrong and @p out is untouched. */
    static bool parseReplicaLine(const QByteArray &field, const QByteArray &value, InfoReplica &out, QString &why);
    static bool parseKeyspaceLine(const QByteArray &field, const QByteArray &value, KeyspaceEntry &out, QString &why);
    static bool parseSentinelMasterLine(const QByteArray &field, const QByteArray &value, InfoSentinelMaster &out,
                                        QString &why);

private:
    QHash<QByteArray, QByteArray> m_fields;
    QHash<QByteArray, QByteArray> m_sectionOf;
    QList<QByteArray> m_sections;
};

} // namespace ops
