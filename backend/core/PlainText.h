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
};

} // namespace ops
