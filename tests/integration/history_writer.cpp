// Helper of the crash tests (tst_historyfiles, tst_journalfiles). The test SIGKILLs it at an
// arbitrary moment and checks that everything it reported is in the database, intact.
//  - events mode: appends events forever (one at a time and in batches of 10, alternately) and,
//    after each append() returns, prints one line per stored event: `stored <id> <event JSON>`.
//  - journal mode: journals operations of 5 steps each, as an executor would: after each call
//    returns it prints `operation <op JSON>`, `step <step JSON>` (planned, sent, answered) and
//    `ended <op JSON>`.
//
// Usage: history_writer <database file> <run number> [max events] [events|journal]
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

void writeLine(const QByteArray &line)
{
    // One write(2) per line, under PIPE_BUF: a line is either wholly in the pipe or not at all.
    if (::write(STDOUT_FILENO, line.constData(), std::size_t(line.size())) != line.size())
        std::_Exit(4);
}

void report(const OpsEvent &e)
{
    writeLine("stored " + QByteArray::number(e.id) + ' ' + QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) +
              '\n');
}

void report(const char *what, const QJsonObject &json)
{
    writeLine(QByteArray(what) + ' ' + QJsonDocument(json).toJson(QJsonDocument::Compact) + '\n');
}

void check(const ops::HistoryError &error)
{
    if (error.isError()) {
        std::fprintf(stderr, "%s\n", error.message.toLocal8Bit().constData());
        std::_Exit(3);
    }
}

int journal(ops::HistoryStore &store, int run, qint64 maxOperations)
{
    using ops::OperationRecord;
    using ops::OperationStep;
    for (qint64 n = 0; n < maxOperations; ++n) {
        OperationRecord op;
        op.id = OperationRecord::newId();
        op.kind = n % 2 == 0 ? QStringLiteral("sentinel-failover") : QStringLiteral("cluster-failover");
        op.deploymentId = QStringLiteral("crash-run-%1").arg(run);
        op.operatorName = QStringLiteral("op\u00e9rateur");
        op.target = QStringLiteral("127.0.0.1:%1").arg(7000 + n % 7);
        op.mode = QStringLiteral("graceful");
        op.plan = QJsonObject{{QStringLiteral("n"), n}, {QStringLiteral("pad"), QString(int(n * 53 % 900), QLatin1Char('p'))}};
        op.state = OperationRecord::State::Running;
        op.startedMs = 1700000000000 + n;
        check(store.createOperation(op));
        report("operation", op.toJson());
        for (int seq = 1; seq <= 5; ++seq) {
            OperationStep step;
            step.operationId = op.id;
            step.seq = seq;
            step.targetNode = op.target;
            step.commandText = QStringLiteral("CLIENT PAUSE %1 WRITE").arg(n * 10 + seq);
            step.plannedMs = op.startedMs + seq;
            check(store.appendStep(step));
            report("step", step.toJson());
            step.state = OperationStep::State::Sent;
            step.sentMs = step.plannedMs + 1;
            check(store.updateStep(step));
            report("step", step.toJson());
            step.state = OperationStep::State::Answered;
            step.doneMs = step.sentMs + 1;
            step.replySummary = QStringLiteral("OK");
            check(store.updateStep(step));
            report("step", step.toJson());
        }
        op.state = OperationRecord::State::Succeeded;
        op.endedMs = op.startedMs + 10;
        op.outcome = QStringLiteral("verified");
        check(store.updateOperation(op));
        report("ended", op.toJson());
    }
    return 0;
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
        std::fputs("usage: history_writer <database file> <run number> [max events] [events|journal]\n", stderr);
        return 2;
    }
    const int run = args.at(2).toInt();
    const qint64 maxEvents = args.size() > 3 ? args.at(3).toLongLong() : 1000000;

    ops::HistoryStore store(args.at(1));
    if (const ops::HistoryError error = store.open(); error.isError()) {
        std::fprintf(stderr, "%s\n", error.message.toLocal8Bit().constData());
        return 3;
    }
    if (args.size() > 4 && args.at(4) == QLatin1String("journal"))
        return journal(store, run, maxEvents);
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
