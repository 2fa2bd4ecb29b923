#pragma once

#include <QString>

class QSettings;

namespace ops {

/** @brief The data dir (history, logs): --data-dir if given, else AppDataLocation. */
class AppPaths
{
public:
    static void setDataDirOverride(const QString &dir);
    /**
     * The data dir chosen in Settings (ConsoleSettings "paths/data-dir") unless --data-dir set one:
     * both programs call it once at start, so a change applies after a restart and the console and
     * the CLI keep sharing one history. Problems with the saved value are logged and ignored.
     */
    static void useSavedDataDir(const QSettings &settings);
    static QString dataDir();
    static QString logFile(const QString &program);
    /** `--store`: a postgresql:// URL or an SQLite file (checked by the caller with StoreLocation::parse). */
    static void setStoreOverride(const QString &location);
    /** The history store shared by the console and the CLI: --store if given, else history.sqlite in the data dir. */
    static QString historyFile();
    /**
     * Where writes for a shared store wait while it is unreachable (SharedStoreWriter's spool):
     * spool.sqlite in the data dir, one file for the console and the CLI of that data dir.
     */
    static QString spoolFile();
    /** Whether there may be history to read: a shared store always, a file when it exists. */
    static bool historyExists();
};

} // namespace ops
