#pragma once

#include "SecretKeeper.h"

#include <QObject>
#include <QString>

namespace ops {

/**
 * @brief The OS keychain (the freedesktop Secret Service — GNOME Keyring, KWallet — through
 * QtKeychain) as a SecretKeeper: one entry per saved profile, service defaultService(), key
 * keyOf(profile). There is no plain-text fallback (QtKeychain's insecure fallback stays off).
 */
class SecretStore : public QObject, public SecretKeeper
{
    Q_OBJECT
public:
    using Result = SecretKeeper::Result;
    using Callback = SecretKeeper::Callback;

    /** @p service: the keychain's service name (tests use their own). */
    explicit SecretStore(QString service = defaultService(), QObject *parent = nullptr);

    static QString defaultService() { return QStringLiteral("redis-ops-console"); }
    /** The keychain key of profile @p profileName's password. */
    static QString keyOf(const QString &profileName) { return QStringLiteral("profile/") + profileName; }

    void read(const QString &profileName, Callback done) override;
    void write(const QString &profileName, const QString &password, Callback done) override;
    void remove(const QString &profileName, Callback done) override;

    /** For command-line programs: read() waiting in a local event loop up to @p timeoutMs. */
    Result readBlocking(const QString &profileName, int timeoutMs = 10000);

private:
    void readWith(QObject *context, const QString &profileName, Callback done);

    QString m_service;
};

} // namespace ops
