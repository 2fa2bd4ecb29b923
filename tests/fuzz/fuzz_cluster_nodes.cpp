// parseClusterNodes on arbitrary text. Invariants on a successful parse:
//  - at least one node; every id and master id is 40 hex characters; ids are unique;
//  - slot ranges and transfers lie within 0..16383, first <= last;
//  - the nodes written back as CLUSTER NODES lines parse to the same nodes (round trip).
#include "FuzzSupport.h"

#include "discovery/ClusterNodesParser.h"

#include <QSet>

using namespace ops;

namespace {

bool isHexId(const QByteArray &id)
{
    if (id.size() != 40)
        return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    return true;
}

QByteArray flagsField(const ClusterNodeLine &n)
{
    static const std::pair<ClusterNodeLine::Flag, const char *> names[] = {
        {ClusterNodeLine::Myself, "myself"},         {ClusterNodeLine::Master, "master"},
        {ClusterNodeLine::Replica, "slave"},         {ClusterNodeLine::PFail, "fail?"},
        {ClusterNodeLine::Fail, "fail"},             {ClusterNodeLine::Handshake, "handshake"},
        {ClusterNodeLine::NoAddr, "noaddr"},         {ClusterNodeLine::NoFailover, "nofailover"},
        {ClusterNodeLine::NoFlags, "noflags"},
    };
    QList<QByteArray> parts;
    for (const auto &[flag, name] : names)
        if (n.has(flag))
            parts << name;
    parts << n.unknownFlags;
    return parts.isEmpty() ? QByteArray(",") : parts.join(',');
}

QByteArray lineOf(const ClusterNodeLine &n)
{
    QByteArray l = n.id + ' ' + n.host.toUtf8() + ':' + QByteArray::number(n.port) + '@' + QByteArray::number(n.busPort);
    if (!n.hostname.isEmpty())
        l += ',' + n.hostname.toUtf8();
    l += ' ' + flagsField(n) + ' ' + (n.masterId.isEmpty() ? QByteArray("-") : n.masterId) + ' '
        + QByteArray::number(n.pingSentMs) + ' ' + QByteArray::number(n.pongReceivedMs) + ' '
        + QByteArray::number(n.configEpoch) + ' ' + (n.linkConnected ? "connected" : "disconnected");
    for (const SlotRange &r : n.slotRanges)
        l += ' ' + r.toString().toLatin1();
    for (const SlotTransfer &t : n.migrating)
        l += " [" + QByteArray::number(t.slot) + "->-" + t.peerId + ']';
    for (const SlotTransfer &t : n.importing)
        l += " [" + QByteArray::number(t.slot) + "-<-" + t.peerId + ']';
    return l;
}

QSet<QByteArray> flagSet(const ClusterNodeLine &n)
{
    return QSet<QByteArray>(n.unknownFlags.cbegin(), n.unknownFlags.cend());
}

void checkSame(const ClusterNodeLine &a, const ClusterNodeLine &b, const QByteArray &line)
{
    const bool same = a.id == b.id && a.host == b.host && a.port == b.port && a.busPort == b.busPort
        && a.hostname == b.hostname && a.flags == b.flags && flagSet(a) == flagSet(b) && a.masterId == b.masterId
        && a.pingSentMs == b.pingSentMs && a.pongReceivedMs == b.pongReceivedMs && a.configEpoch == b.configEpoch
        && a.linkConnected == b.linkConnected && a.slotRanges == b.slotRanges && a.migrating == b.migrating
        && a.importing == b.importing;
    FUZZ_CHECK(same, "round trip changed the node; rewritten line: %s", line.constData());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(bytes), qsizetype(size));
    Parsed<QList<ClusterNodeLine>> parsed = parseClusterNodes(text);
    if (!parsed.ok()) {
        FUZZ_CHECK(!parsed.error().what.isEmpty(), "an error without a message");
        (void)parsed.error().toString();
        return 0;
    }
    const QList<ClusterNodeLine> &nodes = parsed.value();
    FUZZ_CHECK(!nodes.isEmpty(), "success without nodes");
    QSet<QByteArray> ids;
    QByteArray rewritten;
    for (const ClusterNodeLine &n : nodes) {
        FUZZ_CHECK(isHexId(n.id), "bad id accepted");
        FUZZ_CHECK(n.masterId.isEmpty() || isHexId(n.masterId), "bad master id accepted");
        FUZZ_CHECK(!ids.contains(n.id), "duplicate id accepted");
        ids.insert(n.id);
        int count = 0;
        for (const SlotRange &r : n.slotRanges) {
            FUZZ_CHECK(0 <= r.first && r.first <= r.last && r.last < kSlotCount, "slot range %d-%d", r.first, r.last);
            count += r.count();
        }
        FUZZ_CHECK(n.slotCount() == count, "slotCount() %d, ranges %d", n.slotCount(), count);
        for (const QList<SlotTransfer> *transfers : {&n.migrating, &n.importing})
            for (const SlotTransfer &t : *transfers)
                FUZZ_CHECK(0 <= t.slot && t.slot < kSlotCount && isHexId(t.peerId), "bad transfer of slot %d", t.slot);
        rewritten += lineOf(n) + '\n';
    }
    const Parsed<QList<ClusterNodeLine>> again = parseClusterNodes(rewritten);
    FUZZ_CHECK(again.ok(), "rewritten reply rejected: %s\n%s", qPrintable(again.ok() ? QString() : again.error().toString()),
               rewritten.constData());
    FUZZ_CHECK(again.value().size() == nodes.size(), "round trip: %lld nodes, then %lld", qlonglong(nodes.size()),
               qlonglong(again.value().size()));
    for (qsizetype i = 0; i < nodes.size(); ++i)
        checkSame(nodes[i], again.value()[i], lineOf(nodes[i]));
    return 0;
}
