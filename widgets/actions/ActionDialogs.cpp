#include "ActionDialogs.h"

#include "FailoverWizard.h"
#include "ReshardWizard.h"

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
    connect(wizard, &FailoverWizard::previewRequested, this, [this, monitorId](const FailoverIntent &i) {
        m_reshardActive[monitorId] = false;
        emit failoverPreviewRequested(monitorId, i);
    });
    connect(wizard, &FailoverWizard::executeRequested, this, [this, monitorId](const QString &id) {
        m_reshardActive[monitorId] = false;
        emit executeRequested(monitorId, id);
    });
    connect(wizard, &FailoverWizard::takeOverRequested, this, [this, monitorId](const QString &id, const QString &holder) {
        m_reshardActive[monitorId] = false;
        emit takeOverRequested(monitorId, id, holder);
    });
    connect(wizard, &FailoverWizard::cancelRequested, this, [this, monitorId] { emit cancelRequested(monitorId); });
    wizard->show();
    wizard->begin();
    return wizard;
}

FailoverWizard *ActionDialogs::failoverWizard(int monitorId) const { return m_wizards.value(monitorId); }

ReshardWizard *ActionDialogs::openReshard(int monitorId, const QString &title, const QStringList &masters,
                                         const ReshardIntent &intent)
{
    if (ReshardWizard *open = m_reshardWizards.value(monitorId)) {
        open->raise();
        open->activateWindow();
        return open;
    }
    ReshardWizard *wizard = createReshard(monitorId, title, masters, intent);
    wizard->show();
    wizard->begin();
    return wizard;
}

ReshardWizard *ActionDialogs::openResume(int monitorId, const QString &title, const QString &operationId, const QString &summary)
{
    if (ReshardWizard *open = m_reshardWizards.value(monitorId)) {
        if (open->running() || open->resumeOperation() == operationId) {
            open->raise();
            open->activateWindow();
            return open;
        }
        delete open; // idle or done: the resume takes its place (one reshard dialog per tab)
    }
    ReshardWizard *wizard = createReshard(monitorId, title, {}, ReshardIntent{});
    wizard->setResume(operationId, summary);
    wizard->show();
    wizard->begin();
    return wizard;
}

ReshardWizard *ActionDialogs::createReshard(int monitorId, const QString &title, const QStringList &masters,
                                            const ReshardIntent &intent)
{
    auto *wizard = new ReshardWizard(title, masters, intent, m_window);
    m_reshardWizards.insert(monitorId, wizard);
    connect(wizard, &ReshardWizard::resumePreviewRequested, this, [this, monitorId](const QString &operationId) {
        m_reshardActive[monitorId] = true;
        emit resumePreviewRequested(monitorId, operationId);
    });
    connect(wizard, &ReshardWizard::previewRequested, this, [this, monitorId](const ReshardIntent &i) {
        m_reshardActive[monitorId] = true;
        emit reshardPreviewRequested(monitorId, i);
    });
    connect(wizard, &ReshardWizard::executeRequested, this, [this, monitorId](const QString &id) {
        m_reshardActive[monitorId] = true;
        emit executeRequested(monitorId, id);
    });
    connect(wizard, &ReshardWizard::takeOverRequested, this, [this, monitorId](const QString &id, const QString &holder) {
        m_reshardActive[monitorId] = true;
        emit takeOverRequested(monitorId, id, holder);
    });
    connect(wizard, &ReshardWizard::pauseRequested, this, [this, monitorId](bool paused) { emit pauseRequested(monitorId, paused); });
    connect(wizard, &ReshardWizard::cancelRequested, this, [this, monitorId] { emit cancelRequested(monitorId); });
    return wizard;
}

ReshardWizard *ActionDialogs::reshardWizard(int monitorId) const { return m_reshardWizards.value(monitorId); }

QDialog *ActionDialogs::active(int monitorId) const
{
    if (m_reshardActive.value(monitorId))
        return m_reshardWizards.value(monitorId);
    return m_wizards.value(monitorId);
}

bool ActionDialogs::running(int monitorId) const
{
    const FailoverWizard *f = m_wizards.value(monitorId);
    const ReshardWizard *r = m_reshardWizards.value(monitorId);
    return (f && f->running()) || (r && r->running());
}

bool ActionDialogs::anyRunning() const
{
    return std::any_of(m_wizards.cbegin(), m_wizards.cend(), [](const QPointer<FailoverWizard> &w) { return w && w->running(); })
        || std::any_of(m_reshardWizards.cbegin(), m_reshardWizards.cend(),
                       [](const QPointer<ReshardWizard> &w) { return w && w->running(); });
}

void ActionDialogs::showPreview(int monitorId, const ActionPreview &preview)
{
    if (preview.kind == QLatin1String("cluster-reshard")) {
        if (ReshardWizard *w = m_reshardWizards.value(monitorId))
            w->showPreview(preview);
    } else if (FailoverWizard *w = m_wizards.value(monitorId)) {
        w->showPreview(preview);
    }
}

void ActionDialogs::showStarted(int monitorId, const QString &operationId)
{
    if (auto *r = qobject_cast<ReshardWizard *>(active(monitorId)))
        r->showStarted(operationId);
    else if (auto *f = qobject_cast<FailoverWizard *>(active(monitorId)))
        f->showStarted(operationId);
}

void ActionDialogs::showProgress(int monitorId, const ActionProgress &progress)
{
    if (auto *r = qobject_cast<ReshardWizard *>(active(monitorId)))
        r->showProgress(progress);
    else if (auto *f = qobject_cast<FailoverWizard *>(active(monitorId)))
        f->showProgress(progress);
}

void ActionDialogs::showReshardProgress(int monitorId, const ReshardProgress &progress)
{
    if (ReshardWizard *w = m_reshardWizards.value(monitorId))
        w->showReshardProgress(progress);
}

void ActionDialogs::showOutcome(int monitorId, const ActionOutcome &outcome)
{
    if (auto *r = qobject_cast<ReshardWizard *>(active(monitorId)))
        r->showOutcome(outcome);
    else if (auto *f = qobject_cast<FailoverWizard *>(active(monitorId)))
        f->showOutcome(outcome);
    emit actionFinished(monitorId, outcome);
}

} // namespace ops
