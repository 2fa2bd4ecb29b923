// The Sentinel parsers: pub/sub events (parseSentinelEvent) and the array replies of SENTINEL
// MASTER(S) / REPLICAS / SENTINELS / CKQUORUM. Input: byte 0 picks the mode; for events the rest
// is "<channel>\n<payload>", for replies it is RESP (decoded by RespReader into values).
// Invariants:
//  - an accepted event keeps its channel and payload; an instance or +switch-master payload
//    rebuilt from the parsed fields parses to the same fields (round trip);
//  - an accepted field/value array has an even length and non-empty field names; a list reply
//    yields one state per element; CKQUORUM never claims both OK and NOQUORUM.
#include "FuzzSupport.h"

#include "discovery/SentinelEvent.h"
#include "discovery/SentinelReplies.h"
#include "resp/RedisResult.h"

using namespace ops;

namespace {

QByteArray instanceWords(const SentinelEvent &e)
{
    QByteArray p = e.instanceType + ' ' + e.instanceName + ' ' + e.host.toUtf8() + ' ' + QByteArray::number(e.port);
    if (e.instanceType != "master" || e.masterName != e.instanceName || e.masterHost != e.host || e.masterPort != e.port)
        p += " @ " + e.masterName + ' ' + e.masterHost.toUtf8() + ' ' + QByteArray::number(e.masterPort);
    return p;
}

void checkEvent(const QByteArray &channel, const QByteArray &payload)
{
    const Parsed<SentinelEvent> parsed = parseSentinelEvent(channel, payload);
    if (!parsed.ok()) {
        FUZZ_CHECK(!parsed.error().what.isEmpty(), "an error without a message");
        return;
    }
    const SentinelEvent &e = parsed.value();
    FUZZ_CHECK(e.type == channel && e.payload == payload, "event lost its channel or payload");
    FUZZ_CHECK(isSentinelEventChannel(channel), "accepted a channel that is not an event channel");
    (void)e.isFailoverMilestone();
    (void)e.bareType();

    QByteArray rebuilt;
    if (e.bareType() == "switch-master") {
        rebuilt = e.masterName + ' ' + e.oldHost.toUtf8() + ' ' + QByteArray::number(e.oldPort) + ' ' + e.newHost.toUtf8()
            + ' ' + QByteArray::number(e.newPort);
    } else if (!e.instanceType.isEmpty() && e.leaderRunId.isEmpty()) {
        rebuilt = instanceWords(e);
        if (!e.extra.isNull())
            rebuilt += ' ' + e.extra;
    } else {
        return;
    }
    const Parsed<SentinelEvent> again = parseSentinelEvent(channel, rebuilt);
    FUZZ_CHECK(again.ok(), "rebuilt payload rejected: %s | %s", rebuilt.constData(),
               again.ok() ? "" : qPrintable(again.error().toString()));
    const SentinelEvent &a = again.value();
    const bool same = a.instanceType == e.instanceType && a.instanceName == e.instanceName && a.host == e.host
        && a.port == e.port && a.masterName == e.masterName && a.masterHost == e.masterHost
        && a.masterPort == e.masterPort && a.oldHost == e.oldHost && a.oldPort == e.oldPort && a.newHost == e.newHost
        && a.newPort == e.newPort && a.extra == e.extra;
    FUZZ_CHECK(same, "round trip changed the event; payload %s rebuilt as %s", payload.constData(), rebuilt.constData());
}

template<typename T>
void checkList(const Parsed<QList<T>> &parsed, const RespValue &v, const char *what)
{
    if (parsed.ok())
        FUZZ_CHECK(v.isArray() && qsizetype(v.size()) == parsed.value().size(), "%s: %lld states from %zu elements", what,
                   qlonglong(parsed.value().size()), v.size());
}

void checkReply(const RespValue &v)
{
    const auto pairs = parseFieldPairs(v);
    if (pairs.ok()) {
        FUZZ_CHECK(v.isArray() && v.size() == std::size_t(pairs.value().size()) * 2, "pairs from an odd array");
        for (const auto &[field, value] : pairs.value())
            FUZZ_CHECK(!field.isEmpty(), "an empty field name accepted");
    }
    const auto master = parseSentinelMaster(v);
    if (master.ok())
        FUZZ_CHECK(pairs.ok(), "SENTINEL MASTER accepted what parseFieldPairs rejects");
    checkList(parseSentinelMasters(v), v, "SENTINEL MASTERS");
    checkList(parseSentinelReplicas(v), v, "SENTINEL REPLICAS");
    checkList(parseSentinelSentinels(v), v, "SENTINEL SENTINELS");

    const CkQuorum q = v.isError() ? parseCkQuorum(RedisResult(RedisError::fromReply(Endpoint{}, v.bytes())))
                                   : parseCkQuorum(RedisResult(v));
    FUZZ_CHECK(!(q.ok && q.noQuorum), "CKQUORUM both OK and NOQUORUM");
    FUZZ_CHECK(q.usable >= -1, "CKQUORUM usable %d", q.usable);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size < 1)
        return 0;
    const char *data = reinterpret_cast<const char *>(bytes + 1);
    const qsizetype length = qsizetype(size - 1);
    if (bytes[0] & 1) {
        const QByteArray input(data, length);
        const qsizetype nl = input.indexOf('\n');
        const QByteArray channel = nl < 0 ? input : input.left(nl);
        const QByteArray payload = nl < 0 ? QByteArray() : input.mid(nl + 1);
        checkEvent(channel, payload);
    } else {
        for (const RespValue &v : fuzzsupport::decodeAll(data, size_t(length)))
            checkReply(v);
    }
    return 0;
}
