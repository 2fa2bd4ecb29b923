#include "CommandLineDoc.h"

namespace ops {

namespace {

bool shown(const QCommandLineOption &o)
{
    return !o.flags().testFlag(QCommandLineOption::HiddenFromHelp);
}

QString dashed(const QString &name)
{
    return (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
}

/** Escapes text for troff: backslashes, dashes, and a leading '.' or '\'' on any line. */
QString roff(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\e"));
    out.replace(QLatin1Char('-'), QStringLiteral("\\-"));
    QStringList lines = out.split(QLatin1Char('\n'));
    for (QString &line : lines)
        if (line.startsWith(QLatin1Char('.')) || line.startsWith(QLatin1Char('\'')))
            line.prepend(QStringLiteral("\\&"));
    return lines.join(QLatin1Char('\n'));
}

QString wrapped(const QString &text, int indent, int width = 79)
{
    QString out, line;
    const QString pad(indent, QLatin1Char(' '));
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && indent + line.size() + 1 + word.size() > width) {
            out += pad + line + QLatin1Char('\n');
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        out += pad + line + QLatin1Char('\n');
    return out;
}

} // namespace

QString CommandLineDoc::optionTerm(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &n : option.names())
        names << dashed(n);
    QString term = names.join(QStringLiteral(", "));
    if (!option.valueName().isEmpty())
        term += QStringLiteral(" <") + option.valueName() + QLatin1Char('>');
    return term;
}

QStringList CommandLineDoc::optionNames() const
{
    QStringList out;
    for (const Section &s : sections)
        for (const QCommandLineOption &o : s.options)
            if (shown(o))
                for (const QString &n : o.names())
                    out << dashed(n);
    return out;
}

QString CommandLineDoc::toText() const
{
    QString out;
    for (int i = 0; i < synopsis.size(); ++i)
        out += (i == 0 ? QStringLiteral("Usage: ") : QStringLiteral("       ")) + name + QLatin1Char(' ') + synopsis[i] + QLatin1Char('\n');
    if (!description.isEmpty())
        out += QLatin1Char('\n') + wrapped(description, 0);
    for (const Section &s : sections) {
        out += QLatin1Char('\n') + s.title.left(1) + s.title.mid(1).toLower() + QStringLiteral(":\n");
        for (const QString &para : s.text.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts))
            out += wrapped(para.simplified(), 4); // deeper than option lines ("  -x"): never read as one
        for (const auto &[term, what] : s.items) {
            const QString head = QStringLiteral("  ") + term;
            if (head.size() < 24)
                out += head.leftJustified(24) + wrapped(what, 24).mid(24);
            else
                out += head + QLatin1Char('\n') + wrapped(what, 24);
        }
        for (const QCommandLineOption &o : s.options) {
            if (!shown(o))
                continue;
            out += QStringLiteral("  ") + optionTerm(o) + QLatin1Char('\n') + wrapped(o.description(), 6);
        }
    }
    return out;
}

QString CommandLineDoc::toTroff(const QString &version) const
{
    QString out;
    out += QStringLiteral(".TH %1 1 \"\" \"%2 %3\" \"User Commands\"\n").arg(name.toUpper(), name, version);
    out += QStringLiteral(".nh\n.ad l\n"); // never hyphenate or stretch an option name
    out += QStringLiteral(".SH NAME\n%1 \\- %2\n").arg(roff(name), roff(summary));
    out += QStringLiteral(".SH SYNOPSIS\n");
    for (const QString &line : synopsis)
        out += QStringLiteral(".B %1\n%2\n.br\n").arg(roff(name), roff(line));
    if (!description.isEmpty())
        out += QStringLiteral(".SH DESCRIPTION\n") + roff(description) + QLatin1Char('\n');
    for (const Section &s : sections) {
        out += QStringLiteral(".SH ") + roff(s.title.toUpper()) + QLatin1Char('\n');
        for (const QString &para : s.text.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts))
            out += QStringLiteral(".PP\n") + roff(para.simplified()) + QLatin1Char('\n');
        for (const auto &[term, what] : s.items)
            out += QStringLiteral(".TP\n.B %1\n%2\n").arg(roff(term), roff(what));
        for (const QCommandLineOption &o : s.options) {
            if (!shown(o))
                continue;
            QStringList names;
            for (const QString &n : o.names())
                names << QStringLiteral("\\fB") + roff(dashed(n)) + QStringLiteral("\\fR");
            QString term = names.join(QStringLiteral(", "));
            if (!o.valueName().isEmpty())
                term += QStringLiteral(" \\fI") + roff(o.valueName()) + QStringLiteral("\\fR");
            out += QStringLiteral(".TP\n") + term + QLatin1Char('\n') + roff(o.description()) + QLatin1Char('\n');
        }
    }
    return out;
}

} // namespace ops
