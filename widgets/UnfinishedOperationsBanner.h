#pragma once

#include "history/OperationRecord.h"

#include <QToolBar>

#include <optional>

class QLabel;

namespace ops {

/**
 * @brief The notice the main window shows at start when the journal holds unfinished operations
 * (Planned / Running: the program running them stopped): which operation, who started it, when,
 * its last step, and that the deployment must be checked before acting again. "Show in History"
 * asks for the operation's History page; "Resume…" (for a reshard, move / rebalance / drain, of a
 * deployment a tab watches) asks to finish it through the resume wizard; "Dismiss" hides the
 * notice. A toolbar, so the window's central widget is untouched. Plain text only.
 */
class UnfinishedOperationsBanner : public QToolBar
{
    Q_OBJECT
public:
    explicit UnfinishedOperationsBanner(QWidget *parent = nullptr);

    void setOperations(const QList<OperationRecord> &operations);
    const QList<OperationRecord> &operations() const { return m_operations; }
    QString text() const;
    /** The deployments the window watches: "Resume…" is offered for a reshard of one of them. */
    void setConnectedDeployments(const QStringList &deploymentIds);
    /** The operation "Resume…" would resume (the latest listed reshard of a watched deployment), if any. */
    std::optional<OperationRecord> resumable() const;
    /** Drops @p operationId from the notice (it finished); hides the notice when none is left. */
    void removeOperation(const QString &operationId);

signals:
    /** The operator wants to see @p operation in the History page of its deployment. */
    void showRequested(const ops::OperationRecord &operation);
    /** The operator wants to finish @p operation (a reshard) through the resume wizard. */
    void resumeRequested(const ops::OperationRecord &operation);

private:
    void updateResume();

    QLabel *m_label;
    QAction *m_resume = nullptr;
    QList<OperationRecord> m_operations;
    QStringList m_connected;
};

} // namespace ops
