#include "ConsoleWiring.h"

#include "ConsoleRuntime.h"
#include "MainWindow.h"

namespace ops {

void ConsoleWiring::wire(ConsoleRuntime &runtime, MainWindow &window)
{
    window.setHistoryQuery([&runtime](const HistoryQuery &q, QObject *context, HistoryPage::Handler handler) {
        runtime.queryHistory(q, context, std::move(handler));
    });
    QObject::connect(&runtime, &ConsoleRuntime::snapshotChanged, &window, &MainWindow::showSnapshot);
    QObject::connect(&runtime, &ConsoleRuntime::eventsRecorded, &window, &MainWindow::showEvents);
    QObject::connect(&runtime, &ConsoleRuntime::samplesReady, &window, &MainWindow::showSamples);
    QObject::connect(&runtime, &ConsoleRuntime::monitorProblem, &window, &MainWindow::showMonitorProblem);
    QObject::connect(&window, &MainWindow::refreshRequested, &runtime, &ConsoleRuntime::refreshNow);
    QObject::connect(&window, &MainWindow::deploymentClosed, &runtime, &ConsoleRuntime::stopMonitor);
}

} // namespace ops
