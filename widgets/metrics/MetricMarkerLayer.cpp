#include "MetricMarkerLayer.h"

#include "MetricPlotTheme.h"

#include <qcustomplot.h>

#include <QDateTime>
#include <QFontMetrics>

#include <algorithm>
#include <cmath>

namespace ops {

namespace {
constexpr int kMaxLabelChars = 60;
} // namespace

MetricMarkerLayer::MetricMarkerLayer(QCustomPlot *plot)
    : m_plot(plot)
{
}

void MetricMarkerLayer::setMarkers(const QList<EventMarker> &markers, const QSize &axisRect)
{
    if (markers == m_markers && axisRect == m_size)
        return;
    m_markers = markers;
    m_size = axisRect;
    rebuild();
}

void MetricMarkerLayer::clear()
{
    for (QCPItemStraightLine *line : std::as_const(m_lines))
        m_plot->removeItem(line);
    for (QCPItemText *label : std::as_const(m_labels))
        m_plot->removeItem(label);
    m_lines.clear();
    m_labels.clear();
}

void MetricMarkerLayer::rebuild()
{
    clear();
    const QPalette pal = m_plot->palette();
    QCPAxis *x = m_plot->xAxis;
    const double secPerPx = std::max(1.0, x->range().size()) / std::max(1, m_size.width());
    const QColor labelBackground = MetricPlotTheme::labelBackground(pal);
    // A label runs up along its line from the bottom: it must fit the plot's height, else its
    // beginning (what happened to whom) would be cut off. Elided; textNear() has it in full.
    const QFont font = m_plot->legend->font();
    const QFontMetrics fm(font);
    const int room = std::max(40, int(m_size.height() * 0.96) - 8);
    const auto fit = [&fm, room](const QString &text) {
        const QString capped = text.size() > kMaxLabelChars ? text.left(kMaxLabelChars - 1) + QChar(0x2026) : text;
        return fm.elidedText(capped, Qt::ElideRight, room);
    };

    QCPItemText *lastLabel = nullptr;
    QString lastText;
    double lastLabelSec = 0;
    for (const EventMarker &m : std::as_const(m_markers)) {
        const QColor color = MetricPlotTheme::toneColor(m.tone, pal);
        auto *line = new QCPItemStraightLine(m_plot);
        line->setObjectName(QStringLiteral("eventMarker"));
        line->setPen(QPen(color, 1.4, Qt::DashLine));
        line->point1->setCoords(m.timeSec, 0);
        line->point2->setCoords(m.timeSec, 1);
        m_lines.append(line);

        // Markers too close to tell apart share the first one's label.
        if (lastLabel && (m.timeSec - lastLabelSec) / secPerPx < kMinLabelGapPx) {
            lastText += QStringLiteral(" · ") + m.label;
            lastLabel->setText(fit(lastText));
            continue;
        }
        auto *label = new QCPItemText(m_plot);
        label->setObjectName(QStringLiteral("eventLabel"));
        label->position->setAxes(x, m_plot->yAxis);
        label->position->setAxisRect(m_plot->axisRect());
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(m.timeSec, 0.02);
        // Rotated to run along the line, on its left side.
        label->setRotation(-90);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        label->setPadding(QMargins(3, 1, 3, 1));
        label->setFont(font);
        label->setColor(color);
        label->setBrush(labelBackground);
        label->setText(fit(m.label));
        m_labels.append(label);
        lastLabel = label;
        lastText = m.label;
        lastLabelSec = m.timeSec;
    }
}

QString MetricMarkerLayer::textNear(int px) const
{
    QStringList lines;
    QCPAxis *x = m_plot->xAxis;
    for (const EventMarker &m : m_markers)
        if (std::abs(x->coordToPixel(m.timeSec) - px) <= kMinLabelGapPx / 2.0)
            lines << QDateTime::fromMSecsSinceEpoch(qint64(m.timeSec * 1000)).toString(QStringLiteral("HH:mm:ss")) + u' '
                         + m.label;
    return lines.join(u'\n');
}

} // namespace ops
