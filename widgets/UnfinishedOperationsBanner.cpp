#include "UnfinishedOperationsBanner.h"

#include "history/OperationSummary.h"

#include <QAction>
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
    QAction *dismiss = addAction(tr("Dismiss"));
    dismiss->setObjectName(QStringLiteral("actionDismissUnfinishedOperations"));
    connect(dismiss, &QAction::triggered, this, &QWidget::hide);
}

void UnfinishedOperationsBanner::setOperations(const QList<OperationRecord> &operations)
{
    m_operations = operations;
    QStringList lines;
    lines << (operations.size() == 1
                  ? tr("An operation did not finish: the program running it stopped (interrupted). Check the deployment before "
                       "acting again.")
                  : tr("%1 operations did not finish: the programs running them stopped (interrupted). Check the deployments "
                       "before acting again.").arg(operations.size()));
    for (const OperationRecord &op : operations)
        lines << tr("%1 — %2; %3; last step %4")
                     .arg(op.id, OperationSummary::headline(op), OperationSummary::stateText(op), OperationSummary::lastStepText(op));
    m_label->setText(lines.join(QLatin1Char('\n')));
    setVisible(!operations.isEmpty());
}

QString UnfinishedOperationsBanner::text() const
{
    return m_label->text();
}

} // namespace ops
