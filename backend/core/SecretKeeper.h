#pragma once

#include <QString>

#include <functional>

namespace ops {

/**
 * @brief Where saved profiles' passwords are kept: the OS keychain (SecretStore, in the I/O
 * library), seen by the views only through this interface. Never settings, logs or history.
 *
 * Every call answers once, later, on the caller's thread (a keychain may ask its user to unlock
 * it first). No keychain is an answer (NoKeychain): the password is then asked for each time.
 */
class SecretKeeper
{
public:
    struct Result
    {
        enum class Status { Ok, NotFound, NoKeychain, Denied, Failed };
        Status status = Status::Failed;
        QString password;   ///< read(): the secret when Ok
        QString message;    ///< why, in words, when not Ok (never contains the secret)
        bool ok() const { return status == Status::Ok; }
    };
    using Callback = std::function<void(const Result &)>;

    virtual ~SecretKeeper() = default;

    /** The password saved for profile @p profileName. */
    virtual void read(const QString &profileName, Callback done) = 0;
    virtual void write(const QString &profileName, const QString &password, Callback done) = 0;
    /** Removing a password that is not there is Ok. */
    virtual void remove(const QString &profileName, Callback done) = 0;
};

} // namespace ops
