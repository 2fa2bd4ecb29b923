#include "AppPaths.h"

#include "core/ConsoleSettings.h"
#include "history/StoreLocation.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace ops {

namespace {
QString &overrideDir()
{
    static QString dir;
    return dir;
}
QString &storeOverride()
{
    static QString location;
    return location;
}
} // namespace

void AppPaths::setDataDirOverride(const QString &dir)
{
    overrideDir() = dir;
}

void AppPaths::useSavedDataDir(const QSettings &settings)
{
    if (!overrideDir().isEmpty())
        return; // --data-dir wins
    const QString saved = ConsoleSettings::load(settings).dataDir;
    if (!saved.isEmpty())
        overrideDir() = saved;
}

QString AppPaths::dataDir()
{
    QString dir = overrideDir();
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir;
}

QString AppPaths::logFile(const QString &program)
{
    return dataDir() + QStringLiteral("/logs/") + program + QStringLiteral(".log");
}

void AppPaths::setStoreOverride(const QString &location) { storeOverride() = location; }

QString AppPaths::historyFile()
{
    if (!storeOverride().isEmpty())
        return storeOverride();
    return dataDir() + QStringLiteral("/history.sqlite");
}

QString AppPaths::spoolFile()
{
    return dataDir() + QStringLiteral("/spool.sqlite");
}

bool AppPaths::historyExists()
{
    const QString location = historyFile();
    return StoreLocation::looksLikeUrl(location) || QFileInfo::exists(location);
}

} // namespace ops
