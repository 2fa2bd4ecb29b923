#include "DeploymentAction.h"

#include "OperationRunner.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "history/OperationRecord.h"

#include <QUuid>

#include <algorithm>
#include <utility>

namespace ops {

namespace {
auto log() { return Logging::get("actions"); }
}

DeploymentAction::DeploymentAction(Context context, QObject *parent) : QObject(parent), m_context(std::move(context)) {}

DeploymentAction::~DeploymentAction() = default;

void DeploymentAction::publishPreview(ActionPreview p, bool planned)
{
    m_previewId = planned ? QUuid::createUuid().toString(QUuid::WithoutBraces).left(8) : QString();
    p.id = m_previewId;
    p.deploymentId = m_context.deploymentId;
    m_previewAllowed = p.allowed();
    m_previewAtMs = m_context.clock->monotonicMs();
    emit previewReady(p);
}

bool DeploymentAction::execute(const QString &previewId, QString *why, const QString &takeOverLeaseFrom)
{
    auto refuse = [why](const QString &text) {
        if (why)
            *why = text;
        return false;
    };
    if (running())
        return refuse(tr("an action is already running on this deployment"));
    if (previewId.isEmpty() || previewId != m_previewId)
        return refuse(tr("the deployment was surveyed again since that preview; review the new plan"));
    if (!m_previewAllowed)
        return refuse(tr("the plan is refused by its pre-checks"));
    const qint64 age = m_context.clock->monotonicMs() - m_previewAtMs;
    if (age > m_context.maxPreviewAgeMs)
        return refuse(tr("the plan is %1 s old; review a fresh one").arg(age / 1000));
    m_runPreviewId = std::exchange(m_previewId, QString()); // one run per preview

    const OperationRecord record = newRecord();
    OperationRunner::Options o;
    o.dataOptions = m_context.dataOptions;
    o.sentinelOptions = m_context.sentinelOptions;
    o.connectTimeoutMs = m_context.timeoutMs;
    o.commandTimeoutMs = std::max(m_context.timeoutMs, 5000);
    o.takeOverLeaseFrom = takeOverLeaseFrom;
    m_runner = new OperationRunner(record, o, m_context.journal, m_context.clock, this);
    m_startedMs = m_context.clock->monotonicMs();
    log()->info("operation {}: {} of {} confirmed by {}", record.id.toStdString(), record.kind.toStdString(),
                record.target.toStdString(), record.operatorName.toStdString());
    connect(m_runner, &OperationRunner::stepChanged, this, [this](const OperationStep &s) {
        if (s.state == OperationStep::State::Planned)
            return;
        QString text = QStringLiteral("%1  %2  → %3").arg(s.targetNode, s.commandText, OperationStep::stateName(s.state));
        const QString reply = s.error.isEmpty() ? s.replySummary : s.error;
        if (!reply.isEmpty())
            text += QStringLiteral(" (%1)").arg(reply);
        report(ActionProgress::Kind::Step, text,
               s.state == OperationStep::State::Failed || s.state == OperationStep::State::Unknown);
    });
    emit started(record.id);
    run(m_runner);
    return true;
}

void DeploymentAction::report(ActionProgress::Kind kind, const QString &text, bool failed)
{
    ActionProgress p;
    p.operationId = m_runner ? m_runner->record().id : QString();
    p.kind = kind;
    p.atMs = m_context.clock->monotonicMs() - m_startedMs;
    p.text = text;
    p.failed = failed;
    emit progress(p);
}

void DeploymentAction::finishRun(ActionOutcome outcome)
{
    if (m_runner && !m_runner->leaseRefusedBy().operationId.isEmpty()) {
        // Never started (nothing journaled): another console holds the lease. The plan stays
        // current so that a typed take-over can run it (its age is still checked).
        const OperationLease &holder = m_runner->leaseRefusedBy();
        outcome.leaseHolder = holder.holderText();
        outcome.leaseHolderOperation = holder.operationId;
        m_previewId = m_runPreviewId;
        m_runner->deleteLater();
        m_runner = nullptr;
    }
    if (m_runner) {
        outcome.operationId = m_runner->record().id;
        m_runner->deleteLater(); // the executor (its child or sibling) is done with it
        m_runner = nullptr;
    }
    emit finished(outcome);
}

} // namespace ops
