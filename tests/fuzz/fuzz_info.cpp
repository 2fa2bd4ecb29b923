// InfoReply (INFO / CLUSTER INFO text) on arbitrary text. Invariants:
//  - the lenient parse never fails; when the strict parse succeeds it yields the same fields;
//  - after a strict success every slaveN / dbN / (# Sentinel) masterN field is decoded by
//    replicas() / keyspace() / sentinelMasters(), and the key counts are non-negative;
//  - fields written back as `field:value` lines parse to the same fields (round trip).
#include "FuzzSupport.h"

#include "discovery/InfoReply.h"

using namespace ops;

namespace {

bool numbered(const QByteArray &key, const char *prefix)
{
    const QByteArray p(prefix);
    if (!key.startsWith(p) || key.size() == p.size() || key.size() - p.size() > 9)
        return false;
    for (qsizetype i = p.size(); i < key.size(); ++i)
        if (key.at(i) < '0' || key.at(i) > '9')
            return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(bytes), qsizetype(size));
    const InfoReply lenient = InfoReply::parse(text);
    const Parsed<InfoReply> strict = InfoReply::tryParse(text);

    // The accessors must cope with whatever the lenient parse kept.
    const QList<InfoReplica> replicas = lenient.replicas();
    const QList<KeyspaceEntry> keyspace = lenient.keyspace();
    const QList<InfoSentinelMaster> masters = lenient.sentinelMasters();
    const qint64 total = lenient.totalKeys();
    FUZZ_CHECK(total >= 0, "totalKeys() %lld", qlonglong(total));
    (void)lenient.commandStats();
    (void)lenient.commandCalls("info");
    for (auto it = lenient.fields().cbegin(); it != lenient.fields().cend(); ++it) {
        (void)lenient.integer(it.key());
        (void)lenient.real(it.key());
        if (it.key().startsWith("cmdstat_"))
            (void)lenient.commandCalls(it.key().mid(8));
    }

    if (strict.ok()) {
        const InfoReply &r = strict.value();
        FUZZ_CHECK(r.fields() == lenient.fields() && r.sections() == lenient.sections(),
                   "strict and lenient parses disagree");
        qsizetype slaves = 0, dbs = 0, sentinelMasters = 0;
        for (auto it = r.fields().cbegin(); it != r.fields().cend(); ++it) {
            slaves += numbered(it.key(), "slave");
            dbs += numbered(it.key(), "db");
            sentinelMasters += numbered(it.key(), "master") && r.sectionOf(it.key()) == "sentinel";
        }
        FUZZ_CHECK(replicas.size() == slaves, "%lld slaveN fields, %lld replicas", qlonglong(slaves),
                   qlonglong(replicas.size()));
        FUZZ_CHECK(keyspace.size() == dbs, "%lld dbN fields, %lld keyspace entries", qlonglong(dbs),
                   qlonglong(keyspace.size()));
        FUZZ_CHECK(masters.size() == sentinelMasters, "%lld masterN fields, %lld sentinel masters",
                   qlonglong(sentinelMasters), qlonglong(masters.size()));
        for (const KeyspaceEntry &e : keyspace)
            FUZZ_CHECK(e.keys >= 0 && e.expires >= 0 && e.avgTtl >= 0, "negative keyspace count in db%d", e.db);
        for (const InfoSentinelMaster &m : masters)
            FUZZ_CHECK(!m.name.isEmpty() && m.replicas >= 0 && m.sentinels >= 0, "bad sentinel master %d", m.index);
    }

    QByteArray rewritten;
    for (auto it = lenient.fields().cbegin(); it != lenient.fields().cend(); ++it)
        rewritten += it.key() + ':' + it.value() + "\r\n";
    const InfoReply again = InfoReply::parse(rewritten);
    FUZZ_CHECK(again.fields() == lenient.fields(), "round trip: %lld fields, then %lld",
               qlonglong(lenient.fields().size()), qlonglong(again.fields().size()));
    return 0;
}
