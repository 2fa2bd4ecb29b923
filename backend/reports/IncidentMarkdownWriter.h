#pragma once

#include "IncidentReport.h"

namespace ops {

/**
 * @brief Renders an IncidentReport as Markdown (CommonMark + GFM tables), pure. Every string
 * that came from a server or an operator goes through ReportText::markdown(): a host name
 * "<img src=x>", a note with "**" or a line break, an ANSI escape all show literally and cannot
 * break a table row. Images are linked relative to the report file.
 */
class IncidentMarkdownWriter
{
public:
    static QString write(const IncidentReport &report);
};

} // namespace ops
