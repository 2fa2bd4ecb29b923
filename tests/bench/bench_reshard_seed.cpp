// Fills a Redis Cluster with the resharding benchmark's data set (reshardbench::key / value,
// 100-byte values) fast: keys are grouped by slot and written with one MSET per slot, pipelined
// on one connection per owning master, all masters at once. Used by reshard_bench.sh.
//
//   bench_reshard_seed --cluster HOST:PORT --keys N [--window W]
#include "ReshardBenchData.h"
#include "model/HashSlot.h"
#include "resp/RedisConnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace ops;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Seeds a cluster with the resharding benchmark's keys."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("cluster"), QStringLiteral("A cluster node."), QStringLiteral("host:port")});
    parser.addOption({QStringLiteral("keys"), QStringLiteral("Number of keys."), QStringLiteral("n"), QStringLiteral("200000")});
    parser.addOption({QStringLiteral("window"), QStringLiteral("MSETs in flight per master."), QStringLiteral("w"), QStringLiteral("32")});
    parser.process(app);
    bool ok = false;
    const Endpoint seed = Endpoint::parse(parser.value(QStringLiteral("cluster")), 6379, &ok);
    const qint64 keys = parser.value(QStringLiteral("keys")).toLongLong();
    const int window = parser.value(QStringLiteral("window")).toInt();
    if (!ok || keys <= 0 || window <= 0) {
        std::fprintf(stderr, "bench_reshard_seed: --cluster HOST:PORT and positive --keys / --window needed\n");
        return 2;
    }

    ConnectionOptions options;
    options.endpoint = seed;
    options.commandTimeoutMs = 60000;
    RedisConnection seedConnection(options);
    const reshardbench::SlotOwners owners = reshardbench::readSlotOwners(seedConnection);
    if (!owners.error.isEmpty() || std::find(owners.owner.begin(), owners.owner.end(), -1) != owners.owner.end()) {
        std::fprintf(stderr, "bench_reshard_seed: %s\n",
                     qPrintable(owners.error.isEmpty() ? QStringLiteral("not every slot is covered") : owners.error));
        return 1;
    }

    QElapsedTimer timer;
    timer.start();
    std::vector<QList<qint64>> bySlot(static_cast<std::size_t>(HashSlot::kSlots));
    for (qint64 n = 0; n < keys; ++n)
        bySlot[std::size_t(HashSlot::of(reshardbench::key(n)))] << n;

    std::vector<std::unique_ptr<RedisConnection>> connections;
    std::vector<std::vector<int>> slotsOf(std::size_t(owners.masters.size()));
    for (int s = 0; s < HashSlot::kSlots; ++s)
        if (!bySlot[std::size_t(s)].isEmpty())
            slotsOf[std::size_t(owners.owner[std::size_t(s)])].push_back(s);
    qint64 errors = 0;
    QString firstError;
    std::vector<reshardbench::Stream> streams;
    for (qsizetype m = 0; m < owners.masters.size(); ++m) {
        ConnectionOptions o = options;
        o.endpoint = owners.masters[m];
        connections.push_back(std::make_unique<RedisConnection>(o));
        const std::vector<int> &slotList = slotsOf[std::size_t(m)];
        reshardbench::Stream stream;
        stream.connection = connections.back().get();
        stream.count = qint64(slotList.size());
        stream.command = [&slotList, &bySlot](qint64 i) {
            RespCommand mset{"MSET"};
            for (qint64 n : bySlot[std::size_t(slotList[std::size_t(i)])])
                mset << reshardbench::key(n) << reshardbench::value(n);
            return mset;
        };
        stream.reply = [&errors, &firstError](qint64, const RedisResult &r) {
            if (!r.ok() && errors++ == 0)
                firstError = reshardbench::describe(r);
        };
        streams.push_back(std::move(stream));
    }
    if (!reshardbench::runStreams(streams, window)) {
        std::fprintf(stderr, "bench_reshard_seed: not every MSET was answered in time\n");
        return 1;
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (errors > 0) {
        std::fprintf(stderr, "bench_reshard_seed: %lld MSETs failed, first: %s\n", qlonglong(errors), qPrintable(firstError));
        return 1;
    }
    std::printf("seeded %lld keys of %d bytes on %lld masters in %.2f s (%.0f keys/s)\n", qlonglong(keys),
                reshardbench::kValueSize, qlonglong(owners.masters.size()), seconds, double(keys) / seconds);
    return 0;
}
