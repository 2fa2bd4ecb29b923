#include "PlainText.h"

namespace ops {

QString PlainText::toolTip(const QString &text)
{
    if (!text.contains(QLatin1Char('<')))
        return text;
    return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(text.toHtmlEscaped());
}

} // namespace ops
