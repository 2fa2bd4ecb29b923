// Pipelined GET/SET throughput of RedisConnection vs redis-benchmark -P 16 -c 1, against the
// same lab redis-server, in one run. Not a pass/fail test.
//
// Rounds alternate between the two clients; each round gives a ratio, and the median ratio is
// reported (wall-clock rates on a shared VM drift by 2x between minutes, so only rates measured
// side by side are compared). Client CPU per request (getrusage: our process vs the reaped
// redis-benchmark child) is printed too: it does not depend on what the neighbours do.
//
//   bench_pipeline [requests=200000] [rounds=5]
#include "lab/LocalLab.h"
#include "resp/RedisConnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <sys/resource.h>

using namespace ops;

namespace {

double cpuSeconds(int who)
{
    rusage u{};
    getrusage(who, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

struct Sample
{
    double opsPerSecond = 0;
    double cpuMicrosPerOp = 0;
};

// Keeps `window` commands in flight (window 16 mirrors -P 16) until `total` replies arrived.
Sample runClient(RedisConnection &c, const QByteArray &op, int total, int window)
{
    const double cpu0 = cpuSeconds(RUSAGE_SELF);
    int sent = 0, answered = 0, errors = 0;
    QEventLoop loop; // benchmark driver only: the product never nests event loops
    QElapsedTimer timer;
    std::function<void()> sendOne;
    auto onReply = [&](const RedisResult &r) {
        if (!r.ok())
            ++errors;
        if (++answered == total)
            loop.quit();
        else if (sent < total)
            sendOne();
    };
    const QByteArray key = QByteArrayLiteral("key:__rand_int__");
    const QByteArray value(3, 'x'); // redis-benchmark's default 3-byte payload
    sendOne = [&] {
        ++sent;
        if (op == "SET")
            c.send(RespCommand{"SET", key, value}, nullptr, onReply);
        else
            c.send(RespCommand{"GET", key}, nullptr, onReply);
    };
    timer.start();
    for (int i = 0; i < window && sent < total; ++i)
        sendOne();
    loop.exec();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (errors > 0)
        std::fprintf(stderr, "%d errors\n", errors);
    return {total / seconds, (cpuSeconds(RUSAGE_SELF) - cpu0) * 1e6 / total};
}

Sample runRedisBenchmark(quint16 port, const char *test, int total)
{
    const double cpu0 = cpuSeconds(RUSAGE_CHILDREN);
    QProcess p;
    p.start(QStandardPaths::findExecutable(QStringLiteral("redis-benchmark")),
            {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(port),
             QStringLiteral("-t"), QLatin1String(test), QStringLiteral("-P"), QStringLiteral("16"),
             QStringLiteral("-c"), QStringLiteral("1"), QStringLiteral("-n"), QString::number(total),
             QStringLiteral("--csv")});
    p.waitForFinished(300000);
    // "test","rps",...  then  "SET","123456.78",...
    const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
    if (lines.size() < 2)
        return {};
    return {lines.last().split(',').value(1).replace('"', "").toDouble(),
            (cpuSeconds(RUSAGE_CHILDREN) - cpu0) * 1e6 / total};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int total = argc > 1 ? std::atoi(argv[1]) : 200000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    LocalLab lab;
    QSignalSpy ready(&lab, &LocalLab::ready);
    LabSpec spec;
    spec.kind = LabSpec::Kind::Standalone;
    spec.replicasPerMaster = 0;
    lab.start(spec);
    if (!ready.wait(30000)) {
        std::fprintf(stderr, "lab did not start\n");
        return 1;
    }
    const Endpoint ep = lab.topology().nodes.first().endpoint;
    ConnectionOptions options;
    options.endpoint = ep;
    RedisConnection conn(options);
    QSignalSpy up(&conn, &RedisConnection::ready);
    conn.open();
    if (!up.wait(5000))
        return 1;

    std::printf("requests per run: %d, rounds: %d (medians; ratio = ours / redis-benchmark, per round)\n", total, rounds);
    std::printf("%-4s %10s %10s %10s %8s %8s | %s\n", "op", "rb ops/s", "ours16", "ours1000", "ratio16", "ratio1k",
                "client CPU us/op: rb, ours16, ours1000");
    for (const char *op : {"SET", "GET"}) {
        std::vector<double> theirs, ours16, ours1k, r16, r1k, cpuTheirs, cpu16, cpu1k;
        for (int r = 0; r < rounds; ++r) {
            const Sample t = runRedisBenchmark(ep.port, op, total);
            const Sample a = runClient(conn, op, total, 16);
            const Sample b = runClient(conn, op, total, 1000);
            theirs.push_back(t.opsPerSecond);
            ours16.push_back(a.opsPerSecond);
            ours1k.push_back(b.opsPerSecond);
            r16.push_back(a.opsPerSecond / t.opsPerSecond);
            r1k.push_back(b.opsPerSecond / t.opsPerSecond);
            cpuTheirs.push_back(t.cpuMicrosPerOp);
            cpu16.push_back(a.cpuMicrosPerOp);
            cpu1k.push_back(b.cpuMicrosPerOp);
        }
        std::printf("%-4s %10.0f %10.0f %10.0f %8.2f %8.2f | %.2f, %.2f, %.2f\n", op, median(theirs), median(ours16),
                    median(ours1k), median(r16), median(r1k), median(cpuTheirs), median(cpu16), median(cpu1k));
    }
    return 0;
}
