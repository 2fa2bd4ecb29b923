#include "ConsoleWiring.h"

#include "AppPaths.h"
#include "ConsoleRuntime.h"
#include "LibraryVersions.h"
#include "MainWindow.h"
#include "SettingsController.h"
#include "core/ConsoleSettings.h"
#include "core/Logging.h"
#include "actions/ActionDialogs.h"
#include "core/SecretStore.h"
#include "health/AlertNotifications.h"
#include "health/TrayAlertNotifier.h"
#include "reports/IncidentReportExporter.h"
#include "reports/IncidentReportFiles.h"
#include "runbooks/RunbookLibrary.h"

#include <QCoreApplication>
#include <QDir>
#include <QPointer>
#include <QSettings>
#include <QThreadPool>

namespace ops {

QList<RunbookPanel::Entry> ConsoleWiring::runbookLibrary()
{
    QList<RunbookPanel::Entry> entries;
    const RunbookLibrary library({QDir(AppPaths::dataDir()).filePath(QStringLiteral("runbooks"))});
    for (const RunbookLibrary::Entry &e : library.list())
        if (const RunbookLibrary::Loaded l = RunbookLibrary::load(e.path); l.runbook)
            entries << RunbookPanel::Entry{e.path, *l.runbook};
    return entries;
}

void ConsoleWiring::wire(ConsoleRuntime &runtime, MainWindow &window, AlertNotifier *notifier)
{
    window.setLibraryVersions(LibraryVersions::list());
    window.setSecretKeeper(new SecretStore(SecretStore::defaultService(), &window));
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
    // Desktop notifications of alerts, node downs and failovers (once per breach: the trackers
    // record each once); no tray, no notification — the event log and the history have them.
    if (notifier == nullptr)
        notifier = new TrayAlertNotifier(&window);
    auto *notifications = new AlertNotifications(notifier, AlertSettings::load(QSettings()), &window);
    QObject::connect(&runtime, &ConsoleRuntime::eventsRecorded, notifications,
                     [notifications](int, const OpsEvents &events) { notifications->showEvents(events); });
    // Settings ▸ Save: the sessions' alerting and the notifications at once (the window applied
    // the thresholds to its pages and the theme itself), the log level at once.
    SettingsController *settings = window.settingsController();
    settings->setDataDirInUse(AppPaths::dataDir());
    SettingsController::applySavedTheme();
    QObject::connect(settings, &SettingsController::applied, &runtime,
                     [&runtime, notifications](const ConsoleSettings &saved, const QStringList &) {
        runtime.setHealthThresholds(saved.alerts.thresholds);
        notifications->setSettings(saved.alerts);
        Logging::setLevel(saved.spdlogLevel());
    });
    QObject::connect(&runtime, &ConsoleRuntime::migrationsChanged, &window, &MainWindow::showMigrations);
    QObject::connect(&runtime, &ConsoleRuntime::healthContextChanged, &window, &MainWindow::showHealthContext);
    QObject::connect(&runtime, &ConsoleRuntime::colleagueOperation, &window, &MainWindow::showColleagueOperation);
    QObject::connect(&runtime, &ConsoleRuntime::storeStatusChanged, &window, &MainWindow::showStoreStatus);
    QObject::connect(&runtime, &ConsoleRuntime::samplesReady, &window, &MainWindow::showSamples);
    QObject::connect(&runtime, &ConsoleRuntime::monitorProblem, &window, &MainWindow::showMonitorProblem);
    QObject::connect(&window, &MainWindow::refreshRequested, &runtime, &ConsoleRuntime::refreshNow);
    QObject::connect(&window, &MainWindow::deploymentClosed, &runtime, &ConsoleRuntime::stopMonitor);
    // Runbooks: the page's start and answers to the deployment's runner, its states back.
    QObject::connect(&window, &MainWindow::runbookStartRequested, &runtime, &ConsoleRuntime::startRunbook);
    QObject::connect(&window, &MainWindow::runbookAnswered, &runtime, &ConsoleRuntime::answerRunbook);
    QObject::connect(&window, &MainWindow::runbookResumeRequested, &runtime, &ConsoleRuntime::resumeRunbook);
    QObject::connect(&runtime, &ConsoleRuntime::runbookChanged, &window, &MainWindow::showRunbookState);
    window.setRunbookLibrary(runbookLibrary());
    // Incident reports: read, drawn and written on a pool thread (the history read and the files
    // may block); the result comes back to the window, dropped if it has gone.
    QObject::connect(&window, &MainWindow::incidentReportRequested, &runtime,
                     [&runtime, &window](int monitorId, const QString &runOperationId, const QString &deploymentId, qint64 fromMs,
                                         qint64 toMs, const QString &folder) {
        IncidentReportBuilder::Request request;
        request.runOperationId = runOperationId;
        request.deploymentId = deploymentId;
        request.fromMs = fromMs;
        request.toMs = toMs;
        const MetricHistoryPtr metrics = runtime.metricHistory(monitorId);
        const QString history = runtime.historyLocation();
        const QPointer<MainWindow> to(&window);
        QThreadPool::globalInstance()->start([request, metrics, history, folder, to] {
            const IncidentReportExporter::Result r = IncidentReportExporter::run(
                history, request, metrics, folder, IncidentReportFiles::Markdown | IncidentReportFiles::Html);
            // Posted to the application (it outlives the window); the window is checked on its thread.
            QMetaObject::invokeMethod(QCoreApplication::instance(), [r, to] {
                if (to)
                    to->showIncidentReport(r.files, r.error.message);
            }, Qt::QueuedConnection);
        });
    });
    // Actions: the dialogs' intents to the deployment's session, its answers back to the dialog.
    ActionDialogs *actions = window.actionDialogs();
    QObject::connect(actions, &ActionDialogs::failoverPreviewRequested, &runtime, &ConsoleRuntime::previewFailover);
    QObject::connect(actions, &ActionDialogs::executeRequested, &runtime, &ConsoleRuntime::executeAction);
    QObject::connect(actions, &ActionDialogs::takeOverRequested, &runtime, &ConsoleRuntime::executeTakingOverLease);
    QObject::connect(actions, &ActionDialogs::cancelRequested, &runtime, &ConsoleRuntime::cancelAction);
    QObject::connect(actions, &ActionDialogs::reshardPreviewRequested, &runtime, &ConsoleRuntime::previewReshard);
    QObject::connect(actions, &ActionDialogs::resumePreviewRequested, &runtime, &ConsoleRuntime::previewResume);
    QObject::connect(actions, &ActionDialogs::pauseRequested, &runtime, &ConsoleRuntime::pauseAction);
    QObject::connect(&runtime, &ConsoleRuntime::reshardProgress, actions, &ActionDialogs::showReshardProgress);
    QObject::connect(&runtime, &ConsoleRuntime::actionPreview, actions, &ActionDialogs::showPreview);
    QObject::connect(&runtime, &ConsoleRuntime::actionStarted, actions, &ActionDialogs::showStarted);
    QObject::connect(&runtime, &ConsoleRuntime::actionProgress, actions, &ActionDialogs::showProgress);
    QObject::connect(&runtime, &ConsoleRuntime::actionFinished, actions, &ActionDialogs::showOutcome);
}

} // namespace ops
