#pragma once

#include "history/OperationRecord.h"

#include <QToolBar>

class QLabel;

namespace ops {

/**
 * @brief The notice the main window shows at start when the journal holds unfinished operations
 * (Planned / Running: the program running them stopped): which operation, who started it, when,
 * its last step, and that the deployment must be checked before acting again. "Show in History"
 * asks for the operation's History page; "Dismiss" hides the notice. A toolbar, so the window's
 * central widget is untouched. Plain text only.
 */
class UnfinishedOperationsBanner : public QToolBar
{
    Q_OBJECT
public:
    explicit UnfinishedOperationsBanner(QWidget *parent = nullptr);

    void setOperations(const QList<OperationRecord> &operations);
    const QList<OperationRecord> &operations() const { return m_operations; }
    QString text() const;

signals:
    /** The operator wants to see @p operation in the History page of its deployment. */
    void showRequested(const ops::OperationRecord &operation);

private:
    QLabel *m_label;
    QList<OperationRecord> m_operations;
};

} // namespace ops
