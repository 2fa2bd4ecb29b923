#pragma once

#include <QString>

#include <memory>
#include <spdlog/logger.h>

namespace ops {

class LogRingSink;

/**
 * @brief One named spdlog logger per subsystem ("resp", "lab", "cli", ...), all writing to one
 * shared set of sinks: stderr (warnings and up by default), an optional rotating file in the data
 * dir, and an in-memory ring that the console's log view reads. Sinks added later apply to loggers
 * created earlier. Never log secrets: log RespCommand::redactedText(), never raw arguments.
 */
class Logging
{
public:
    struct Config
    {
        QString filePath;              ///< rotating file; empty = none
        spdlog::level::level_enum fileLevel = spdlog::level::debug;
        spdlog::level::level_enum consoleLevel = spdlog::level::warn;
        std::size_t maxFileBytes = 5 * 1024 * 1024;
        std::size_t maxFiles = 3;
        std::size_t ringCapacity = 5000;
    };

    /** Installs the sinks; call once from main(). Safe to skip: loggers then write warnings to stderr. */
    static void initialize(const Config &config);
    /** The logger of @p subsystem, created on first use. Thread-safe. */
    static std::shared_ptr<spdlog::logger> get(const char *subsystem);
    /** The in-memory ring of recent lines (for the log view); never null after first get(). */
    static std::shared_ptr<LogRingSink> ring();
    /** Lowers or raises the console threshold (e.g. -v on the CLI). */
    static void setConsoleLevel(spdlog::level::level_enum level);
    /**
     * The least severe level written to the log file and kept in the in-app log (Settings ▸ log
     * level; at once, for every logger): the file starts at Config::fileLevel, the ring at info.
     */
    static void setLevel(spdlog::level::level_enum level);
    /** The in-app log's level (what setLevel() set last). */
    static spdlog::level::level_enum level();
};

} // namespace ops
