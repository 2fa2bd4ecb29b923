// Pipelined GET/SET throughput of RedisConnection vs redis-benchmark -P 16 -c 1, against the
// same lab redis-server, in one run. Prints ops/s for each and the ratio. Not a pass/fail test.
//
//   bench_pipeline [requests=200000] [rounds=3]
#include "lab/LocalLab.h"
#include "resp/RedisConnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>

#include <cstdio>

using namespace ops;

namespace {

// Keeps `window` commands in flight (window 16 mirrors -P 16) until `total` replies arrived.
double runClient(RedisConnection &c, const QByteArray &op, int total, int window)
{
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
    return total / seconds;
}

double runRedisBenchmark(quint16 port, const char *test, int total)
{
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
        return 0;
    return lines.last().split(',').value(1).replace('"', "").toDouble();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int total = argc > 1 ? std::atoi(argv[1]) : 200000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
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

    std::printf("requests per run: %d, rounds: %d (best round reported)\n", total, rounds);
    std::printf("%-5s %16s %16s %16s %8s %8s\n", "op", "redis-benchmark", "ours window=16", "ours window=1000", "ratio16", "ratio1k");
    for (const char *op : {"SET", "GET"}) {
        double theirs = 0, ours16 = 0, ours1k = 0;
        for (int r = 0; r < rounds; ++r) {
            theirs = std::max(theirs, runRedisBenchmark(ep.port, op, total));
            ours16 = std::max(ours16, runClient(conn, op, total, 16));
            ours1k = std::max(ours1k, runClient(conn, op, total, 1000));
        }
        std::printf("%-5s %16.0f %16.0f %16.0f %8.2f %8.2f\n", op, theirs, ours16, ours1k, ours16 / theirs, ours1k / theirs);
    }
    return 0;
}
