#include "HealthMarkerItem.h"

#include "health/HealthColorProxy.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace ops {

namespace {

constexpr qreal kRadius = 10;

int rankOf(const QString &severity)
{
    return severity == QLatin1String("critical") ? 3 : severity == QLatin1String("warning") ? 2 : severity == QLatin1String("info") ? 1 : 0;
}

} // namespace

QHash<QString, HealthMarkerItem::Mark> HealthMarkerItem::marksOf(const HealthReport &report)
{
    QHash<QString, QList<const HealthFinding *>> byNode;
    for (const HealthFinding &f : report.findings)
        if (f.fires())
            for (const QString &id : f.nodes)
                byNode[id] << &f;
    QHash<QString, Mark> marks;
    for (auto it = byNode.begin(); it != byNode.end(); ++it) {
        QList<const HealthFinding *> &list = it.value();
        std::stable_sort(list.begin(), list.end(), [](const HealthFinding *a, const HealthFinding *b) { return a->severity > b->severity; });
        Mark m;
        m.severity = HealthFinding::severityName(list.first()->severity);
        for (const HealthFinding *f : std::as_const(list))
            m.lines << QStringLiteral("%1 · %2 (%3)").arg(HealthFinding::severityName(f->severity), f->title, f->ruleId);
        marks.insert(it.key(), m);
    }
    return marks;
}

HealthMarkerItem::HealthMarkerItem(QGraphicsItem *parent)
    : QGraphicsItem(parent)
{
    setAcceptedMouseButtons(Qt::NoButton); // clicks select the node underneath
    setZValue(2);
    hide();
}

void HealthMarkerItem::setMark(const Mark &mark)
{
    if (mark == m_mark)
        return;
    m_mark = mark;
    setVisible(!mark.severity.isEmpty());
    update();
}

QString HealthMarkerItem::toolTipText() const
{
    if (m_mark.severity.isEmpty())
        return {};
    return QStringLiteral("Health:\n") + m_mark.lines.join(QLatin1Char('\n'));
}

QRectF HealthMarkerItem::boundingRect() const
{
    return QRectF(-kRadius - 2, -kRadius - 2, 2 * kRadius + 4, 2 * kRadius + 4);
}

void HealthMarkerItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const int rank = rankOf(m_mark.severity);
    if (rank == 0)
        return;
    const QColor fill = HealthColorProxy::colorOf(m_mark.severity);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(Qt::white, 1.6));
    painter->setBrush(fill);
    QRectF glyph(-kRadius, -kRadius, 2 * kRadius, 2 * kRadius);
    if (rank == 2) { // warning: a triangle, told apart from critical by shape as well as colour
        QPainterPath triangle;
        triangle.moveTo(0, -kRadius - 1);
        triangle.lineTo(kRadius + 1, kRadius - 1);
        triangle.lineTo(-kRadius - 1, kRadius - 1);
        triangle.closeSubpath();
        painter->drawPath(triangle);
        glyph.translate(0, 2);
    } else {
        painter->drawEllipse(QPointF(0, 0), kRadius, kRadius);
    }
    QFont font = painter->font();
    font.setBold(true);
    font.setPixelSize(int(kRadius * 1.3));
    painter->setFont(font);
    painter->setPen(Qt::white);
    painter->drawText(glyph, Qt::AlignCenter, rank == 1 ? QStringLiteral("i") : QStringLiteral("!"));
}

} // namespace ops
