#include "SecretStore.h"

#include "Logging.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>
#include <QPointer>
#include <QTimer>

namespace ops {

namespace {

std::shared_ptr<spdlog::logger> log()
{
    return Logging::get("secrets");
}

SecretStore::Result resultOf(const QKeychain::Job &job, const QString &what)
{
    using Status = SecretStore::Result::Status;
    SecretStore::Result r;
    switch (job.error()) {
    case QKeychain::NoError:
        r.status = Status::Ok;
        return r;
    case QKeychain::EntryNotFound:
        r.status = Status::NotFound;
        r.message = QStringLiteral("no password saved in the keychain for %1").arg(what);
        return r;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        r.status = Status::NoKeychain;
        r.message = QStringLiteral("no keychain available (%1)").arg(job.errorString());
        return r;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        r.status = Status::Denied;
        r.message = QStringLiteral("the keychain refused access to %1: %2").arg(what, job.errorString());
        return r;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    r.status = Status::Failed;
    r.message = QStringLiteral("keychain error for %1: %2").arg(what, job.errorString());
    return r;
}

/** Starts @p job; answers @p done on @p context's thread unless the context died first. */
void run(QKeychain::Job *job, QObject *context, const QString &what, std::function<void(const QKeychain::Job &)> read,
         SecretStore::Callback done)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never the plain-text QSettings fallback
    QPointer<QObject> alive(context);
    QObject::connect(job, &QKeychain::Job::finished, context, [alive, job, what, read, done](QKeychain::Job *) {
        if (!alive)
            return;
        SecretStore::Result r = resultOf(*job, what);
        if (r.ok() && read)
            read(*job);
        if (!r.ok() && r.status != SecretStore::Result::Status::NotFound)
            log()->warn("{}", r.message.toStdString());
        done(r);
    });
    job->start();
}

} // namespace

SecretStore::SecretStore(QString service, QObject *parent)
    : QObject(parent), m_service(std::move(service))
{
}

void SecretStore::read(const QString &profileName, Callback done)
{
    readWith(this, profileName, std::move(done));
}

void SecretStore::readWith(QObject *context, const QString &profileName, Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(keyOf(profileName));
    auto password = std::make_shared<QString>();
    run(job, context, QStringLiteral("'%1'").arg(profileName),
        [password](const QKeychain::Job &j) { *password = static_cast<const QKeychain::ReadPasswordJob &>(j).textData(); },
        [password, done](Result r) {
            r.password = *password;
            done(r);
        });
}

void SecretStore::write(const QString &profileName, const QString &password, Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(keyOf(profileName));
    job->setTextData(password);
    run(job, this, QStringLiteral("'%1'").arg(profileName), {}, std::move(done));
}

void SecretStore::remove(const QString &profileName, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(keyOf(profileName));
    run(job, this, QStringLiteral("'%1'").arg(profileName), {}, [done](Result r) {
        if (r.status == Result::Status::NotFound)
            r = Result{Result::Status::Ok, {}, {}};
        done(r);
    });
}

SecretStore::Result SecretStore::readBlocking(const QString &profileName, int timeoutMs)
{
    QEventLoop loop;
    Result out{Result::Status::Failed, {}, QStringLiteral("the keychain did not answer within %1 ms").arg(timeoutMs)};
    bool answered = false;
    // A late answer (after the timeout) must not reach this frame: it goes to a context that dies
    // with it.
    QObject frame;
    readWith(&frame, profileName, [&](const Result &r) {
        out = r;
        answered = true;
        loop.quit();
    });
    if (!answered) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return out;
}

} // namespace ops
