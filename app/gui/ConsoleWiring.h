#pragma once

#include "runbooks/RunbookPanel.h"

#include <QList>

namespace ops {

class AlertNotifier;

class ConsoleRuntime;
class MainWindow;

/**
 * @brief How the console wires its main window to the runtime: history and operations queries
 * (and, once, the unfinished operations: the window's notice), the monitors'
 * snapshots (which also feed the Overview), events, samples and problems to the window; refresh and
 * close-tab requests back to the runtime; Settings (on Save: the sessions' thresholds, the
 * notifications, the log level; at start: the saved theme); the runbook library to every Runbooks page, its starts
 * and answers to the runtime's runners and their states back. All queued across the backend thread by the runtime's
 * signals. Shared by app/gui/main.cpp and the GUI tests so they exercise the same wiring.
 */
class ConsoleWiring
{
public:
    /** @p notifier: where desktop notifications go (null: the system tray; tests pass a spy). */
    static void wire(ConsoleRuntime &runtime, MainWindow &window, AlertNotifier *notifier = nullptr);
    /** The runbooks the console offers: built-in, then the data folder's runbooks/ (valid ones). */
    static QList<RunbookPanel::Entry> runbookLibrary();
};

} // namespace ops
