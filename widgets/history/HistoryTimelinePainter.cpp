#include "HistoryTimelinePainter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <iterator>

namespace ops {

namespace {

using Layout = HistoryTimelineLayout;

QString tr(const char *text)
{
    return QCoreApplication::translate("ops::HistoryTimeline", text);
}

/** Circle = info, triangle = warning, diamond = critical: the shape carries the severity. */
QPainterPath markerPath(OpsEvent::Severity s, QPointF c, qreal r)
{
    QPainterPath path;
    switch (s) {
    case OpsEvent::Severity::Info:
        path.addEllipse(c, r * 0.85, r * 0.85);
        break;
    case OpsEvent::Severity::Warning:
        path.moveTo(c.x(), c.y() - r);
        path.lineTo(c.x() + r, c.y() + r * 0.8);
        path.lineTo(c.x() - r, c.y() + r * 0.8);
        path.closeSubpath();
        break;
    case OpsEvent::Severity::Critical:
        path.moveTo(c.x(), c.y() - r * 1.2);
        path.lineTo(c.x() + r * 1.2, c.y());
        path.lineTo(c.x(), c.y() + r * 1.2);
        path.lineTo(c.x() - r * 1.2, c.y());
        path.closeSubpath();
        break;
    }
    return path;
}

qint64 niceStep(qint64 spanMs, int wantedTicks)
{
    static const qint64 steps[] = {100, 250, 500, 1000, 2000, 5000, 10'000, 15'000, 30'000, 60'000, 120'000, 300'000,
                                   600'000, 900'000, 1'800'000, 3'600'000, 7'200'000, 10'800'000, 21'600'000,
                                   43'200'000, 86'400'000, 172'800'000, 604'800'000};
    for (qint64 s : steps)
        if (spanMs / s <= wantedTicks)
            return s;
    return steps[std::size(steps) - 1];
}

} // namespace

HistoryTimelinePainter::HistoryTimelinePainter(QPainter &painter, const QPalette &palette, const QFont &font,
                                               const HistoryTimelineLayout &layout)
    : m_p(painter)
    , m_palette(palette)
    , m_small(font)
    , m_layout(layout)
{
    m_small.setPointSizeF(font.pointSizeF() * 0.9);
}

bool HistoryTimelinePainter::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor HistoryTimelinePainter::severityColour(OpsEvent::Severity s, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (s) {
    case OpsEvent::Severity::Info: return dark ? QColor(0x60, 0xa5, 0xfa) : QColor(0x25, 0x63, 0xeb);
    case OpsEvent::Severity::Warning: return dark ? QColor(0xfb, 0xbf, 0x24) : QColor(0xd9, 0x77, 0x06);
    case OpsEvent::Severity::Critical: return dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xdc, 0x26, 0x26);
    }
    return Qt::gray;
}

QColor HistoryTimelinePainter::outcomeColour(FailoverEpisode::Outcome o, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (o) {
    case FailoverEpisode::Outcome::Completed: return dark ? QColor(0x4a, 0xde, 0x80) : QColor(0x16, 0xa3, 0x4a);
    case FailoverEpisode::Outcome::Aborted: return dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xdc, 0x26, 0x26);
    case FailoverEpisode::Outcome::InProgress: return dark ? QColor(0xfb, 0xbf, 0x24) : QColor(0xd9, 0x77, 0x06);
    }
    return Qt::gray;
}

QColor HistoryTimelinePainter::tint(int alpha) const
{
    QColor c = m_palette.color(QPalette::Text);
    c.setAlpha(alpha);
    return c;
}

void HistoryTimelinePainter::paint(const QRect &area, const OpsEvents &events, const QList<FailoverEpisode> &episodes,
                                   int selected, const QString &emptyText)
{
    m_p.fillRect(area, m_palette.base());
    m_p.setRenderHint(QPainter::Antialiasing);
    m_p.setFont(m_small);
    paintLanes(area);
    paintAxis();
    paintEpisodes(episodes);
    paintMarkers(events, selected);
    if (events.isEmpty()) {
        // Below the episode lane when there are bars (a filter can hide every event, not the episodes).
        const QRect plot = m_layout.plotRect();
        const QRect where = episodes.isEmpty() ? plot : plot.adjusted(8, Layout::kEpisodeLane, -8, 0);
        m_p.setPen(m_palette.color(QPalette::Text));
        QFont normal = m_small;
        normal.setPointSizeF(m_small.pointSizeF() / 0.9);
        m_p.setFont(normal);
        m_p.drawText(where.adjusted(8, 0, -8, 0), Qt::AlignCenter | Qt::TextWordWrap, emptyText);
    }
}

