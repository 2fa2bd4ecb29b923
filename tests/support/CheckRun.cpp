#include "CheckRun.h"

#include "CliProcess.h"

#include <QJsonArray>

CheckRun CheckRun::of(const QString &binary, const QString &home, const QStringList &args, int waitMs)
{
    CliProcess p(binary, home, QStringList{QStringLiteral("check")} + args);
    CheckRun r;
    if (!p.finished(waitMs))
        return r;
    r.code = p.process().exitStatus() == QProcess::NormalExit ? p.process().exitCode() : -2;
    r.out = p.out();
    r.err = p.err();
    if (!p.lines().isEmpty())
        r.report = p.lines().last();
    return r;
}

QString CheckRun::outcome(const QString &rule) const
{
    QStringList words;
    for (const QJsonValue &v : report.value(QStringLiteral("findings")).toArray()) {
        const QJsonObject f = v.toObject();
        if (f.value(QStringLiteral("rule")).toString() != rule)
            continue;
        const QString status = f.value(QStringLiteral("status")).toString();
        words << (status == QLatin1String("fire") ? status + QLatin1Char(':') + f.value(QStringLiteral("severity")).toString() : status);
    }
    words.sort();
    return words.isEmpty() ? QStringLiteral("n/a") : words.join(QLatin1Char(','));
}

QJsonObject CheckRun::first(const QString &rule) const
{
    for (const QJsonValue &v : report.value(QStringLiteral("findings")).toArray())
        if (v.toObject().value(QStringLiteral("rule")).toString() == rule)
            return v.toObject();
    return {};
}

QString CheckRun::evidence(const QString &rule, const QString &name) const
{
    return first(rule).value(QStringLiteral("evidence")).toObject().value(name).toString();
}

QStringList CheckRun::nodes(const QString &rule) const
{
    QStringList found;
    for (const QJsonValue &v : report.value(QStringLiteral("findings")).toArray())
        if (v.toObject().value(QStringLiteral("rule")).toString() == rule)
            for (const QJsonValue &n : v.toObject().value(QStringLiteral("nodes")).toArray())
                found << n.toString();
    found.sort();
    return found;
}

QByteArray CheckRun::describe() const
{
    return "exit " + QByteArray::number(code) + "\nstdout:\n" + out + "\nstderr:\n" + err;
}
