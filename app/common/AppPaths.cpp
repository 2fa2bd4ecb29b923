#include "AppPaths.h"

#include <QDir>
#include <QStandardPaths>

namespace ops {

namespace {
QString &overrideDir()
{
    static QString dir;
    return dir;
}
} // namespace

void AppPaths::setDataDirOverride(const QString &dir)
{
    overrideDir() = dir;
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

QString AppPaths::historyFile()
{
    return dataDir() + QStringLiteral("/history.sqlite");
}

} // namespace ops