void HistoryTimelinePainter::paintLanes(const QRect &area)
{
    const QFontMetrics fm(m_small);
    const QStringList &titles = m_layout.laneTitles();
    const qreal laneHeight = m_layout.laneHeight();
    // Event lanes scroll under the episode lane: clipped to their own area.
    const QRect lanes = m_layout.lanesRect();
    const QRect lanesClip(area.left(), lanes.top(), area.width(), lanes.height());
    for (int i = 0; i < titles.size(); ++i) {
        const QRectF band = m_layout.laneBand(i);
        if (i > 0 && !band.intersects(lanesClip))
            continue;
        if (i > 0 && !m_p.hasClipping())
            m_p.setClipRect(lanesClip);
        // Stripes from the text colour over Base: visible on light and dark palettes alike.
        if (i % 2 == 0)
            m_p.fillRect(band, tint(i == 0 ? 22 : 12));
        if (laneHeight >= fm.height() - 2 || i == 0) {
            m_p.setPen(m_palette.color(QPalette::Text));
            const QRectF label = band.adjusted(Layout::kMargin, 0, -(area.width() - Layout::kLabelWidth + Layout::kMargin), 0);
            QFont f = m_small;
            f.setBold(i == 0);
            m_p.setFont(f);
            m_p.drawText(label, Qt::AlignVCenter | Qt::AlignLeft,
                         QFontMetrics(f).elidedText(titles.at(i), Qt::ElideMiddle, int(label.width())));
        }
    }
    m_p.setClipping(false);
    m_p.setFont(m_small);
    const QRect plot = m_layout.plotRect();
    m_p.setPen(tint(110));
    m_p.drawLine(plot.left(), plot.top(), plot.left(), plot.bottom());
}

void HistoryTimelinePainter::paintAxis()
{
    const QRect plot = m_layout.plotRect();
    const qint64 from = m_layout.from();
    const qint64 to = m_layout.to();
    const qint64 span = to - from;
    const qint64 step = niceStep(span, std::max(2, plot.width() / 110));
    const bool longSpan = span > 86'400'000;
    const QString format = longSpan ? QStringLiteral("MM-dd HH:mm")
                                    : (step < 1000 ? QStringLiteral("HH:mm:ss.zzz") : QStringLiteral("HH:mm:ss"));
    // Ticks on local-time multiples of the step.
    const qint64 offset = qint64(QDateTime::fromMSecsSinceEpoch(from).offsetFromUtc()) * 1000;
    qint64 t = ((from + offset) / step + 1) * step - offset;
    const int axisY = plot.bottom() + 1;
    m_p.setPen(tint(110));
    m_p.drawLine(plot.left(), axisY, plot.right(), axisY);
    for (; t < to; t += step) {
        const qreal x = m_layout.xOf(t);
        if (x < plot.left() || x > plot.right())
            continue;
        m_p.setPen(QPen(tint(60), 1, Qt::DotLine));
        m_p.drawLine(QPointF(x, plot.top()), QPointF(x, axisY));
        m_p.setPen(m_palette.color(QPalette::Text));
        const QString label = QDateTime::fromMSecsSinceEpoch(t).toString(format);
        m_p.drawText(QRectF(x - 60, axisY + 2, 120, Layout::kAxisHeight - 2), Qt::AlignHCenter | Qt::AlignTop, label);
    }
}

