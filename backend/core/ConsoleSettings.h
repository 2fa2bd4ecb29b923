#pragma once

#include "health/AlertSettings.h"

#include <QSettings>
#include <QString>
#include <QStringList>

#include <spdlog/common.h>

namespace ops {

/**
 * @brief What Edit ▸ Settings… edits: the poll interval, the alert thresholds and notification
 * switches (AlertSettings, the same "alerts/<name>" keys `redis-ops check` reads), the data
 * directory, the log level and the theme. One text form per setting (set()/value(), like
 * AlertSettings), validated with an error that names the accepted range; load() keeps the default
 * of a bad stored value and reports it.
 *
 * Names, keys and when a change takes effect (appliesWhen()):
 * - poll-interval (monitor/poll-interval-ms): 100..60000 ms — deployments opened afterwards
 * - data-dir (paths/data-dir): an absolute path, empty for the platform's default — after a
 *   restart of either program (`--data-dir` wins)
 * - log-level (logging/level): debug, info, warning, error — at once (log file, application log)
 * - theme (appearance/theme): system, light, dark — at once
 * - AlertSettings::names() (alerts/<name>) — at once, in every open deployment
 */
struct ConsoleSettings
{
    enum class Theme { System, Light, Dark };
    enum class Applies { Live, NewDeployments, Restart };

    static constexpr int kMinPollIntervalMs = 100;
    static constexpr int kMaxPollIntervalMs = 60000;

    int pollIntervalMs = 1000;
    AlertSettings alerts;
    QString dataDir; ///< empty: the platform's application data folder
    QString logLevel = QStringLiteral("info");
    Theme theme = Theme::System;

    /** The general names, then AlertSettings::names(). */
    static QStringList names();
    /** The QSettings key of @p name ("monitor/poll-interval-ms", "alerts/lag-bytes", ...). */
    static QString keyOf(const QString &name);
    static Applies appliesWhen(const QString &name);
    static QStringList logLevels();
    static QStringList themeNames();
    static QString themeName(Theme theme);

    /** Sets @p name from text; false with a plain-text @p error naming the accepted values. */
    bool set(const QString &name, const QString &value, QString *error);
    QString value(const QString &name) const;
    /** The names whose value differs from @p other's. */
    QStringList differences(const ConsoleSettings &other) const;
    spdlog::level::level_enum spdlogLevel() const;

    /** Defaults overridden by @p settings' keys; problems (why, key, default used) in @p problems. */
    static ConsoleSettings load(const QSettings &settings, QStringList *problems = nullptr);
    /** Writes every setting (so the CLI and a restart read what the dialog showed). */
    void save(QSettings &settings) const;
};

} // namespace ops
