#pragma once

#include "core/ConnectionProfile.h"
#include "core/SecretKeeper.h"

#include <QHash>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableView;

namespace ops {

class DeploymentWorkspace;
class SavedDeploymentsModel;
class SavedDeploymentsProxy;

/**
 * @brief The Overview's "Saved deployments": every saved profile (ConnectionProfile, read from
 * QSettings) with its kind, address, user, TLS, read-only flag and health at a glance — the live
 * badge of a profile open in a tab (track()), "not open" otherwise. Open (button, double-click,
 * Enter) on a profile not open emits openRequested() — the connection dialog's path — after
 * asking for the password when the profile wants one (never stored); on an open one it emits
 * showRequested() (its tab).
 *
 * objectNames: savedDeployments (the table), savedDeploymentsOpen, savedDeploymentsEmpty.
 */
class SavedDeploymentsPanel : public QWidget
{
    Q_OBJECT
public:
    /** Asks for @p profile's password; false: cancelled. */
    using PasswordPrompt = std::function<bool(const ConnectionProfile &profile, QByteArray *password)>;

    explicit SavedDeploymentsPanel(QWidget *parent = nullptr);

    /** Reads the saved profiles again (after the connection dialog saved or deleted one). */
    void reload();
    /** @p workspace (tab @p monitorId) watches profile @p name: its badge is shown until the tab closes. */
    void track(const QString &name, int monitorId, DeploymentWorkspace *workspace);
    /** Default: a password field in a QInputDialog. Tests set their own. */
    void setPasswordPrompt(PasswordPrompt prompt) { m_prompt = std::move(prompt); }
    /** Where profiles marked passwordInKeychain keep their password; none: asked like the others. */
    void setSecretKeeper(SecretKeeper *keeper) { m_keeper = keeper; }
    /** Opens (or shows) the profile in @p row of the model, as the Open button does. */
    void openRow(int modelRow);

    SavedDeploymentsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

signals:
    /** Watch @p profile (password filled in when asked for): ConsoleSessions::watchProfile. */
    void openRequested(const ops::ConnectionProfile &profile);
    /** The profile is open in tab @p monitorId: bring it to front. */
    void showRequested(int monitorId);

private:
    void openCurrent();
    /** Asks for the password when the profile wants one, then emits openRequested(). */
    void openAsking(ConnectionProfile profile);
    void updateButton();

    SavedDeploymentsModel *m_model;
    SavedDeploymentsProxy *m_proxy;
    QTableView *m_view;
    QPushButton *m_open;
    QLabel *m_empty;
    PasswordPrompt m_prompt;
    SecretKeeper *m_keeper = nullptr;
    QHash<QString, int> m_openTabs; ///< profile name -> monitor id of the tab that shows it
};

} // namespace ops
