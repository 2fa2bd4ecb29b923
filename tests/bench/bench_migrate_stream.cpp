// The single-stream limit of slot migration: how many keys per second one connection moves with
// `MIGRATE host port "" 0 timeout KEYS k1 .. kB` between two standalone redis-servers (started
// here by LocalLab on free loopback ports), with 1 batch in flight and with several pipelined.
// MIGRATE blocks the source while it ships a batch, so pipelining only hides the client's round
// trip; the resharding engine's streams are measured against this. Not a pass/fail test.
//
//   bench_migrate_stream [keys=1000000] [batch=1000] [windows=1,2,4,8] [rounds=3]
#include "LabFixture.h"
#include "ReshardBenchData.h"
#include "lab/LocalLab.h"
#include "resp/RedisConnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

#include <sys/resource.h>

using namespace ops;

namespace {

/** CPU seconds (user + system) this process has used. */
double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Server
{
    std::unique_ptr<LocalLab> lab;
    Endpoint endpoint;
    std::unique_ptr<RedisConnection> connection;

    bool start()
    {
        lab = std::make_unique<LocalLab>();
        LabSpec spec;
        spec.kind = LabSpec::Kind::Standalone;
        spec.replicasPerMaster = 0;
        QString error;
        if (!labtest::startLab(*lab, spec, error)) {
            std::fprintf(stderr, "bench_migrate_stream: lab failed: %s\n", qPrintable(error));
            return false;
        }
        endpoint = lab->topology().nodesWithRole(LabNode::Role::Master).constFirst().endpoint;
        ConnectionOptions o = lab->topology().connectionOptions(endpoint);
        o.commandTimeoutMs = 120000;
        connection = std::make_unique<RedisConnection>(o);
        return true;
    }
    qint64 dbsize() { return labtest::execute(*connection, RespCommand{"DBSIZE"}).value().integer(); }
};

/** Seeds @p keys keys on @p server with pipelined MSETs of @p batch keys. */
bool seed(Server &server, qint64 keys, int batch)
{
    reshardbench::Stream s;
    s.connection = server.connection.get();
    s.count = (keys + batch - 1) / batch;
    s.command = [keys, batch](qint64 i) {
        RespCommand mset{"MSET"};
        for (qint64 n = i * batch; n < std::min(keys, (i + 1) * batch); ++n)
            mset << reshardbench::key(n) << reshardbench::value(n);
        return mset;
    };
    bool ok = true;
    s.reply = [&ok](qint64, const RedisResult &r) { ok = ok && r.ok(); };
    std::vector<reshardbench::Stream> streams{s};
    return reshardbench::runStreams(streams, 16) && ok && server.dbsize() == keys;
}

/**
 * Seconds to move every key from @p from to @p to with @p window MIGRATE batches in flight; < 0 on
 * failure. @p clientCpu gets the CPU seconds this process spent meanwhile (is the client the limit?).
 */
double migrate(Server &from, Server &to, qint64 keys, int batch, int window, double &clientCpu)
{
    reshardbench::Stream s;
    s.connection = from.connection.get();
    s.count = (keys + batch - 1) / batch;
    const QByteArray port = QByteArray::number(to.endpoint.port);
    const QByteArray host = to.endpoint.host.toUtf8();
    s.command = [=](qint64 i) {
        RespCommand m{"MIGRATE", host, port, "", "0", "60000", "KEYS"};
        for (qint64 n = i * batch; n < std::min(keys, (i + 1) * batch); ++n)
            m << reshardbench::key(n);
        return m;
    };
    QString error;
    s.reply = [&error](qint64, const RedisResult &r) {
        if (!r.ok() && error.isEmpty())
            error = reshardbench::describe(r);
    };
    std::vector<reshardbench::Stream> streams{s};
    QElapsedTimer timer;
    const double cpu0 = cpuSeconds();
    timer.start();
    const bool done = reshardbench::runStreams(streams, window);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    clientCpu = cpuSeconds() - cpu0;
    if (!done || !error.isEmpty()) {
        std::fprintf(stderr, "bench_migrate_stream: %s\n", done ? qPrintable(error) : "MIGRATE replies missing");
        return -1;
    }
    if (to.dbsize() != keys || from.dbsize() != 0) {
        std::fprintf(stderr, "bench_migrate_stream: after the move the target has %lld keys, the source %lld\n",
                     qlonglong(to.dbsize()), qlonglong(from.dbsize()));
        return -1;
    }
    return seconds;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 keys = args.size() > 1 ? args[1].toLongLong() : 1000000;
    const int batch = args.size() > 2 ? args[2].toInt() : 1000;
    QList<int> windows;
    for (const QString &w : (args.size() > 3 ? args[3] : QStringLiteral("1,2,4,8")).split(QLatin1Char(',')))
        windows << w.toInt();
    const int rounds = args.size() > 4 ? args[4].toInt() : 3;
    if (keys <= 0 || batch <= 0 || rounds <= 0 || std::any_of(windows.begin(), windows.end(), [](int w) { return w <= 0; })) {
        std::fprintf(stderr, "usage: bench_migrate_stream [keys] [batch] [windows,...] [rounds]\n");
        return 2;
    }
    Server a, b;
    if (!a.start() || !b.start())
        return 1;
    std::printf("MIGRATE ... KEYS, one connection, %lld keys of %d bytes, %d keys per batch, median of %d rounds\n",
                qlonglong(keys), reshardbench::kValueSize, batch, rounds);
    std::printf("%-18s %10s %12s %16s\n", "batches in flight", "seconds", "keys/s", "client CPU s");
    for (int window : windows) {
        QList<double> times;
        QList<double> cpus;
        for (int round = 0; round < rounds; ++round) {
            for (Server *s : {&a, &b})
                (void)labtest::execute(*s->connection, RespCommand{"FLUSHALL"});
            if (!seed(a, keys, batch)) {
                std::fprintf(stderr, "bench_migrate_stream: seeding failed\n");
                return 1;
            }
            double cpu = 0;
            const double seconds = migrate(a, b, keys, batch, window, cpu);
            if (seconds < 0)
                return 1;
            times << seconds;
            cpus << cpu;
        }
        std::sort(times.begin(), times.end());
        std::sort(cpus.begin(), cpus.end());
        const double median = times[times.size() / 2];
        std::printf("%-18d %10.2f %12.0f %16.2f\n", window, median, double(keys) / median, cpus[cpus.size() / 2]);
        std::fflush(stdout);
    }
    return 0;
}
