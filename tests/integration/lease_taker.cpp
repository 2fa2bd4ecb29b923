// Test helper for tst_operationlease: one "console" racing for an operation lease.
//   lease_taker LOCATION DEPLOYMENT OPERATION_ID LENGTH_MS NOW_MS [hold]
// Opens the store, prints "ready", waits for a line on stdin (the start signal, so that every
// racer has its connection open), takes the lease at NOW_MS (the clock is injected by the test)
// and prints "won" or "held <holder operation id> <message>" or "error <message>". With "hold",
// a winner journals its operation as Running (as OperationRunner::begin does after the lease)
// and keeps the lease until stdin closes (it is SIGKILLed before that in the test).
#include "history/HistoryStore.h"

#include <QCoreApplication>

#include <cstdio>
#include <iostream>
#include <string>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 6) {
        std::fprintf(stderr, "usage: lease_taker LOCATION DEPLOYMENT OPERATION_ID LENGTH_MS NOW_MS [hold]\n");
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

    ops::OperationLease lease;
    lease.deploymentId = args[2];
    lease.operationId = args[3];
    lease.operatorName = QStringLiteral("racer-%1").arg(QCoreApplication::applicationPid());
    lease.host = ops::OperationLease::currentHost();
    lease.description = QStringLiteral("sentinel-failover of mymaster");
    lease.acquiredMs = lease.renewedMs = args[5].toLongLong();
    lease.expiresMs = lease.acquiredMs + args[4].toLongLong();
    ops::OperationLease holder;
    const ops::HistoryError error = store.acquireLease(lease, &holder);
    if (error.kind == ops::HistoryError::Kind::LeaseHeld)
        std::printf("held %s %s\n", qPrintable(holder.operationId), qPrintable(error.message));
    else if (error.isError())
        std::printf("error %s\n", qPrintable(error.message));
    else
        std::printf("won\n");
    const bool hold = !error.isError() && args.size() > 6 && args[6] == QLatin1String("hold");
    if (hold) {
        ops::OperationRecord record;
        record.id = lease.operationId;
        record.kind = QStringLiteral("sentinel-failover");
        record.deploymentId = lease.deploymentId;
        record.operatorName = lease.operatorName;
        record.target = QStringLiteral("mymaster");
        record.state = ops::OperationRecord::State::Running;
        record.startedMs = lease.acquiredMs;
        if (const ops::HistoryError e = store.createOperation(record); e.isError())
            std::printf("error %s\n", qPrintable(e.message));
        else
            std::printf("journaled\n");
    }
    std::fflush(stdout);
    if (hold)
        while (std::getline(std::cin, line)) {
        }
    return error.isError() && error.kind != ops::HistoryError::Kind::LeaseHeld ? 1 : 0;
}
