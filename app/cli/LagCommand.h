#pragma once

#include "MonitorCommand.h"

namespace ops {

/** @brief `redis-ops lag [--json]`: replication lag of every replica (bytes and seconds), once. */
class LagCommand : public MonitorCommand
{
    Q_OBJECT
public:
    using MonitorCommand::MonitorCommand;
    void run(const QStringList &args) override;

private:
    void onSettled(const SnapshotPtr &snapshot) override;
    bool m_json = false;
};

} // namespace ops
