#pragma once

#include "ClusterActionCommand.h"
#include "reshard/ReshardExecutor.h"
#include "reshard/RebalancePlanner.h"
#include "reshard/ReshardPlan.h"

namespace ops {

struct ReshardSurvey;

/**
 * @brief `redis-ops reshard|rebalance|drain`. `reshard --cluster H:P --from NODE [--from NODE] --to NODE (--slots N | --range A-B ...)
 * [--batch K] [--streams S] [--slots-in-flight W] [--max-keys-per-s R] [--replace] [--dry-run] [--yes] [--json]`:
 * moves slots between masters. Surveys the cluster (owners, open slots, key counts, a key-size
 * sample), prints the plan with the distribution before/after, the estimate and the exact commands
 * of one slot, refuses when a check blocks (exit 1), asks for the target's address on a terminal
 * unless --yes, then runs it journaled (kind "cluster-reshard") with a progress bar on a terminal
 * and JSON lines otherwise. Ctrl-C / SIGTERM stop it at the next safe point (CliInterruption: the
 * open windows finish, no slot is left open, verified, journaled cancelled naming the signal,
 * exit 4; `resume` goes on from there). Exit 0 only when verified. `rebalance [--weight NODE=W ...] [--threshold PCT] [--use-empty-masters] [--simulate]`
 * and `drain NODE [--to NODE ...]` plan with RebalancePlanner and run the same way.
 */
class ReshardCommand : public ClusterActionCommand
{
    Q_OBJECT
public:
    /** `reshard` (move slots), `rebalance` (weighted shares) or `drain` (empty one master). */
    enum class Mode { Move, Rebalance, Drain };

    explicit ReshardCommand(Mode mode = Mode::Move);
    ~ReshardCommand() override;
    void run(const QStringList &args) override;

private:
    /** Reads the options of the mode into m_request / m_rebalance; false after a usage error. */
    bool readModeOptions(const QCommandLineParser &parser);
    static QString modeName(Mode mode);

    void onSurvey(const ReshardSurvey &survey);
    bool confirmed() override;
    void execute() override;
    void onProgress(const ReshardProgress &progress);
    void onFinished(const ReshardExecutor::Result &result);

    Mode m_mode = Mode::Move;
    ReshardRequest m_request;
    RebalanceRequest m_rebalance;
    ReshardPlan m_plan;
    ReshardExecutor *m_executor = nullptr;
    bool m_progressBar = false;
    bool m_progressJson = false;
    qint64 m_lastProgressMs = -1;
};

} // namespace ops
