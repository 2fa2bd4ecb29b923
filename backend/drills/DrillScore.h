#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ops {

/**
 * @brief The result of one drill run: how fast the trainee noticed and fixed the fault, what the
 * application lost, and how the trainee's actions compare with the matching runbook. Durations
 * are milliseconds after the fault was injected (measured on the drill's Clock); -1 = never.
 */
struct DrillScore
{
    QString scenarioId;
    QString trainee;
    quint32 seed = 0;
    qint64 startedMs = 0;       ///< wall clock when the fault was injected (ms since the epoch)
    QString outcome;            ///< "recovered", "aborted", "failed"
    qint64 detectMs = -1;       ///< first acknowledgement or action
    qint64 recoverMs = -1;      ///< recovery condition first met
    qint64 ackedWrites = 0;     ///< writes the background writer had acknowledged
    qint64 lostWrites = -1;     ///< acknowledged writes missing afterwards; -1 = not checked
    QStringList actions;        ///< what the trainee did, in order (runbook step ids where they match)
    int runbookSteps = 0;       ///< steps of the matching runbook (0: none)
    int matchedSteps = 0;       ///< distinct runbook steps among actions
    QString note;               ///< why a run failed, or empty

    QJsonObject toJson() const;
    static DrillScore fromJson(const QJsonObject &json);
    /** A few lines for the CLI and the drill report. */
    QString toText() const;
    /** "12.3 s", or @p never for a negative duration (-1: never happened). */
    static QString secondsText(qint64 ms, const QString &never = QStringLiteral("-"));

    friend bool operator==(const DrillScore &, const DrillScore &) = default;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::DrillScore)
