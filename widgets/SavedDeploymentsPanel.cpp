#include "SavedDeploymentsPanel.h"

#include "DeploymentWorkspace.h"
#include "SavedDeploymentsProxy.h"
#include "viewmodels/SavedDeploymentsModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QVBoxLayout>

namespace ops {

SavedDeploymentsPanel::SavedDeploymentsPanel(QWidget *parent)
    : QWidget(parent), m_model(new SavedDeploymentsModel(this)), m_proxy(new SavedDeploymentsProxy(this))
{
    m_proxy->setSourceModel(m_model);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("savedDeployments"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SavedDeploymentsModel::Name, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) { openRow(m_proxy->mapToSource(index).row()); });

    m_open = new QPushButton(tr("&Open"), this);
    m_open->setObjectName(QStringLiteral("savedDeploymentsOpen"));
    m_open->setEnabled(false);
    connect(m_open, &QPushButton::clicked, this, &SavedDeploymentsPanel::openCurrent);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SavedDeploymentsPanel::updateButton);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &SavedDeploymentsPanel::updateButton);

    m_empty = new QLabel(tr("No saved deployments. File ▸ Connect… (Ctrl+N), fill in the form and \"Save as…\" keeps one "
                            "here (never its password)."), this);
    m_empty->setObjectName(QStringLiteral("savedDeploymentsEmpty"));
    m_empty->setTextFormat(Qt::PlainText);
    m_empty->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_empty, 1);
    buttons->addStretch();
    buttons->addWidget(m_open);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    m_prompt = [this](const ConnectionProfile &profile, QByteArray *password) {
        bool ok = false;
        const QString text = QInputDialog::getText(this, tr("Password for %1").arg(profile.name),
                                                   tr("Password of %1 (kept in memory only):")
                                                       .arg(profile.options.user.isEmpty() ? tr("the default user") : profile.options.user),
                                                   QLineEdit::Password, QString(), &ok);
        *password = text.toUtf8();
        return ok;
    };
    reload();
}

void SavedDeploymentsPanel::reload()
{
    QSettings settings;
    QList<ConnectionProfile> profiles;
    for (const QString &name : ConnectionProfile::names(settings))
        profiles << ConnectionProfile::load(settings, name);
    m_model->setProfiles(profiles);
    m_view->resizeColumnsToContents();
    m_view->setVisible(!profiles.isEmpty());
    m_empty->setVisible(profiles.isEmpty());
    if (!profiles.isEmpty() && !m_view->currentIndex().isValid())
        m_view->setCurrentIndex(m_proxy->index(0, 0));
    updateButton();
}

void SavedDeploymentsPanel::track(const QString &name, int monitorId, DeploymentWorkspace *workspace)
{
    m_openTabs.insert(name, monitorId);
    auto update = [this, name, workspace] {
        SavedDeploymentsModel::Live live;
        if (const SnapshotPtr snapshot = workspace->snapshot())
            live.kind = TopologySnapshot::kindName(snapshot->kind);
        live.healthWord = workspace->healthWord();
        live.healthText = workspace->healthText();
        m_model->setLive(name, live);
    };
    update();
    connect(workspace, &DeploymentWorkspace::healthChanged, this, update);
    connect(workspace, &QObject::destroyed, this, [this, name, monitorId] {
        if (m_openTabs.value(name, -1) != monitorId)
            return; // opened again in another tab since
        m_openTabs.remove(name);
        m_model->clearLive(name);
    });
}

void SavedDeploymentsPanel::openCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid())
        openRow(m_proxy->mapToSource(current).row());
}

void SavedDeploymentsPanel::openRow(int modelRow)
{
    const ConnectionProfile *saved = m_model->profile(modelRow);
    if (saved == nullptr)
        return;
    if (const int tab = m_openTabs.value(saved->name, -1); tab >= 0) {
        emit showRequested(tab);
        return;
    }
    ConnectionProfile profile = *saved;
    if (!profile.passwordInKeychain || !m_keeper)
        return openAsking(profile);
    // The keychain first (it answers later: it may ask to be unlocked); asked for if it has none.
    m_keeper->read(profile.name, [self = QPointer<SavedDeploymentsPanel>(this), profile](const SecretKeeper::Result &r) mutable {
        if (!self)
            return;
        if (!r.ok()) {
            profile.askPassword = true;
            return self->openAsking(profile);
        }
        profile.options.password = r.password.toUtf8();
        emit self->openRequested(profile);
    });
}

void SavedDeploymentsPanel::openAsking(ConnectionProfile profile)
{
    if (profile.askPassword && !m_prompt(profile, &profile.options.password))
        return;
    emit openRequested(profile);
}

void SavedDeploymentsPanel::updateButton()
{
    const QModelIndex current = m_view->currentIndex();
    const int row = current.isValid() ? m_proxy->mapToSource(current).row() : -1;
    m_open->setEnabled(row >= 0);
    m_open->setText(m_model->isOpen(row) ? tr("Show &tab") : tr("&Open"));
}

} // namespace ops
