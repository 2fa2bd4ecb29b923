#pragma once

#include <QSet>
#include <QString>
#include <QStringList>

namespace ops {

class HistoryStore;

/**
 * @brief What a trainee did during a drill, read from the history store the console and the CLI
 * write to: every operation started since the fault (a failover, a reshard, a fix, ...: its
 * kind) and, for a runbook run, each runbook step it reached (the step id, from the journal);
 * every audit record (its action). The CLI's `drill run` polls this and feeds the actions to
 * DrillSession::recordAction, so a trainee working in another terminal or in the console is
 * scored without touching the drill's terminal.
 */
class DrillActivity
{
public:
    explicit DrillActivity(qint64 sinceMs) : m_sinceMs(sinceMs) {}

    /** Actions not reported before, oldest first; empty on a read error (retried next time). */
    QStringList poll(const HistoryStore &store);

private:
    qint64 m_sinceMs;
    QSet<QString> m_seen; ///< "op:<id>", "step:<id>:<step id>", "audit:<id>"
};

} // namespace ops
