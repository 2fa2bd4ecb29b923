// History query time with 1 M stored events, on each backend (issue 15's numbers): SQLite (a
// file in a temporary directory, as the console keeps it) and PostgreSQL (a real server started
// on loopback by PostgresServer). The events go in through HistoryStore::append in batches, the
// way consoles store them (uids, fingerprints, observers), spread over 20 deployments of 30 nodes
// and 90 days. Then each query the console and the CLI run is timed: the History page's newest
// 500 of a deployment, a day of a deployment, 30 days of a deployment's failovers (what the
// failover timeline and the client-retry-budget rule read), one node's newest 100, a count.
//   bench_historyquery [--events N] [--backend sqlite|postgresql|both] [--repeat R]
// Prints the append rate and, per query, the median and worst of R runs. Never asserts.
#include "PostgresServer.h"
#include "history/HistoryQuery.h"
#include "history/HistoryStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace ops;

namespace {

constexpr int kDeployments = 20;
constexpr int kNodes = 30;
constexpr qint64 kSpanMs = 90LL * 24 * 3600 * 1000;
constexpr qint64 kStartMs = 1767225600000; // 2026-01-01T00:00:00Z

QString deployment(int d) { return QStringLiteral("cluster:bench-%1").arg(d, 2, 10, QLatin1Char('0')); }
QString node(int n) { return QStringLiteral("10.0.%1.%2:6379").arg(n / 10).arg(n % 10); }

/** Event @p i of @p total: round-robin deployments, time ascending, mostly routine kinds, some failovers. */
OpsEvent eventAt(qint64 i, qint64 total, QRandomGenerator &random)
{
    static const OpsEvent::Kind kinds[] = {OpsEvent::Kind::NodeStale,       OpsEvent::Kind::NodeRecovered,
                                           OpsEvent::Kind::ReplicationLinkDown, OpsEvent::Kind::ReplicationLinkUp,
                                           OpsEvent::Kind::HealthAlert,     OpsEvent::Kind::HealthAlertCleared,
                                           OpsEvent::Kind::MigrationStarted, OpsEvent::Kind::MigrationFinished,
                                           OpsEvent::Kind::PFailSet,        OpsEvent::Kind::PFailCleared};
    OpsEvent e;
    e.deploymentId = deployment(int(i % kDeployments));
    e.timestampMs = kStartMs + kSpanMs * i / total;
    const int roll = int(random.bounded(1000));
    e.kind = roll < 5 ? OpsEvent::Kind::Promoted : roll < 10 ? OpsEvent::Kind::Demoted : kinds[roll % 10];
    e.nodeId = node(int(random.bounded(kNodes)));
    e.endpoint = e.nodeId;
    e.message = QStringLiteral("%1 on %2").arg(OpsEvent::kindName(e.kind), e.nodeId);
    e.details.insert(QStringLiteral("seq"), i);
    return e;
}

struct Timing
{
    double medianMs = 0;
    double worstMs = 0;
    qsizetype rows = 0;
};

Timing time(int repeat, const std::function<qsizetype()> &run)
{
    std::vector<double> ms;
    Timing t;
    for (int r = 0; r < repeat; ++r) {
        QElapsedTimer timer;
        timer.start();
        t.rows = run();
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    t.medianMs = ms[ms.size() / 2];
    t.worstMs = ms.back();
    return t;
}

bool bench(const QString &backend, const QString &location, qint64 total, int repeat)
{
    HistoryStore store(location);
    const HistoryError opened = store.open();
    if (opened.isError()) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(backend), qPrintable(opened.message));
        return false;
    }
    QRandomGenerator random(42);
    QElapsedTimer appendTimer;
    appendTimer.start();
    constexpr qint64 kBatch = 5000;
    for (qint64 first = 0; first < total; first += kBatch) {
        OpsEvents batch;
        for (qint64 i = first; i < std::min(total, first + kBatch); ++i)
            batch << eventAt(i, total, random);
        const HistoryError e = store.append(batch);
        if (e.isError()) {
            std::fprintf(stderr, "%s: append at %lld: %s\n", qPrintable(backend), static_cast<long long>(first), qPrintable(e.message));
            return false;
        }
    }
    const double appendS = double(appendTimer.elapsed()) / 1000.0;
    std::printf("%s: %lld events appended in %.1f s (%.0f events/s, batches of %lld)\n", qPrintable(backend),
                static_cast<long long>(total), appendS, double(total) / appendS, static_cast<long long>(kBatch));

