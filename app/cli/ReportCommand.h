#pragma once

#include "CliCommand.h"

namespace ops {

/**
 * @brief `redis-ops report --output DIR [--runbook-run ID] [--deployment ID] [--from T] [--to T]
 * [--format md|html|both] [--margin 5m]`: an incident report (IncidentReportBuilder) of one
 * deployment's window from the history database — timeline, runbook steps with notes,
 * operations, failover episodes — written as Markdown and/or HTML. T as in `history`. With only
 * --runbook-run, the window is the run widened by the margin. The CLI keeps no metric history:
 * the report says that its plots come from the console.
 */
class ReportCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void run(const QStringList &args) override;
};

} // namespace ops
