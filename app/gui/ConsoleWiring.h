#pragma once

namespace ops {

class ConsoleRuntime;
class MainWindow;

/**
 * @brief How the console wires its main window to the runtime: history and operations queries
 * (and, once, the unfinished operations: the window's notice), the monitors'
 * snapshots (which also feed the Overview), events, samples and problems to the window; refresh and
 * close-tab requests back to the runtime. All queued across the backend thread by the runtime's
 * signals. Shared by app/gui/main.cpp and the GUI tests so they exercise the same wiring.
 */
class ConsoleWiring
{
public:
    static void wire(ConsoleRuntime &runtime, MainWindow &window);
};

} // namespace ops
