#include "UnfinishedOperationsBanner.h"
#include "core/PlainText.h"

#include "history/OperationSummary.h"

#include <QAction>
#include <algorithm>
#include <QApplication>
#include <QLabel>
#include <QStyle>

namespace ops {

UnfinishedOperationsBanner::UnfinishedOperationsBanner(QWidget *parent)
    : QToolBar(tr("Unfinished operations"), parent)
    , m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("unfinishedOperationsBanner"));
    setMovable(false);
    setFloatable(false);
    m_label->setObjectName(QStringLiteral("unfinishedOperationsText"));
    m_label->setTextFormat(Qt::PlainText);
    m_label->setWordWrap(true);
    m_label->setMargin(4);
    m_label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred); // the text takes the width, buttons at the end
    // The window's own warning colours: a dark-on-amber strip in light and dark themes alike.
    setStyleSheet(QStringLiteral("QToolBar#unfinishedOperationsBanner { background: #ffd66b; border-bottom: 1px solid #b8860b; }"
                                 "QLabel#unfinishedOperationsText { color: #1a1a1a; }"));
    QAction *icon = addAction(style()->standardIcon(QStyle::SP_MessageBoxWarning), QString());
    icon->setEnabled(false);
    addWidget(m_label);
    QAction *show = addAction(tr("Show in History"));
    show->setObjectName(QStringLiteral("actionShowUnfinishedOperation"));
    connect(show, &QAction::triggered, this, [this] {
        if (!m_operations.isEmpty())
            emit showRequested(m_operations.constLast());
    });
    m_resume = addAction(tr("Resume…"));
    m_resume->setObjectName(QStringLiteral("actionResumeUnfinishedOperation"));
    connect(m_resume, &QAction::triggered, this, [this] {
        if (const std::optional<OperationRecord> op = resumable())
            emit resumeRequested(*op);
    });
    QAction *dismiss = addAction(tr("Dismiss"));
    dismiss->setObjectName(QStringLiteral("actionDismissUnfinishedOperations"));
    connect(dismiss, &QAction::triggered, this, &QWidget::hide);
}

void UnfinishedOperationsBanner::setOperations(const QList<OperationRecord> &operations)
{
    m_operations = operations;
    QStringList lines;
    lines << (operations.size() == 1
                  ? tr("An operation did not finish (interrupted: the program running it stopped; or stopped on an error). "
                       "Check the deployment before acting again.")
                  : tr("%1 operations did not finish (interrupted: the programs running them stopped; or stopped on an "
                       "error). Check the deployments before acting again.").arg(operations.size()));
    for (const OperationRecord &op : operations)
        lines << tr("%1 — %2 on %3; %4; last step %5")
                     .arg(op.id, OperationSummary::headline(op), op.deploymentId, OperationSummary::stateText(op),
                          OperationSummary::lastStepText(op));
    m_label->setText(lines.join(QLatin1Char('\n')));
    setVisible(!operations.isEmpty());
    updateResume();
}

void UnfinishedOperationsBanner::setConnectedDeployments(const QStringList &deploymentIds)
{
    if (deploymentIds == m_connected)
        return;
    m_connected = deploymentIds;
    updateResume();
}

std::optional<OperationRecord> UnfinishedOperationsBanner::resumable() const
{
    for (auto it = m_operations.crbegin(); it != m_operations.crend(); ++it)
        if (it->kind == QLatin1String("cluster-reshard") && m_connected.contains(it->deploymentId))
            return *it;
    return std::nullopt;
}

void UnfinishedOperationsBanner::removeOperation(const QString &operationId)
{
    QList<OperationRecord> left = m_operations;
    left.removeIf([&operationId](const OperationRecord &op) { return op.id == operationId; });
    if (left.size() != m_operations.size())
        setOperations(left);
}

void UnfinishedOperationsBanner::updateResume()
{
    const bool anyReshard = std::any_of(m_operations.cbegin(), m_operations.cend(),
                                        [](const OperationRecord &op) { return op.kind == QLatin1String("cluster-reshard"); });
    const std::optional<OperationRecord> op = resumable();
    m_resume->setVisible(anyReshard);
    // Named: with several operations listed, the button says which one it finishes.
    m_resume->setText(op ? tr("Resume %1…").arg(op->id.left(8)) : tr("Resume…"));
    m_resume->setEnabled(op.has_value());
    m_resume->setToolTip(op ? PlainText::toolTip(tr("Finish %1 (%2): plan what is left from the cluster as it is now, confirm, run, verify")
                                                     .arg(op->id.left(8), op->target))
                            : tr("Connect to the reshard's deployment to resume it"));
}

QString UnfinishedOperationsBanner::text() const
{
    return m_label->text();
}

} // namespace ops
