// Test helper for tst_colleagues: another console's operation on a shared store, step by step.
//   colleague_steps LOCATION DEPLOYMENT STEPS INTERVAL_MS
// Opens the store, prints "ready", waits for a line on stdin, journals a sentinel-failover of
// "mymaster" by operator "ops" (Running, its plan listing STEPS commands), then STEPS steps,
// INTERVAL_MS apart, each announced on stdout as "step <n> <wall ms just before appendStep>",
// then ends it Succeeded ("done <operation id>"). Written by its own process and connection, as
// a colleague's console would.
#include "history/HistoryStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QThread>

#include <cstdio>
#include <iostream>
#include <string>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 5) {
        std::fprintf(stderr, "usage: colleague_steps LOCATION DEPLOYMENT STEPS INTERVAL_MS\n");
        return 2;
    }
    ops::HistoryStore store(args[1]);
    if (const ops::HistoryError error = store.open(); error.isError()) {
        std::printf("error %s\n", qPrintable(error.message));
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    std::string line;
    std::getline(std::cin, line);

    const int steps = args[3].toInt();
    const int intervalMs = args[4].toInt();
    ops::OperationRecord record;
    record.id = ops::OperationRecord::newId();
    record.kind = QStringLiteral("sentinel-failover");
    record.deploymentId = args[2];
    record.operatorName = QStringLiteral("ops");
    record.target = QStringLiteral("mymaster");
    record.mode = QStringLiteral("graceful");
    QJsonArray commands;
    for (int i = 1; i <= steps; ++i)
        commands.append(QJsonObject{{QStringLiteral("command"), QStringLiteral("PING %1").arg(i)}});
    record.plan = QJsonObject{{QStringLiteral("commands"), commands}};
    record.state = ops::OperationRecord::State::Running;
    record.startedMs = QDateTime::currentMSecsSinceEpoch();
    if (const ops::HistoryError e = store.createOperation(record); e.isError()) {
        std::printf("error %s\n", qPrintable(e.message));
        return 1;
    }
    for (int i = 1; i <= steps; ++i) {
        QThread::msleep(quint64(intervalMs));
        ops::OperationStep step;
        step.operationId = record.id;
        step.seq = i;
        step.targetNode = QStringLiteral("127.0.0.1:6379");
        step.commandText = QStringLiteral("PING %1").arg(i);
        step.state = ops::OperationStep::State::Planned;
        step.plannedMs = QDateTime::currentMSecsSinceEpoch();
        std::printf("step %d %lld\n", i, static_cast<long long>(QDateTime::currentMSecsSinceEpoch()));
        std::fflush(stdout);
        if (const ops::HistoryError e = store.appendStep(step); e.isError()) {
            std::printf("error %s\n", qPrintable(e.message));
            return 1;
        }
    }
    QThread::msleep(quint64(intervalMs));
    record.state = ops::OperationRecord::State::Succeeded;
    record.endedMs = record.startedMs + 4200; // a fixed duration: the bar's text is compared whole
    record.outcome = QStringLiteral("verified");
    if (const ops::HistoryError e = store.updateOperation(record); e.isError()) {
        std::printf("error %s\n", qPrintable(e.message));
        return 1;
    }
    std::printf("done %s\n", qPrintable(record.id));
    std::fflush(stdout);
    return 0;
}
