#pragma once

#include "IncidentReport.h"

namespace ops {

/**
 * @brief Renders an IncidentReport as one self-contained HTML5 page (inline CSS, images linked
 * relative to the page), pure. Every string goes through ReportText::html(): markup in a host
 * name, a key name or a note shows as text; no script, no external resource.
 */
class IncidentHtmlWriter
{
public:
    static QString write(const IncidentReport &report);
};

} // namespace ops
