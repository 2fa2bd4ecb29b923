#include "ReshardResumeOffer.h"

#include "ActionDialogs.h"
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "UnfinishedOperationsBanner.h"
#include "history/OperationSummary.h"

#include <QStatusBar>

#include <algorithm>

namespace ops {

namespace {
const QString kReshardKind = QStringLiteral("cluster-reshard");

QString summaryOf(const OperationRecord &op)
{
    return QObject::tr("%1 — %2; %3; last step %4")
        .arg(op.id, OperationSummary::headline(op), OperationSummary::stateText(op), OperationSummary::lastStepText(op));
}
} // namespace

ReshardResumeOffer::ReshardResumeOffer(MainWindow *window) : QObject(window), m_window(window) {}

int ReshardResumeOffer::monitorOf(const QString &deploymentId) const
{
    for (int id : m_window->monitorIds()) {
        const DeploymentWorkspace *w = m_window->deployment(id);
        if (w && w->snapshot() && w->snapshot()->deploymentId == deploymentId)
            return id;
    }
    return -1;
}

void ReshardResumeOffer::resume(const OperationRecord &operation)
{
    const int monitorId = monitorOf(operation.deploymentId);
    if (monitorId < 0) {
        m_window->statusBar()->showMessage(tr("Operation %1 belongs to deployment %2, which no tab watches: connect to it, then "
                                              "resume")
                                               .arg(operation.id.left(8), operation.deploymentId),
                                           10000);
        return;
    }
    m_window->actionDialogs()->openResume(monitorId, m_window->deploymentTitle(monitorId), operation.id, summaryOf(operation));
}

void ReshardResumeOffer::snapshotShown(int monitorId)
{
    updateBanner();
    const DeploymentWorkspace *w = m_window->deployment(monitorId);
    const SnapshotPtr s = w ? w->snapshot() : nullptr;
    if (!s || s->kind != TopologySnapshot::Kind::Cluster || !s->slotMap || s->slotMap->migrations().isEmpty()
        || m_window->actionDialogs()->running(monitorId) || m_openSlotsChecked.contains(s->deploymentId))
        return;
    const HistoryPage::OperationsQueryFunction &query = m_window->operationsQuery();
    if (!query)
        return;
    m_openSlotsChecked.insert(s->deploymentId);
    OperationQuery q;
    q.deploymentId = s->deploymentId;
    q.kind = kReshardKind;
    q.withSteps = true;
    query(q, this, [this](const QList<OperationRecord> &operations, const HistoryError &error) {
        if (error.isError())
            return;
        const OperationRecord *latest = nullptr;
        for (const OperationRecord &op : operations)
            if (op.state != OperationRecord::State::Succeeded)
                latest = &op;
        // Open slots nobody here left: another tool's migration (the Slots page shows it; `fix` closes it).
        if (latest == nullptr)
            return;
        UnfinishedOperationsBanner *banner = m_window->unfinishedBanner();
        QList<OperationRecord> listed = banner ? banner->operations() : QList<OperationRecord>{};
        if (std::any_of(listed.cbegin(), listed.cend(), [latest](const OperationRecord &op) { return op.id == latest->id; })) {
            if (banner && !banner->isVisible())
                banner->show();
            return;
        }
        listed << *latest;
        m_window->showUnfinishedOperations(listed);
    });
}

void ReshardResumeOffer::resumeLatest()
{
    DeploymentWorkspace *w = m_window->currentDeployment();
    if (w == nullptr || !w->snapshot())
        return;
    if (w->snapshot()->kind != TopologySnapshot::Kind::Cluster) {
        m_window->statusBar()->showMessage(tr("Only a Redis Cluster has reshards to resume"), 8000);
        return;
    }
    const HistoryPage::OperationsQueryFunction &query = m_window->operationsQuery();
    if (!query) {
        m_window->statusBar()->showMessage(tr("No operations journal: nothing to resume"), 8000);
        return;
    }
    OperationQuery q;
    q.deploymentId = w->snapshot()->deploymentId;
    q.kind = kReshardKind;
    q.withSteps = true;
    const QString deploymentId = q.deploymentId;
    query(q, this, [this, deploymentId](const QList<OperationRecord> &operations, const HistoryError &error) {
        if (error.isError()) {
            m_window->statusBar()->showMessage(tr("Cannot read the operations journal: %1").arg(error.message), 10000);
            return;
        }
        // Ordered by start: the latest interrupted one, else the latest that failed or was stopped.
        const OperationRecord *chosen = nullptr;
        for (const OperationRecord &op : operations)
            if (!op.isFinished())
                chosen = &op;
        if (chosen == nullptr)
            for (const OperationRecord &op : operations)
                if (op.state != OperationRecord::State::Succeeded)
                    chosen = &op;
        if (chosen == nullptr) {
            m_window->statusBar()->showMessage(tr("No reshard of %1 is left to finish in the journal").arg(deploymentId), 10000);
            return;
        }
        resume(*chosen);
    });
}

void ReshardResumeOffer::updateBanner()
{
    UnfinishedOperationsBanner *banner = m_window->unfinishedBanner();
    if (banner == nullptr)
        return;
    QStringList watched;
    for (int id : m_window->monitorIds())
        if (const DeploymentWorkspace *w = m_window->deployment(id); w && w->snapshot())
            watched << w->snapshot()->deploymentId;
    banner->setConnectedDeployments(watched);
}

} // namespace ops
