#pragma once

#include <QString>

namespace ops {

/**
 * @brief How a report neutralises text it did not write itself (host names, key names, event
 * messages, operator notes): every string is shown literally, never interpreted.
 *
 * visible() makes invisible and line-breaking characters visible as C-style escapes: "\n", "\r",
 * "\t", "\e" (ESC, so an ANSI colour sequence shows as "\e[31m"), "\xNN" for the other C0/C1
 * controls and DEL, "\u{202E}" for the bidirectional overrides and isolates (a "Trojan Source"
 * note cannot reorder what a reader sees); a backslash becomes "\\" so that an escape in the
 * output always means a character of the input.
 */
class ReportText
{
public:
    static QString visible(const QString &text);
    /** visible(), then HTML-escaped for text and attribute values: & < > " ' */
    static QString html(const QString &text);
    /**
     * visible(), then every character Markdown (CommonMark + GFM tables) could interpret inline
     * backslash-escaped: \ ` * _ [ ] < > | ~ & — safe in a paragraph, a list item and a table
     * cell. Parentheses need none (no "[" is left to open a link), and line-start syntax (#, -, 1.)
     * cannot arise: line breaks are escaped by visible().
     */
    static QString markdown(const QString &text);
    /** A file-name-safe form of @p text: [A-Za-z0-9._-], others "_", at most 60 characters. */
    static QString fileName(const QString &text);
};

} // namespace ops
