#pragma once

#include "CliCommand.h"
#include "history/HistoryQuery.h"

#include <optional>

namespace ops {

/**
 * @brief `redis-ops history [--since T] [--until T] [--kind K,...] [--node ID] [--deployment ID]
 * [--limit N] [--json|--csv]`: the recorded events from the local history database. T is a
 * duration back from now (90s, 15m, 2h, 7d) or an ISO 8601 date-time.
 * `--operations [--operation ID]`: the journaled operations instead (OperationsReport), or one
 * with its steps and the events carrying its id.
 */
class HistoryCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void run(const QStringList &args) override;
    /** Parses "15m", "2h", "7d", "90s" (back from @p nowMs) or ISO 8601; nullopt if invalid. */
    static std::optional<qint64> parseTime(const QString &text, qint64 nowMs);

private:
    void runOperations(const HistoryQuery &filter, int maxOperations, const QString &id, bool json);
};

} // namespace ops
