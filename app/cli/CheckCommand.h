#pragma once

#include "MonitorCommand.h"
#include "health/AlertSettings.h"
#include "health/HealthFinding.h"

namespace ops {

/**
 * @brief `redis-ops check [--json] [--min-severity S] [--all] [--threshold name=value ...]`: runs the health rules once on a
 * settled snapshot whose settings (CONFIG GET, CKQUORUM) have been read. Exit 0 when no rule of
 * severity S (default warning) or above fires, 1 when one does, 3 on connection errors. Rules
 * that could not be decided are listed as unknown with the reason; they do not fail the check.
 * Thresholds come from the settings (AlertSettings, group "alerts", shared with the console)
 * and each --threshold overrides one; an invalid one is a usage error (exit 2) naming the
 * accepted forms. The recorded failovers of the deployment (its id derived as the console
 * derives it) are read from the shared history, opened read-only (MonitorCommand::
 * readHistoryForHealth); without one the failover rule is unknown with the reason.
 */
class CheckCommand : public MonitorCommand
{
    Q_OBJECT
public:
    using MonitorCommand::MonitorCommand;
    void run(const QStringList &args) override;

private:
    void onSettled(const SnapshotPtr &snapshot) override;
    bool hasWhatItNeeds(const TopologySnapshot &snapshot) const override;

    bool m_json = false;
    bool m_all = false;
    AlertSettings m_alerts;
    HealthFinding::Severity m_minimum = HealthFinding::Severity::Warning;
};

} // namespace ops
