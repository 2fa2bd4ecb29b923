#include "ConsoleSettings.h"

#include <QDir>
#include <QFileInfo>

namespace ops {

namespace {

const QString kPollInterval = QStringLiteral("poll-interval");
const QString kDataDir = QStringLiteral("data-dir");
const QString kLogLevel = QStringLiteral("log-level");
const QString kTheme = QStringLiteral("theme");

void setError(QString *error, const QString &text)
{
    if (error != nullptr)
        *error = text;
}

/** Why @p dir cannot be the data directory, or empty. */
QString dataDirProblem(const QString &dir)
{
    if (dir.isEmpty())
        return {};
    for (const QChar c : dir)
        if (c.category() == QChar::Other_Control)
            return QStringLiteral("control characters are not allowed");
    if (!QDir::isAbsolutePath(dir))
        return QStringLiteral("expected an absolute path (/var/lib/redis-ops), or empty for the default");
    const QFileInfo info(dir);
    if (info.exists() && !info.isDir())
        return QStringLiteral("exists and is not a directory");
    if (info.exists() && !info.isWritable())
        return QStringLiteral("is not writable");
    return {};
}

} // namespace

QStringList ConsoleSettings::names()
{
    return QStringList{kPollInterval, kDataDir, kLogLevel, kTheme} + AlertSettings::names();
}

QString ConsoleSettings::keyOf(const QString &name)
{
    if (name == kPollInterval)
        return QStringLiteral("monitor/poll-interval-ms");
    if (name == kDataDir)
        return QStringLiteral("paths/data-dir");
    if (name == kLogLevel)
        return QStringLiteral("logging/level");
    if (name == kTheme)
        return QStringLiteral("appearance/theme");
    return AlertSettings::settingsGroup() + QLatin1Char('/') + name;
}

ConsoleSettings::Applies ConsoleSettings::appliesWhen(const QString &name)
{
    if (name == kPollInterval)
        return Applies::NewDeployments;
    if (name == kDataDir)
        return Applies::Restart;
    return Applies::Live;
}

QStringList ConsoleSettings::logLevels()
{
    return {QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("error")};
}

QStringList ConsoleSettings::themeNames()
{
    return {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")};
}

QString ConsoleSettings::themeName(Theme theme)
{
    return themeNames().at(int(theme));
}

bool ConsoleSettings::set(const QString &name, const QString &text, QString *error)
{
    if (name == kPollInterval) {
        bool ok = false;
        const int ms = text.trimmed().toInt(&ok);
        if (!ok || ms < kMinPollIntervalMs || ms > kMaxPollIntervalMs) {
            setError(error, QStringLiteral("%1=%2: expected milliseconds from %3 to %4 (1000)")
                                .arg(name, text).arg(kMinPollIntervalMs).arg(kMaxPollIntervalMs));
            return false;
        }
        pollIntervalMs = ms;
        return true;
    }
    if (name == kDataDir) {
        const QString dir = text.trimmed();
        if (const QString why = dataDirProblem(dir); !why.isEmpty()) {
            setError(error, QStringLiteral("%1=%2: %3").arg(name, text, why));
            return false;
        }
        dataDir = dir.isEmpty() ? QString() : QDir::cleanPath(dir);
        return true;
    }
    if (name == kLogLevel || name == kTheme) {
        const QStringList accepted = name == kLogLevel ? logLevels() : themeNames();
        const qsizetype index = accepted.indexOf(text.trimmed().toLower());
        if (index < 0) {
            setError(error, QStringLiteral("%1=%2: expected one of %3").arg(name, text, accepted.join(QStringLiteral(", "))));
            return false;
        }
        if (name == kLogLevel)
            logLevel = accepted.at(index);
        else
            theme = Theme(index);
        return true;
    }
    if (!AlertSettings::names().contains(name)) {
        setError(error, QStringLiteral("unknown setting '%1' (one of: %2)").arg(name, names().join(QStringLiteral(", "))));
        return false;
    }
    return alerts.set(name, text, error);
}

QString ConsoleSettings::value(const QString &name) const
{
    if (name == kPollInterval)
        return QString::number(pollIntervalMs);
    if (name == kDataDir)
        return dataDir;
    if (name == kLogLevel)
        return logLevel;
    if (name == kTheme)
        return themeName(theme);
    return alerts.value(name);
}

QStringList ConsoleSettings::differences(const ConsoleSettings &other) const
{
    QStringList out;
    for (const QString &name : names())
        if (value(name) != other.value(name))
            out << name;
    return out;
}

spdlog::level::level_enum ConsoleSettings::spdlogLevel() const
{
    if (logLevel == QLatin1String("debug"))
        return spdlog::level::debug;
    if (logLevel == QLatin1String("warning"))
        return spdlog::level::warn;
    if (logLevel == QLatin1String("error"))
        return spdlog::level::err;
    return spdlog::level::info;
}

ConsoleSettings ConsoleSettings::load(const QSettings &settings, QStringList *problems)
{
    ConsoleSettings s;
    for (const QString &name : names()) {
        const QString key = keyOf(name);
        if (!settings.contains(key))
            continue;
        QString error;
        if (!s.set(name, settings.value(key).toString(), &error) && problems != nullptr) {
            const QString fallback = ConsoleSettings().value(name);
            *problems << QStringLiteral("%1 (setting %2; the default %3 is used)")
                             .arg(error, key, fallback.isEmpty() ? QStringLiteral("(none)") : fallback);
        }
    }
    return s;
}

void ConsoleSettings::save(QSettings &settings) const
{
    for (const QString &name : names())
        settings.setValue(keyOf(name), value(name));
}

} // namespace ops
