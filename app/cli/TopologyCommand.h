#pragma once

#include "MonitorCommand.h"

namespace ops {

/**
 * @brief `redis-ops topology [--json|--table]`: discovers the deployment from one seed (or
 * `--sentinel ... --master NAME`) and prints it once: nodes, roles, health, slots, lag.
 */
class TopologyCommand : public MonitorCommand
{
    Q_OBJECT
public:
    using MonitorCommand::MonitorCommand;
    void run(const QStringList &args) override;
    /** The table form (also used by tests and `watch --table`). */
    static QString table(const TopologySnapshot &snapshot);

private:
    void onSettled(const SnapshotPtr &snapshot) override;
    bool m_json = false;
};

} // namespace ops
