#pragma once

#include "core/ConnectionProfile.h"
#include "core/SecretKeeper.h"
#include "resp/ConnectionOptions.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace ops {

/**
 * @brief Asks where to connect: a seed node (cluster or standalone) or sentinels + master name,
 * ACL user, password, TLS files. Saved profiles (QSettings, never a password) fill the form; with
 * a SecretKeeper (the OS keychain) a profile may keep its password there instead of having it
 * typed each time. Validates before accepting; never touches the network itself.
 */
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(QWidget *parent = nullptr);

    void setOptions(const ConnectionOptions &options);
    ConnectionOptions options() const;
    /** The whole target: options (with the in-memory password) + sentinels + master name. */
    ConnectionProfile profile() const;
    void setProfile(const ConnectionProfile &profile);

    /** The keychain for profiles' passwords; none (the default): passwords are typed each time. */
    void setSecretKeeper(SecretKeeper *keeper);

    void accept() override;

private:
    void reloadProfiles(const QString &select = {});
    void saveProfile();
    void deleteProfile();
    void loadProfile(const QString &name);
    void showKeychainNote(const QString &text);
    QLineEdit *fileField(const QString &objectName, const QString &caption, QWidget *parent, QFormLayout *form,
                         const QString &label);

    QComboBox *m_profiles;
    QCheckBox *m_readOnly;
    QLineEdit *m_host, *m_user, *m_password, *m_caFile, *m_certFile, *m_keyFile, *m_sni, *m_sentinels, *m_master;
    QSpinBox *m_port;
    QGroupBox *m_tls;
    QCheckBox *m_insecure;
    QCheckBox *m_keepPassword;
    QLabel *m_keychainNote;
    QLabel *m_error;
    SecretKeeper *m_keeper = nullptr;
    int m_profileGeneration = 0; ///< a keychain answer for a profile no longer shown is dropped
};

} // namespace ops
