#pragma once

#include "IncidentReport.h"

#include <QList>
#include <QPair>
#include <QStringList>

namespace ops {

/**
 * @brief What an incident report says, section by section, as plain text (pure): the Markdown
 * and HTML writers render the same sections, each escaping every string its own way, so the
 * two formats cannot drift apart and no writer formats server data by hand.
 */
class IncidentReportLayout
{
public:
    struct Section
    {
        QString title;
        QList<QPair<QString, QString>> facts; ///< "name: value" lines
        QStringList paragraphs;               ///< plain sentences
        QStringList headers;                  ///< a table, when not empty
        QList<QStringList> rows;
        QList<QPair<QString, QStringList>> notes; ///< a list of "label" -> lines (runbook notes)
        QList<IncidentPlot> plots;
    };

    static QString title(const IncidentReport &report);
    static QList<Section> sections(const IncidentReport &report);
    /** "2026-12-05 19:06:46" in UTC; "—" for 0. */
    static QString time(qint64 ms);
    /** FailoverEpisode::durationText, "—" when either end is unknown. */
    static QString duration(qint64 startMs, qint64 endMs);
};

} // namespace ops
