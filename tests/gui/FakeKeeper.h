#pragma once

#include "core/SecretKeeper.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <optional>

/**
 * An in-memory keychain for the views' side of SecretKeeper: answers later (queued, as a real one
 * does), or with a set failure; records every call ("read NAME", "write NAME", "remove NAME").
 */
class FakeKeeper : public QObject, public ops::SecretKeeper
{
public:
    QHash<QString, QString> secrets;
    std::optional<Result::Status> failWith;
    QStringList calls;

    void read(const QString &profile, Callback done) override
    {
        calls << QStringLiteral("read ") + profile;
        Result r{Result::Status::Ok, secrets.value(profile), {}};
        if (failWith)
            r = Result{*failWith, {}, QStringLiteral("no keychain available (test)")};
        else if (!secrets.contains(profile))
            r = Result{Result::Status::NotFound, {}, QStringLiteral("no password saved in the keychain for '%1'").arg(profile)};
        answer(r, std::move(done));
    }
    void write(const QString &profile, const QString &password, Callback done) override
    {
        calls << QStringLiteral("write ") + profile;
        if (!failWith)
            secrets.insert(profile, password);
        answer(failWith ? Result{*failWith, {}, QStringLiteral("no keychain available (test)")} : Result{Result::Status::Ok, {}, {}},
               std::move(done));
    }
    void remove(const QString &profile, Callback done) override
    {
        calls << QStringLiteral("remove ") + profile;
        secrets.remove(profile);
        answer(Result{Result::Status::Ok, {}, {}}, std::move(done));
    }

private:
    void answer(const Result &r, Callback done)
    {
        QMetaObject::invokeMethod(this, [r, done = std::move(done)] { done(r); }, Qt::QueuedConnection);
    }
};
