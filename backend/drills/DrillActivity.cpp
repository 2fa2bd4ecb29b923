#include "DrillActivity.h"

#include "DrillHistory.h"
#include "history/HistoryStore.h"
#include "history/OperationQuery.h"
#include "runbooks/RunbookJournal.h"

namespace ops {

QStringList DrillActivity::poll(const HistoryStore &store)
{
    QStringList actions;
    HistoryError error;
    OperationQuery query;
    query.sinceMs = m_sinceMs;
    const QList<OperationRecord> operations = store.operations(query, &error);
    if (error.isError())
        return {};
    for (const OperationRecord &op : operations) {
        if (!m_seen.contains(QStringLiteral("op:") + op.id)) {
            m_seen.insert(QStringLiteral("op:") + op.id);
            actions << op.kind;
        }
        if (op.kind != RunbookJournal::kind())
            continue;
        const std::optional<OperationRecord> full = store.operation(op.id, &error);
        if (!full)
            continue;
        for (const OperationStep &step : full->steps) {
            const std::optional<RunbookJournal::Row> row = RunbookJournal::decode(step);
            if (!row || row->note || row->stepId.isEmpty())
                continue;
            // A step may have several rows (attempts); it is one action.
            const QString key = QStringLiteral("step:%1:%2").arg(op.id, row->stepId);
            if (m_seen.contains(key))
                continue;
            m_seen.insert(key);
            actions << row->stepId;
        }
    }
    const QList<AuditRecord> audit = store.audit({}, m_sinceMs, &error);
    for (const AuditRecord &r : audit) {
        const QString key = QStringLiteral("audit:%1").arg(r.id);
        if (m_seen.contains(key) || r.action == QLatin1String(DrillHistory::kAction))
            continue;
        m_seen.insert(key);
        actions << r.action;
    }
    return actions;
}

} // namespace ops
