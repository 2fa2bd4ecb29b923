#include "ActionDialogs.h"

#include "FailoverWizard.h"

#include <QWidget>

#include <algorithm>

namespace ops {

ActionDialogs::ActionDialogs(QWidget *window) : QObject(window), m_window(window) {}

FailoverWizard *ActionDialogs::openFailover(int monitorId, const QString &title, bool cluster, const FailoverIntent &intent)
{
    if (FailoverWizard *open = m_wizards.value(monitorId)) {
        // One action per deployment: the open dialog (maybe running) comes to the front.
        open->raise();
        open->activateWindow();
        return open;
    }
    auto *wizard = new FailoverWizard(title, cluster, intent, m_window);
    m_wizards.insert(monitorId, wizard);
    connect(wizard, &FailoverWizard::previewRequested, this,
            [this, monitorId](const FailoverIntent &i) { emit failoverPreviewRequested(monitorId, i); });
    connect(wizard, &FailoverWizard::executeRequested, this, [this, monitorId](const QString &id) { emit executeRequested(monitorId, id); });
    connect(wizard, &FailoverWizard::cancelRequested, this, [this, monitorId] { emit cancelRequested(monitorId); });
    wizard->show();
    wizard->begin();
    return wizard;
}

FailoverWizard *ActionDialogs::failoverWizard(int monitorId) const { return m_wizards.value(monitorId); }

bool ActionDialogs::anyRunning() const
{
    return std::any_of(m_wizards.cbegin(), m_wizards.cend(), [](const QPointer<FailoverWizard> &w) { return w && w->running(); });
}

void ActionDialogs::showPreview(int monitorId, const ActionPreview &preview)
{
    if (FailoverWizard *w = m_wizards.value(monitorId))
        w->showPreview(preview);
}

void ActionDialogs::showStarted(int monitorId, const QString &operationId)
{
    if (FailoverWizard *w = m_wizards.value(monitorId))
        w->showStarted(operationId);
}

void ActionDialogs::showProgress(int monitorId, const ActionProgress &progress)
{
    if (FailoverWizard *w = m_wizards.value(monitorId))
        w->showProgress(progress);
}

void ActionDialogs::showOutcome(int monitorId, const ActionOutcome &outcome)
{
    if (FailoverWizard *w = m_wizards.value(monitorId))
        w->showOutcome(outcome);
    emit actionFinished(monitorId, outcome);
}

} // namespace ops
