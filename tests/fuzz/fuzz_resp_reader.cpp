// RespReader (hiredis 0.14's redisReader with our object functions and limits) on arbitrary bytes.
// Input: byte 0 picks a chunk size and the limits, the rest is the wire.
// Invariants:
//  - never more bytes buffered than were fed, never negative;
//  - feeding in chunks gives the same replies and the same success as feeding all at once;
//  - after an error every further feed fails and nothing more is decoded;
//  - every decoded value respects the reader's limits (bulk length, array size, nesting);
//  - a decoded value, encoded again, decodes to the same value and nothing else (round trip);
//  - the ROLE and CLUSTER SHARDS parsers, which read such values, never crash on them.
#include "FuzzSupport.h"

#include "discovery/ClusterShardsParser.h"
#include "discovery/RoleReply.h"

using namespace ops;

namespace {

void checkLimits(const RespValue &v, const RespLimits &limits, int depth)
{
    FUZZ_CHECK(qint64(v.bytes().size()) <= limits.maxBulkLength, "bulk of %lld bytes above the limit",
               qlonglong(v.bytes().size()));
    if (v.isArray()) {
        FUZZ_CHECK(depth < limits.maxNestingDepth, "array nested %d deep above the limit", depth + 1);
        FUZZ_CHECK(qint64(v.size()) <= limits.maxArrayElements, "array of %zu elements above the limit", v.size());
        for (const RespValue &e : v.elements())
            checkLimits(e, limits, depth + 1);
    } else {
        FUZZ_CHECK(v.elements().empty(), "a %s with elements", respTypeName(v.type()));
    }
}

bool feedChunked(RespReader &reader, const char *data, size_t size, size_t chunk, std::vector<RespValue> &out)
{
    size_t fed = 0;
    bool ok = true;
    while (fed < size) {
        const size_t n = std::min(chunk, size - fed);
        const size_t before = out.size();
        ok = reader.feed(data + fed, qsizetype(n), out);
        fed += n;
        FUZZ_CHECK(reader.bufferedBytes() >= 0 && reader.bufferedBytes() <= qint64(fed),
                   "%lld bytes buffered after %zu fed", qlonglong(reader.bufferedBytes()), fed);
        if (!ok) {
            FUZZ_CHECK(reader.hasError(), "feed failed without an error string");
            std::vector<RespValue> more;
            FUZZ_CHECK(!reader.feed(":1\r\n", 4, more) && more.empty(), "a spent reader decoded again");
            (void)before;
            break;
        }
        FUZZ_CHECK(!reader.hasError(), "feed succeeded with an error: %s", qPrintable(reader.errorString()));
    }
    return ok;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t control = bytes[0];
    const char *data = reinterpret_cast<const char *>(bytes + 1);
    const size_t length = size - 1;

    RespLimits limits;
    if (control & 0x80) { // small limits, so that the limit paths are reached with short inputs
        limits.maxBulkLength = 1 + (control & 0x0f);
        limits.maxArrayElements = 1 + ((control >> 4) & 0x03);
        limits.maxNestingDepth = 1 + (control & 0x03);
        limits.maxBufferedBytes = 32 + 4 * (control & 0x1f);
    }
    const size_t chunk = 1 + (control & 0x0f);

    RespReader whole(limits);
    std::vector<RespValue> all;
    const bool wholeOk = whole.feed(data, qsizetype(length), all);
    FUZZ_CHECK(whole.bufferedBytes() >= 0 && whole.bufferedBytes() <= qint64(length), "%lld buffered of %zu",
               qlonglong(whole.bufferedBytes()), length);
    FUZZ_CHECK(wholeOk != whole.hasError(), "feed result and hasError() disagree");

    // The buffered-bytes limit is checked after each feed, so it can trip in one mode only.
    if (!(control & 0x80)) {
        RespReader chunked(limits);
        std::vector<RespValue> pieces;
        const bool chunkedOk = feedChunked(chunked, data, length, chunk, pieces);
        FUZZ_CHECK(chunkedOk == wholeOk, "whole feed %s, chunked feed %s (%s / %s)", wholeOk ? "ok" : "failed",
                   chunkedOk ? "ok" : "failed", qPrintable(whole.errorString()), qPrintable(chunked.errorString()));
        FUZZ_CHECK(pieces == all, "chunked feed decoded %zu replies, whole feed %zu", pieces.size(), all.size());
    } else {
        RespReader chunked(limits);
        std::vector<RespValue> pieces;
        feedChunked(chunked, data, length, chunk, pieces);
        for (const RespValue &v : pieces)
            checkLimits(v, limits, 0);
    }

    for (const RespValue &v : all) {
        checkLimits(v, limits, 0);
        const QByteArray wire = fuzzsupport::encode(v);
        RespReader again(limits);
        std::vector<RespValue> back;
        FUZZ_CHECK(again.feed(wire.constData(), wire.size(), back), "re-encoded reply rejected: %s",
                   qPrintable(again.errorString()));
        FUZZ_CHECK(back.size() == 1 && back.front() == v, "re-encoded reply decoded to %zu values", back.size());
        FUZZ_CHECK(again.bufferedBytes() == 0, "re-encoded reply left %lld bytes", qlonglong(again.bufferedBytes()));
        (void)v.toDisplayString();

        const Parsed<RoleInfo> role = parseRole(v);
        if (role.ok() && role.value().role == RoleInfo::Role::Master)
            FUZZ_CHECK(v.isArray() && v.size() >= 3, "ROLE master parsed from a short reply");
        const Parsed<QList<ClusterShard>> shards = parseClusterShards(v);
        if (shards.ok()) {
            FUZZ_CHECK(v.isArray() && qsizetype(v.size()) == shards.value().size(), "CLUSTER SHARDS: %lld shards from %zu elements",
                       qlonglong(shards.value().size()), v.size());
            for (const ClusterShard &s : shards.value())
                for (const SlotRange &r : s.slotRanges)
                    FUZZ_CHECK(0 <= r.first && r.first <= r.last && r.last < kSlotCount, "CLUSTER SHARDS: range %d-%d",
                               r.first, r.last);
        }
    }
    return 0;
}
