#pragma once

#include "MonitorCommand.h"
#include "model/OpsEvent.h"

namespace ops {

/**
 * @brief `redis-ops watch`: prints every event of the deployment as one JSON object per line
 * (topology changes found by polling and Sentinel pub/sub events), until Ctrl-C or --duration.
 * Events are recorded in the history database too.
 */
class WatchCommand : public MonitorCommand
{
    Q_OBJECT
public:
    using MonitorCommand::MonitorCommand;
    void run(const QStringList &args) override;

private:
    void onSettled(const SnapshotPtr &snapshot) override;
    void print(const OpsEvents &events);
    int m_durationMs = 0;
};

} // namespace ops
