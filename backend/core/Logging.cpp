#include "Logging.h"

#include "LogRingSink.h"

#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <QDir>
#include <QFileInfo>

#include <mutex>

namespace ops {

namespace {

struct Sinks
{
    std::shared_ptr<spdlog::sinks::dist_sink_mt> dist = std::make_shared<spdlog::sinks::dist_sink_mt>();
    std::shared_ptr<spdlog::sinks::stderr_color_sink_mt> console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    std::shared_ptr<LogRingSink> ring;
    std::shared_ptr<spdlog::sinks::sink> file; ///< null until initialize() opened one
    std::once_flag base;
    std::mutex mutex;
};

Sinks &sinks()
{
    static Sinks s;
    std::call_once(s.base, [] {
        s.console->set_level(spdlog::level::warn);
        s.console->set_pattern("%^%l%$ [%n] %v");
        s.ring = std::make_shared<LogRingSink>(5000);
        s.ring->set_level(spdlog::level::info);
        s.dist->add_sink(s.console);
        s.dist->add_sink(s.ring);
    });
    return s;
}

} // namespace

void Logging::initialize(const Config &config)
{
    Sinks &s = sinks();
    s.console->set_level(config.consoleLevel);
    if (!config.filePath.isEmpty()) {
        QDir().mkpath(QFileInfo(config.filePath).absolutePath());
        try {
            auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                config.filePath.toStdString(), config.maxFileBytes, config.maxFiles);
            file->set_level(config.fileLevel);
            file->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l [%n] %v");
            s.dist->add_sink(file);
            std::lock_guard lock(s.mutex);
            s.file = file;
        } catch (const spdlog::spdlog_ex &e) {
            get("app")->warn("cannot open log file {}: {}", config.filePath.toStdString(), e.what());
        }
    }
}

std::shared_ptr<spdlog::logger> Logging::get(const char *subsystem)
{
    Sinks &s = sinks();
    std::lock_guard lock(s.mutex);
    if (auto existing = spdlog::get(subsystem))
        return existing;
    auto logger = std::make_shared<spdlog::logger>(subsystem, s.dist);
    logger->set_level(spdlog::level::debug); // sinks decide what passes; trace stays compiled out of hot paths
    logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(logger);
    return logger;
}

std::shared_ptr<LogRingSink> Logging::ring()
{
    return sinks().ring;
}

void Logging::setConsoleLevel(spdlog::level::level_enum level)
{
    sinks().console->set_level(level);
}

void Logging::setLevel(spdlog::level::level_enum level)
{
    Sinks &s = sinks();
    s.ring->set_level(level);
    std::lock_guard lock(s.mutex);
    if (s.file)
        s.file->set_level(level);
}

spdlog::level::level_enum Logging::level()
{
    return sinks().ring->level();
}

} // namespace ops
