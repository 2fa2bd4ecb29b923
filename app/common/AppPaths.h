#pragma once

#include <QString>

namespace ops {

/** @brief The data dir (history, logs): --data-dir if given, else AppDataLocation. */
class AppPaths
{
public:
    static void setDataDirOverride(const QString &dir);
    static QString dataDir();
    static QString logFile(const QString &program);
    /** The history database shared by the console and the CLI. */
    static QString historyFile();
};

} // namespace ops
