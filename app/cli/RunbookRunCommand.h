#pragma once

#include "MonitorCommand.h"
#include "runbooks/RunbookLibrary.h"
#include "runbooks/RunbookRunState.h"

#include <QHash>

#include <memory>

class QSocketNotifier;

namespace ops {

class CliInterruption;
class RunbookRunner;

/**
 * @brief `redis-ops runbook run NAME|FILE [--input k=v] [--non-interactive] [--json]` and
 * `redis-ops runbook resume OPERATION`: a RunbookRunner on a DeploymentSession (the console's
 * backend without a window), the steps printed as they go (text, or JSON lines with --json).
 *
 * Interactive runs read the operator's answers from the terminal without blocking the event loop
 * (the deployment is still polled while the operator reads): `done`, the preview's confirmation
 * text, `retry`, `skip REASON`, `note TEXT`, `abort REASON`. A run whose stdin is not a terminal
 * must say --non-interactive. Ctrl-C / SIGTERM / SIGHUP aborts the run as `abort` does (a running
 * action stops at its safe point first; CliInterruption: again to see what goes on, a third
 * within 2 s quits at once). Exit 0 when the run succeeded, 1 when it failed or was aborted,
 * 2 on usage errors, 3 when the deployment cannot be reached, 4 when a signal aborted it.
 */
class RunbookRunCommand : public MonitorCommand
{
    Q_OBJECT
public:
    explicit RunbookRunCommand(bool resume) : m_resume(resume) {}
    ~RunbookRunCommand() override;
    void run(const QStringList &args) override;

protected:
    void onSettled(const SnapshotPtr &snapshot) override;

private:
    void startRunner(const OperationRecord *resumed);
    void show(const RunbookRunState &state);
    void showPrompt(const RunbookRunState &state);
    void onLine(const QString &line);
    void json(const QString &event, QJsonObject fields);

    bool m_resume;
    bool m_nonInteractive = false;
    bool m_json = false;
    QString m_name;                   ///< run: NAME|FILE; resume: the operation id
    QHash<QString, QString> m_inputs;
    RunbookLibrary::Loaded m_loaded;
    RunbookRunner *m_runner = nullptr;
    QSocketNotifier *m_stdin = nullptr;
    CliInterruption *m_interruption = nullptr;
    QList<RunbookStepState::Status> m_shown; ///< the status last printed per step
    bool m_announced = false;         ///< the operation id was printed
    int m_promptShown = -1;           ///< the step whose prompt was printed last
    RunbookPrompt::Kind m_promptKind = RunbookPrompt::Kind::None;
};

} // namespace ops