    const QString d = deployment(7);
    const qint64 lastMs = kStartMs + kSpanMs;
    struct Case
    {
        const char *name;
        HistoryQuery query;
    };
    std::vector<Case> cases;
    {
        HistoryQuery q;
        q.deploymentId = d;
        q.newestFirst = true;
        q.limit = 500;
        cases.push_back({"History page: newest 500 of a deployment", q});
    }
    {
        HistoryQuery q;
        q.deploymentId = d;
        q.sinceMs = lastMs - 24LL * 3600 * 1000;
        q.untilMs = lastMs;
        cases.push_back({"a deployment's last 24 h", q});
    }
    {
        HistoryQuery q;
        q.deploymentId = d;
        q.sinceMs = lastMs - 30LL * 24 * 3600 * 1000;
        q.kinds = {QStringLiteral("promoted"), QStringLiteral("demoted"), QStringLiteral("sentinel")};
        cases.push_back({"a deployment's failovers, 30 days", q});
    }
    {
        HistoryQuery q;
        q.deploymentId = d;
        q.nodeId = node(3);
        q.newestFirst = true;
        q.limit = 100;
        cases.push_back({"one node's newest 100", q});
    }
    std::printf("%-44s %10s %10s %8s\n", "query", "median ms", "worst ms", "rows");
    for (const Case &c : cases) {
        const Timing t = time(repeat, [&] { return store.query(c.query).size(); });
        std::printf("%-44s %10.2f %10.2f %8lld\n", c.name, t.medianMs, t.worstMs, static_cast<long long>(t.rows));
    }
    const Timing counted = time(repeat, [&] { return qsizetype(store.count(d)); });
    std::printf("%-44s %10.2f %10.2f %8lld\n", "count of a deployment's events", counted.medianMs, counted.worstMs,
                static_cast<long long>(counted.rows));
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption events(QStringLiteral("events"), QStringLiteral("Events to store (default 1000000)."),
                                    QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption backendOption(QStringLiteral("backend"), QStringLiteral("sqlite, postgresql or both (default)."),
                                           QStringLiteral("NAME"), QStringLiteral("both"));
    const QCommandLineOption repeat(QStringLiteral("repeat"), QStringLiteral("Runs of each query (default 7)."),
                                    QStringLiteral("R"), QStringLiteral("7"));
    parser.addOptions({events, backendOption, repeat});
    parser.process(app);
    const qint64 total = parser.value(events).toLongLong();
    const int runs = std::max(1, parser.value(repeat).toInt());
    const QString which = parser.value(backendOption);
    if (total < kDeployments) {
        std::fprintf(stderr, "--events: at least %d\n", kDeployments);
        return 2;
    }
    bool ok = true;
    if (which == QLatin1String("sqlite") || which == QLatin1String("both")) {
        QTemporaryDir dir;
        ok = bench(QStringLiteral("sqlite"), dir.filePath(QStringLiteral("history.sqlite")), total, runs) && ok;
    }
    if (which == QLatin1String("postgresql") || which == QLatin1String("both")) {
        PostgresServer server;
        QString error;
        const QString db = server.start(&error) ? server.createDatabase(&error) : QString();
        if (db.isEmpty()) {
            std::fprintf(stderr, "postgresql: %s\n", qPrintable(error));
            return 1;
        }
        ok = bench(QStringLiteral("postgresql"), server.url(db), total, runs) && ok;
    }
    return ok ? 0 : 1;
}
