#include "IncidentMarkdownWriter.h"

#include "IncidentReportLayout.h"
#include "ReportText.h"

namespace ops {

namespace {

QString md(const QString &s) { return ReportText::markdown(s); }

QString tableRow(const QStringList &cells)
{
    QStringList escaped;
    for (const QString &c : cells)
        escaped << md(c);
    return QStringLiteral("| ") + escaped.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
}

} // namespace

QString IncidentMarkdownWriter::write(const IncidentReport &report)
{
    QString out = QStringLiteral("# ") + md(IncidentReportLayout::title(report)) + QStringLiteral("\n");
    for (const IncidentReportLayout::Section &s : IncidentReportLayout::sections(report)) {
        if (!out.endsWith(QLatin1String("\n\n")))
            out += QLatin1Char('\n');
        out += QStringLiteral("## ") + md(s.title) + QStringLiteral("\n\n");
        for (const auto &[name, value] : s.facts)
            out += QStringLiteral("- **") + md(name) + QStringLiteral(":** ") + md(value) + QStringLiteral("\n");
        if (!s.facts.isEmpty())
            out += QStringLiteral("\n");
        for (const QString &p : s.paragraphs)
            out += md(p) + QStringLiteral("\n\n");
        if (!s.rows.isEmpty()) {
            out += tableRow(s.headers);
            out += QStringLiteral("|") + QStringLiteral("---|").repeated(s.headers.size()) + QStringLiteral("\n");
            for (const QStringList &row : s.rows)
                out += tableRow(row);
            out += QStringLiteral("\n");
        }
        for (const auto &[label, lines] : s.notes) {
            out += QStringLiteral("**") + md(label) + QStringLiteral("**\n\n");
            for (const QString &line : lines)
                out += QStringLiteral("- ") + md(line) + QStringLiteral("\n");
            out += QStringLiteral("\n");
        }
        for (const IncidentPlot &p : s.plots) {
            out += QStringLiteral("### ") + md(p.title) + QStringLiteral("\n\n");
            if (p.fileName.isEmpty())
                out += QStringLiteral("_") + md(p.missing) + QStringLiteral("_\n\n");
            else // our own file name ([A-Za-z0-9._-]): a link target needs no escaping
                out += QStringLiteral("![") + md(p.title) + QStringLiteral("](") + ReportText::fileName(p.fileName) + QStringLiteral(")\n\n");
        }
    }
    return out;
}

} // namespace ops
