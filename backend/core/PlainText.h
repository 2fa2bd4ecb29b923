#pragma once

#include <QString>

namespace ops {

/**
 * @brief Server data and runbook text shown where Qt would guess rich text.
 *
 * Tooltips (QToolTip, an item's Qt::ToolTipRole) and AutoText labels render a string as HTML
 * when Qt::mightBeRichText() says it looks like markup: a key, client name or runbook line such
 * as `<b>x</b>` or `<img src=…>` would be drawn bold or as a picture. Where such text can appear,
 * pass it through here: text without '<' is returned as is (it cannot be taken for markup),
 * anything else becomes escaped HTML that displays literally, line breaks kept.
 */
struct PlainText
{
    static QString toolTip(const QString &text);
    /**
     * For a terminal (redis-ops' text output) or a multi-line text view: control characters other than line feed and tab
     * (ESC, CR, BEL, backspace, DEL, the C1 range) and the Unicode bidirectional overrides
     * become visible escapes in JSON's spelling (`\u001b`, `\u202e`: a JSON line stays valid
     * and means the same), so a key, hostname or reply cannot move the cursor, recolour, retitle
     * the terminal or reorder what the operator reads. Everything else is returned as is.
     */
    static QString terminal(const QString &text);
    /**
     * For a value shown on one line (a hostname, a name in a details pane): as terminal(), and
     * line feeds and tabs become visible too, so a value cannot fake further lines or columns.
     */
    static QString singleLine(const QString &text);
};

} // namespace ops
