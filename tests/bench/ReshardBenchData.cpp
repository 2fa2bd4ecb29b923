#include "ReshardBenchData.h"

#include "LabFixture.h"
#include "model/HashSlot.h"
#include "resp/RedisConnection.h"

#include <QEventLoop>
#include <QObject>
#include <QTimer>

using namespace ops;

namespace reshardbench {

QByteArray key(qint64 n)
{
    return QByteArrayLiteral("key:") + QByteArray::number(n);
}

QByteArray value(qint64 n, int size)
{
    QByteArray v = QByteArray::number(n) + ':';
    v.reserve(size);
    quint64 x = quint64(n) * 0x9E3779B97F4A7C15ULL + 1; // a different pattern per key
    while (v.size() < size) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v += char('a' + x % 26);
    }
    v.truncate(size);
    return v;
}

SlotOwners readSlotOwners(RedisConnection &node)
{
    SlotOwners owners;
    owners.owner.assign(std::size_t(HashSlot::kSlots), -1);
    const RedisResult r = labtest::execute(node, RespCommand{"CLUSTER", "SLOTS"});
    if (!r.ok() || !r.value().isArray()) {
        owners.error = node.endpoint().toString() + QStringLiteral(": CLUSTER SLOTS: ") + describe(r);
        return owners;
    }
    for (std::size_t i = 0; i < r.value().size(); ++i) {
        const RespValue &range = r.value()[i];
        if (!range.isArray() || range.size() < 3 || range[2].size() < 3)
            continue;
        QString host = QString::fromUtf8(range[2][0].bytes());
        if (host.isEmpty() || host == QLatin1String("?"))
            host = node.endpoint().host;
        const Endpoint master{host, quint16(range[2][1].integer())};
        qsizetype index = owners.masters.indexOf(master);
        if (index < 0) {
            owners.masters << master;
            owners.ids << range[2][2].bytes();
            index = owners.masters.size() - 1;
        }
        for (qint64 s = range[0].integer(); s <= range[1].integer() && s < HashSlot::kSlots; ++s)
            owners.owner[std::size_t(s)] = int(index);
    }
    return owners;
}

bool runStreams(std::vector<Stream> &streams, int window, int waitMs)
{
    QObject context; // handlers die with it if we give up waiting
    std::vector<qint64> sent(streams.size(), 0), answered(streams.size(), 0);
    std::size_t unfinished = 0;
    for (const Stream &stream : streams)
        unfinished += stream.count > 0 ? 1 : 0;
    // A benchmark driver: QTest::qWaitFor sleeps 10 ms between event rounds, which would
    // throttle the pipeline, so wait in a local loop that wakes on every reply.
    QEventLoop loop;
    std::function<void(std::size_t)> sendNext = [&](std::size_t s) {
        const qint64 i = sent[s]++;
        streams[s].connection->send(streams[s].command(i), &context, [&, s, i](const RedisResult &r) {
            if (streams[s].reply)
                streams[s].reply(i, r);
            if (++answered[s] == streams[s].count && --unfinished == 0)
                loop.quit();
            else if (sent[s] < streams[s].count)
                sendNext(s);
        });
    };
    if (unfinished == 0)
        return true;
    for (std::size_t s = 0; s < streams.size(); ++s)
        for (int k = 0; k < window && sent[s] < streams[s].count; ++k)
            sendNext(s);
    QTimer::singleShot(waitMs, &loop, [&loop] { loop.exit(1); });
    return loop.exec() == 0;
}

QString describe(const RedisResult &result)
{
    return QString::fromUtf8(labtest::describe(result));
}

} // namespace reshardbench
