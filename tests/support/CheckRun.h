#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

/** One `redis-ops check --json` run and its report, as the check tests read it. */
struct CheckRun
{
    int code = -1; ///< exit code; -1 when it did not finish in time, -2 when it crashed
    QJsonObject report;
    QByteArray out, err;

    /** Runs `<binary> check <args>` with HOME at @p home and waits up to @p waitMs. */
    static CheckRun of(const QString &binary, const QString &home, const QStringList &args, int waitMs);

    /** "status[:severity]" of every finding of @p rule, sorted, joined by ","; "n/a" when none. */
    QString outcome(const QString &rule) const;
    /** The first finding of @p rule; empty when none. */
    QJsonObject first(const QString &rule) const;
    /** Evidence value @p name of the first finding of @p rule. */
    QString evidence(const QString &rule, const QString &name) const;
    /** The nodes of every finding of @p rule, sorted. */
    QStringList nodes(const QString &rule) const;
    /** Exit code, stdout and stderr, for a failure message. */
    QByteArray describe() const;
};
