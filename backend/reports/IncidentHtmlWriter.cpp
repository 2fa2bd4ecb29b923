#include "IncidentHtmlWriter.h"

#include "IncidentReportLayout.h"
#include "ReportText.h"

namespace ops {

namespace {

QString h(const QString &s) { return ReportText::html(s); }

QString cells(const QStringList &values, const char *tag)
{
    QString out = QStringLiteral("<tr>");
    for (const QString &v : values)
        out += QStringLiteral("<%1>%2</%1>").arg(QLatin1String(tag), h(v));
    return out + QStringLiteral("</tr>\n");
}

QString style()
{
    return QStringLiteral("body{font-family:sans-serif;margin:2em;color:#222}"
                          "table{border-collapse:collapse;margin:0.5em 0 1.5em}"
                          "th,td{border:1px solid #bbb;padding:0.25em 0.5em;text-align:left;vertical-align:top}"
                          "th{background:#eee}td{white-space:pre-wrap;word-break:break-word}"
                          "dt{font-weight:bold;float:left;clear:left;width:11em}dd{margin-left:12em}"
                          "img{max-width:100%;border:1px solid #ccc}.missing{font-style:italic;color:#666}");
}

} // namespace

QString IncidentHtmlWriter::write(const IncidentReport &report)
{
    const QString title = h(IncidentReportLayout::title(report));
    QString out = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                                 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'\">\n"
                                 "<title>%1</title>\n<style>%2</style>\n</head>\n<body>\n<h1>%1</h1>\n")
                      .arg(title, style());
    for (const IncidentReportLayout::Section &s : IncidentReportLayout::sections(report)) {
        out += QStringLiteral("<section>\n<h2>") + h(s.title) + QStringLiteral("</h2>\n");
        if (!s.facts.isEmpty()) {
            out += QStringLiteral("<dl>\n");
            for (const auto &[name, value] : s.facts)
                out += QStringLiteral("<dt>%1</dt><dd>%2</dd>\n").arg(h(name), h(value));
            out += QStringLiteral("</dl>\n");
        }
        for (const QString &p : s.paragraphs)
            out += QStringLiteral("<p>") + h(p) + QStringLiteral("</p>\n");
        if (!s.rows.isEmpty()) {
            out += QStringLiteral("<table>\n<thead>") + cells(s.headers, "th") + QStringLiteral("</thead>\n<tbody>\n");
            for (const QStringList &row : s.rows)
                out += cells(row, "td");
            out += QStringLiteral("</tbody>\n</table>\n");
        }
        for (const auto &[label, lines] : s.notes) {
            out += QStringLiteral("<h3>") + h(label) + QStringLiteral("</h3>\n<ul>\n");
            for (const QString &line : lines)
                out += QStringLiteral("<li>") + h(line) + QStringLiteral("</li>\n");
            out += QStringLiteral("</ul>\n");
        }
        for (const IncidentPlot &p : s.plots) {
            out += QStringLiteral("<figure>\n<figcaption>") + h(p.title) + QStringLiteral("</figcaption>\n");
            if (p.fileName.isEmpty())
                out += QStringLiteral("<p class=\"missing\">") + h(p.missing) + QStringLiteral("</p>\n");
            else
                out += QStringLiteral("<img src=\"%1\" alt=\"%2\">\n").arg(h(ReportText::fileName(p.fileName)), h(p.title));
            out += QStringLiteral("</figure>\n");
        }
        out += QStringLiteral("</section>\n");
    }
    return out + QStringLiteral("</body>\n</html>\n");
}

} // namespace ops
