#pragma once

#include "IncidentReport.h"
#include "history/HistoryError.h"

#include <QStringList>

namespace ops {

/**
 * @brief Writes an IncidentReport into a folder: incident-report.md and/or incident-report.html
 * (the plots, already drawn into the same folder, are linked relative to them). Each file is
 * written to a temporary name and renamed (QSaveFile): a report is complete or absent.
 * Blocks on disk: call it off the GUI thread.
 */
class IncidentReportFiles
{
public:
    enum Format { Markdown = 1, Html = 2 };

    static QString markdownName() { return QStringLiteral("incident-report.md"); }
    static QString htmlName() { return QStringLiteral("incident-report.html"); }

    /** The paths written (Markdown first); @p error Kind::Io names the file and the cause. */
    static QStringList write(const IncidentReport &report, const QString &folder, int formats, HistoryError *error);
};

} // namespace ops
