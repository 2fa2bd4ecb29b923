// Helper of tst_historystore's crash test: appends events to a history database forever (one at a
// time and in batches of 10, alternately) and, after each append() returns, prints one line per
// stored event: `stored <id> <event JSON>`. The test SIGKILLs it at an arbitrary moment and checks
// that every reported event is in the database, intact.
//
// Usage: history_writer <database file> <run number> [max events]
#include "history/HistoryStore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>
#include <unistd.h>
#ifdef __linux__
#include <csignal>
#include <sys/prctl.h>
#endif

namespace {

using ops::OpsEvent;

OpsEvent makeEvent(int run, qint64 n)
{
    static const OpsEvent::Kind kinds[] = {OpsEvent::Kind::Promoted, OpsEvent::Kind::FailSet, OpsEvent::Kind::Sentinel,
                                           OpsEvent::Kind::SlotOwnerChanged, OpsEvent::Kind::Operator,
                                           OpsEvent::Kind::Sentinel};
    OpsEvent e;
    e.timestampMs = 1700000000000 + n * 7;
    e.deploymentId = QStringLiteral("crash-run-%1").arg(run);
    e.kind = kinds[n % 6];
    if (e.kind == OpsEvent::Kind::Sentinel)
        e.sentinelType = n % 6 == 2 ? QStringLiteral("+switch-master") : QStringLiteral("-odown");
    e.severity = OpsEvent::Severity(n % 3);
    e.source = OpsEvent::Source(n % 3);
    e.nodeId = QStringLiteral("node-%1").arg(n % 7);
    e.endpoint = QStringLiteral("127.0.0.1:%1").arg(7000 + n % 7);
    e.message = QStringLiteral("event %1/%2 \u00fcn\u00efc\u00f8d\u00e9 \u2713 \U0001F680").arg(run).arg(n);
    // Payloads of varying size, so commits span one or several WAL pages.
    const QString payload(int((n * 37) % 1500), QLatin1Char(char('a' + n % 26)));
    e.details = QJsonObject{{QStringLiteral("run"), run},
                            {QStringLiteral("seq"), n},
                            {QStringLiteral("slots"), QJsonArray{int(n % 16384), int((n * 31) % 16384)}},
                            {QStringLiteral("payload"), payload}};
    return e;
}

void report(const OpsEvent &e)
{
    // One write(2) per line, under PIPE_BUF: a line is either wholly in the pipe or not at all.
    const QByteArray line = "stored " + QByteArray::number(e.id) + ' ' +
                            QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) + '\n';
    if (::write(STDOUT_FILENO, line.constData(), std::size_t(line.size())) != line.size())
        std::_Exit(4);
}

} // namespace

int main(int argc, char **argv)
{
#ifdef __linux__
    ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive the test
#endif
    QCoreApplication app(argc, argv); // QtSql loads the QSQLITE plugin through it
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fputs("usage: history_writer <database file> <run number> [max events]\n", stderr);
        return 2;
    }
    const int run = args.at(2).toInt();
    const qint64 maxEvents = args.size() > 3 ? args.at(3).toLongLong() : 1000000;

    ops::HistoryStore store(args.at(1));
    if (const ops::HistoryError error = store.open(); error.isError()) {
        std::fprintf(stderr, "%s\n", error.message.toLocal8Bit().constData());
        return 3;
    }
    qint64 n = 0;
    for (int round = 0; n < maxEvents; ++round) {
        ops::OpsEvents batch;
        const int size = round % 2 == 0 ? 1 : 10;
        for (int i = 0; i < size; ++i)
            batch << makeEvent(run, n++);
        if (const ops::HistoryError error = store.append(batch); error.isError()) {
            std::fprintf(stderr, "%s\n", error.message.toLocal8Bit().constData());
            return 3;
        }
        for (const OpsEvent &e : std::as_const(batch))
            report(e);
    }
    return 0;
}
