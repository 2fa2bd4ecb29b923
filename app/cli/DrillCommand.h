#pragma once

#include "CliCommand.h"

class QSocketNotifier;

namespace ops {

class DrillSession;
struct DrillScenario;

/**
 * @brief `redis-ops drill list | run NAME [--seed N] [--trainee NAME] [--timeout S] |
 * history [--trainee NAME]`: training drills on a local lab.
 *
 * `run` starts the drill's lab, loads data, starts the background writer, injects the fault and
 * prints the lab's endpoints for the trainee's console or CLI; it then waits for recovery. In
 * its terminal the trainee presses Enter to acknowledge, types a runbook step id to record it,
 * or types `abort`; Ctrl-C aborts too (every fault is undone). The score is printed and stored
 * in the history. Operations and audit records the trainee's console or CLI writes to the same
 * history (runbook steps included) count as actions (DrillActivity). `history` lists a
 * trainee's runs and compares them per drill.
 */
class DrillCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void run(const QStringList &args) override;

private:
    void list();
    void runDrill(const DrillScenario &scenario, quint32 seed, const QString &trainee, int timeoutS);
    void history(const QString &trainee);
    void onInput();
    void watchHistory();

    static constexpr int kHistoryPollMs = 1000;

    DrillSession *m_session = nullptr;
    QSocketNotifier *m_stdin = nullptr;
    QByteArray m_input; ///< stdin not yet ended by a newline
};

} // namespace ops
