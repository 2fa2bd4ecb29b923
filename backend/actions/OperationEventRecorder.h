#pragma once

#include "discovery/SentinelEvent.h"
#include "resp/Endpoint.h"

#include <QObject>
#include <QString>

namespace ops {

class AsyncHistoryStore;
class SentinelFailoverExecutor;

/**
 * @brief Stores the Sentinel events an action observes while it runs as OpsEvents carrying the
 * operation's id (events.operation_id), so `redis-ops history --operations --operation ID` shows
 * them next to its steps. For the CLI, where no Monitor runs; the console's monitor stamps its
 * own events instead (Monitor::setActiveOperation). Mapping: SentinelOpsEvent, as the Monitor.
 *
 * Writes go through the same AsyncHistoryStore as the journal (its own thread, FIFO): closing
 * the store stores every event recorded before.
 */
class OperationEventRecorder : public QObject
{
    Q_OBJECT
public:
    /** @p history must outlive the recorder. */
    OperationEventRecorder(AsyncHistoryStore *history, QString operationId, QString deploymentId, QObject *parent = nullptr);

    /** Records every SentinelFailoverExecutor::sentinelEvent of @p executor from now on. */
    void attach(SentinelFailoverExecutor *executor);
    /** Stores one event heard from @p sentinel, stamped with the operation id. */
    void record(const Endpoint &sentinel, const SentinelEvent &event);
    /** Events handed to the store so far. */
    int recorded() const { return m_recorded; }

private:
    AsyncHistoryStore *m_history;
    QString m_operationId;
    QString m_deploymentId;
    int m_recorded = 0;
};

} // namespace ops
