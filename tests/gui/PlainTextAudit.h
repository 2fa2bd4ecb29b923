#pragma once

#include <QStringList>

class QWidget;

/**
 * @brief Audits what an operator sees in a widget tree for hostile strings shown as markup.
 *
 * For every visible label, tooltip, text view and item view tooltip under a root: where the
 * source text holds one of the hostile strings, the text as rendered (rich text turned into what
 * it displays, plain text as is) must still hold it. A `<b>x</b>` rendered bold, an `<img>`
 * turned into a picture or a link made clickable are violations, described with the widget's
 * class, object name and text.
 */
class PlainTextAudit
{
public:
    static QStringList violations(QWidget *root, const QStringList &hostile);
    /** Texts examined by every call so far (a check that looked at nothing proves nothing). */
    static int textsSeen();
};
