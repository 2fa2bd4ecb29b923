#include "OperationEventRecorder.h"

#include "SentinelFailoverExecutor.h"
#include "core/Logging.h"
#include "history/AsyncHistoryStore.h"
#include "monitor/SentinelOpsEvent.h"

#include <QDateTime>

namespace ops {

namespace {
auto log() { return Logging::get("actions"); }
} // namespace

OperationEventRecorder::OperationEventRecorder(AsyncHistoryStore *history, QString operationId, QString deploymentId,
                                               QObject *parent)
    : QObject(parent), m_history(history), m_operationId(std::move(operationId)), m_deploymentId(std::move(deploymentId))
{
}

void OperationEventRecorder::attach(SentinelFailoverExecutor *executor)
{
    connect(executor, &SentinelFailoverExecutor::sentinelEvent, this,
            [this](const Endpoint &sentinel, const SentinelEvent &event, qint64) { record(sentinel, event); });
}

void OperationEventRecorder::record(const Endpoint &sentinel, const SentinelEvent &event)
{
    OpsEvent e = SentinelOpsEvent::from(sentinel, event, m_deploymentId, QDateTime::currentMSecsSinceEpoch());
    e.operationId = m_operationId;
    ++m_recorded;
    m_history->append(OpsEvents{e}, this, [](const OpsEvents &stored, const HistoryError &error) {
        if (error.isError())
            log()->warn("history: {} event(s) of an operation not stored: {}", stored.size(), error.message.toStdString());
    });
}

} // namespace ops
