#pragma once

#include "CliCommand.h"

namespace ops {

/**
 * @brief `redis-ops runbook list [--json]`: the runbook library (built-in and the data folder's
 * runbooks/), invalid files listed with their first error; `redis-ops runbook validate FILE...`:
 * loads each runbook (RunbookLoader) and prints either a one-line summary or every problem as
 * "file:line: message". Exit 0 when all are valid, 1 when one is not, 2 on a usage error.
 * (`run` and `resume` are RunbookRunCommand.)
 */
class RunbookCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void run(const QStringList &args) override;

private:
    void list(bool asJson);
};

} // namespace ops
