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
    /** `--store`: a postgresql:// URL or an SQLite file (checked by the caller with StoreLocation::parse). */
    static void setStoreOverride(const QString &location);
    /** The history store shared by the console and the CLI: --store if given, else history.sqlite in the data dir. */
    static QString historyFile();
    /** Whether there may be history to read: a shared store always, a file when it exists. */
    static bool historyExists();
};

} // namespace ops
