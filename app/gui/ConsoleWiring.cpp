#include "ConsoleWiring.h"

#include "ConsoleRuntime.h"
#include "MainWindow.h"

namespace ops {

void ConsoleWiring::wire(ConsoleRuntime &runtime, MainWindow &window)
{
    window.setHistoryQuery([&runtime](const HistoryQuery &q, QObject *context, HistoryPage::Handler handler) {
        runtime.queryHistory(q, context, std::move(handler));
    });
    window.setOperationsQuery([&runtime](const OperationQuery &q, QObject *context, HistoryPage::OperationsHandler handler) {
        runtime.queryOperations(q, context, std::move(handler));
    });
    // Operations nobody finished (the program running them stopped): the operator must see them.
    OperationQuery unfinished;
    unfinished.states = {OperationRecord::State::Planned, OperationRecord::State::Running};
    unfinished.withSteps = true;
    runtime.queryOperations(unfinished, &window, [&window](const QList<OperationRecord> &operations, const HistoryError &error) {
        if (!error.isError() && !operations.isEmpty())
            window.showUnfinishedOperations(operations);
    });
    QObject::connect(&runtime, &ConsoleRuntime::snapshotChanged, &window, &MainWindow::showSnapshot);
    QObject::connect(&runtime, &ConsoleRuntime::eventsRecorded, &window, &MainWindow::showEvents);
    QObject::connect(&runtime, &ConsoleRuntime::samplesReady, &window, &MainWindow::showSamples);
    QObject::connect(&runtime, &ConsoleRuntime::monitorProblem, &window, &MainWindow::showMonitorProblem);
    QObject::connect(&window, &MainWindow::refreshRequested, &runtime, &ConsoleRuntime::refreshNow);
    QObject::connect(&window, &MainWindow::deploymentClosed, &runtime, &ConsoleRuntime::stopMonitor);
}

} // namespace ops
