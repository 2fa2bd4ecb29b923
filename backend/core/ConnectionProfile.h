#pragma once

#include "resp/ConnectionOptions.h"

#include <QList>
#include <QString>
#include <QStringList>

class QSettings;

namespace ops {

/**
 * @brief A saved way to reach a deployment: a seed node, or sentinels + master name, with user
 * and TLS settings. Never holds a secret when stored: save() writes no password (passwords live in
 * memory, the keychain or the operator's head).
 */
struct ConnectionProfile
{
    QString name;
    ConnectionOptions options;      ///< seed endpoint, user, TLS; password only in memory
    QList<Endpoint> sentinels;      ///< non-empty: a Sentinel deployment
    QByteArray masterName;          ///< Sentinel master name
    bool readOnly = false;          ///< watch only: the console previews actions but never runs them
    /** The deployment wants a password (one was typed when it was saved): asked when opened, never stored. */
    bool askPassword = false;
    bool passwordInKeychain = false; ///< its password is in the OS keychain (SecretKeeper), not asked for

    bool isSentinel() const { return !sentinels.isEmpty(); }

    /** Profile names saved in @p settings, sorted. */
    static QStringList names(QSettings &settings);
    static ConnectionProfile load(QSettings &settings, const QString &name);
    /** Saves everything but the password (and the TLS key passphrase, which we never hold). */
    void save(QSettings &settings) const;
    static void remove(QSettings &settings, const QString &name);
};

} // namespace ops