void HistoryTimelinePainter::paintEpisodes(const QList<FailoverEpisode> &episodes)
{
    const QRect plot = m_layout.plotRect();
    const QFontMetrics fm(m_p.font());
    const bool dark = isDark(m_palette);
    // A faint band across the lanes so the events of an episode line up with it. Bands of one
    // colour that touch at this zoom are merged: hundreds of episodes are a few fills, not hundreds.
    QRectF band;
    QColor bandColour;
    const auto flushBand = [&] {
        if (!band.isEmpty())
            m_p.fillRect(band, bandColour);
        band = QRectF();
    };
    for (int i = 0; i < episodes.size(); ++i) {
        QColor c = outcomeColour(episodes.at(i).outcome, m_palette);
        c.setAlpha(dark ? 40 : 28);
        const QRectF bar = m_layout.episodeRect(i);
        const QRectF next(bar.left(), plot.top() + Layout::kEpisodeLane, bar.width(), plot.height() - Layout::kEpisodeLane);
        if (!band.isEmpty() && c == bandColour && next.left() <= band.right() + 1) {
            band.setRight(std::max(band.right(), next.right()));
            continue;
        }
        flushBand();
        band = next;
        bandColour = c;
    }
    flushBand();

    QList<QRectF> labels; // episodes that share pixels at this zoom get one label, not a smear
    for (int i = 0; i < episodes.size(); ++i) {
        const FailoverEpisode &ep = episodes.at(i);
        const QColor colour = outcomeColour(ep.outcome, m_palette);
        const QRectF bar = m_layout.episodeRect(i);
        QColor fill = colour;
        fill.setAlpha(ep.outcome == FailoverEpisode::Outcome::Completed ? 170 : 90);
        m_p.setBrush(fill);
        QPen outline(dark ? colour.lighter(120) : colour.darker(130), 1.5);
        if (ep.outcome == FailoverEpisode::Outcome::InProgress)
            outline.setStyle(Qt::DashLine);
        m_p.setPen(outline);
        m_p.drawRoundedRect(bar, 3, 3);
        if (ep.outcome == FailoverEpisode::Outcome::Aborted) {
            m_p.setBrush(QBrush(dark ? colour.lighter(140) : colour.darker(150), Qt::BDiagPattern)); // not colour alone
            m_p.drawRoundedRect(bar, 3, 3);
        }
        QString label = FailoverEpisode::durationText(ep.durationMs());
        if (ep.outcome == FailoverEpisode::Outcome::Aborted)
            label = tr("aborted %1").arg(label);
        else if (ep.outcome == FailoverEpisode::Outcome::InProgress)
            label = tr("in progress %1").arg(label);
        else
            label = tr("failover %1").arg(label);
        const int textWidth = fm.horizontalAdvance(label) + 8;
        const bool inside = bar.width() >= textWidth;
        // Inside the bar, black or white, whichever contrasts with the fill as it looks over Base.
        const QColor base = m_palette.color(QPalette::Base);
        const qreal a = fill.alphaF();
        const int seen = qRound(a * fill.lightness() + (1 - a) * base.lightness());
        m_p.setPen(!inside ? m_palette.color(QPalette::Text) : seen > 140 ? QColor(Qt::black) : QColor(Qt::white));
        QRectF textRect = inside ? bar : QRectF(bar.right() + 4, bar.top(), textWidth, bar.height());
        if (textRect.right() > plot.right())
            textRect.moveRight(bar.left() - 4);
        const bool clash = std::any_of(labels.cbegin(), labels.cend(), [&](const QRectF &r) { return r.intersects(textRect); });
        if (clash)
            continue;
        labels << textRect;
        m_p.drawText(textRect, Qt::AlignCenter, label);
    }
}

void HistoryTimelinePainter::paintMarkers(const OpsEvents &events, int selected)
{
    const QList<QPointF> &centers = m_layout.centers();
    const bool dark = isDark(m_palette);
    const QRect lanes = m_layout.lanesRect();
    const qreal top = lanes.top() - Layout::kRadius, bottom = lanes.bottom() + Layout::kRadius;
    m_p.setClipRect(QRect(0, lanes.top(), lanes.right() + Layout::kMargin + 1, lanes.height()));
    for (int i = 0; i < events.size() && i < centers.size(); ++i) {
        if (centers.at(i).y() < top || centers.at(i).y() > bottom)
            continue; // scrolled out
        const OpsEvent &e = events.at(i);
        const QColor colour = severityColour(e.severity, m_palette);
        m_p.setPen(QPen(dark ? colour.lighter(130) : colour.darker(140), 1));
        m_p.setBrush(colour);
        m_p.drawPath(markerPath(e.severity, centers.at(i), Layout::kRadius));
    }
    if (selected >= 0 && selected < centers.size()) {
        m_p.setBrush(Qt::NoBrush);
        m_p.setPen(QPen(m_palette.color(QPalette::Highlight), 2));
        m_p.drawEllipse(centers.at(selected), Layout::kRadius + 4, Layout::kRadius + 4);
    }
    m_p.setClipping(false);
}

} // namespace ops
