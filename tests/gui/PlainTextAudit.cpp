#include "PlainTextAudit.h"

#include <QAbstractItemView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextDocument>
#include <QTextEdit>
#include <QWidget>

namespace {

int &seen()
{
    static int count = 0;
    return count;
}

QString rendered(const QString &source, bool rich)
{
    if (!rich)
        return source;
    QTextDocument doc;
    doc.setHtml(source);
    return doc.toPlainText();
}

QString describe(const QWidget *w, const QString &where, const QString &text)
{
    return QStringLiteral("%1 '%2' %3: %4").arg(QLatin1String(w->metaObject()->className()), w->objectName(), where, text.left(200));
}

void check(const QWidget *w, const QString &where, const QString &source, bool rich, const QStringList &hostile, QStringList &out)
{
    if (source.isEmpty())
        return;
    ++seen();
    const QString shown = rendered(source, rich);
    for (const QString &h : hostile)
        if (source.contains(h) && !shown.contains(h)) {
            out << describe(w, where, source);
            return;
        }
}

} // namespace

QStringList PlainTextAudit::violations(QWidget *root, const QStringList &hostile)
{
    QStringList out;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *w : std::as_const(widgets)) {
        if (!w->isVisibleTo(root) && w != root)
            continue;
        // QToolTip shows rich text whenever Qt::mightBeRichText() says so.
        check(w, QStringLiteral("tooltip"), w->toolTip(), Qt::mightBeRichText(w->toolTip()), hostile, out);
        if (auto *label = qobject_cast<QLabel *>(w)) {
            const bool rich = label->textFormat() == Qt::RichText
                || (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(label->text()));
            check(w, QStringLiteral("text"), label->text(), rich, hostile, out);
        } else if (auto *edit = qobject_cast<QTextEdit *>(w)) {
            // What is displayed is the document: hostile text must be in it as text.
            ++seen();
            const QString shown = edit->toPlainText();
            const QString html = edit->toHtml();
            for (const QString &h : hostile)
                if (html.contains(h) && !shown.contains(h))
                    out << describe(w, QStringLiteral("document"), shown);
            if (html.contains(QLatin1String("<img")) || html.contains(QLatin1String("<a href")))
                out << describe(w, QStringLiteral("document holds an image or a link"), html);
        } else if (auto *view = qobject_cast<QAbstractItemView *>(w)) {
            const QAbstractItemModel *m = view->model();
            if (!m)
                continue;
            for (int r = 0; r < std::min(m->rowCount(), 500); ++r)
                for (int c = 0; c < m->columnCount(); ++c) {
                    const QString tip = m->data(m->index(r, c), Qt::ToolTipRole).toString();
                    check(w, QStringLiteral("item tooltip (%1, %2)").arg(r).arg(c), tip, Qt::mightBeRichText(tip), hostile, out);
                    seen() += m->data(m->index(r, c), Qt::DisplayRole).toString().isEmpty() ? 0 : 1;
                }
        }
    }
    return out;
}

int PlainTextAudit::textsSeen()
{
    return seen();
}
