#include "HistoryTimeline.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTextDocument>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace ops {

namespace {

constexpr int kLabelWidth = 150;
constexpr int kAxisHeight = 22;
constexpr int kEpisodeLane = 30;
constexpr int kMargin = 6;
constexpr qreal kRadius = 5.5;

QColor severityColour(OpsEvent::Severity s)
{
    switch (s) {
    case OpsEvent::Severity::Info: return QColor(0x25, 0x63, 0xeb);
    case OpsEvent::Severity::Warning: return QColor(0xd9, 0x77, 0x06);
    case OpsEvent::Severity::Critical: return QColor(0xdc, 0x26, 0x26);
    }
    return Qt::gray;
}

QColor outcomeColour(FailoverEpisode::Outcome o)
{
    switch (o) {
    case FailoverEpisode::Outcome::Completed: return QColor(0x16, 0xa3, 0x4a);
    case FailoverEpisode::Outcome::Aborted: return QColor(0xdc, 0x26, 0x26);
    case FailoverEpisode::Outcome::InProgress: return QColor(0xd9, 0x77, 0x06);
    }
    return Qt::gray;
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

HistoryTimeline::HistoryTimeline(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::ClickFocus);
}

QSize HistoryTimeline::sizeHint() const { return {800, 240}; }
QSize HistoryTimeline::minimumSizeHint() const { return {kLabelWidth + 200, kEpisodeLane + kAxisHeight + 40}; }

void HistoryTimeline::setData(const OpsEvents &events, const QList<FailoverEpisode> &episodes)
{
    m_events = events;
    m_episodes = episodes;
    m_selectedIndex = -1;
    for (int i = 0; i < m_events.size(); ++i)
        if (m_selectedId != 0 && m_events.at(i).id == m_selectedId)
            m_selectedIndex = i;
    relayout();
}

void HistoryTimeline::setLanes(Lanes lanes)
{
    m_lanes = lanes;
    relayout();
}

void HistoryTimeline::setRange(qint64 fromMs, qint64 toMs)
{
    m_fixedFrom = fromMs;
    m_fixedTo = toMs;
    relayout();
}

void HistoryTimeline::setSelectedEventId(qint64 id)
{
    m_selectedId = id;
    m_selectedIndex = -1;
    for (int i = 0; i < m_events.size(); ++i)
        if (id != 0 && m_events.at(i).id == id)
            m_selectedIndex = i;
    update();
}

void HistoryTimeline::zoomToEpisode(int index)
{
    if (index < 0 || index >= m_episodes.size())
        return;
    const FailoverEpisode &ep = m_episodes.at(index);
    const qint64 pad = std::max<qint64>(1000, ep.durationMs() / 3);
    setRange(ep.startMs - pad, ep.endMs + pad);
}

void HistoryTimeline::mouseDoubleClickEvent(QMouseEvent *)
{
    setRange(0, 0);
}

void HistoryTimeline::wheelEvent(QWheelEvent *event)
{
    const qreal steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    const QRect plot = plotRect();
    const qreal fraction = std::clamp((event->position().x() - plot.left()) / std::max(1, plot.width()), 0.0, 1.0);
    const qint64 span = m_to - m_from;
    const qint64 newSpan = std::max<qint64>(200, qint64(span * std::pow(0.8, steps)));
    const qint64 anchor = m_from + qint64(span * fraction);
    setRange(anchor - qint64(newSpan * fraction), anchor - qint64(newSpan * fraction) + newSpan);
    event->accept();
}

QString HistoryTimeline::kindGroup(const OpsEvent &e)
{
    const QString k = e.kindName();
    if (k == QLatin1String("promoted") || k == QLatin1String("demoted") || k == QLatin1String("master-changed")
        || k == QLatin1String("+switch-master") || k.contains(QLatin1String("failover"))
        || k == QLatin1String("+promoted-slave") || k == QLatin1String("+selected-slave")
        || k == QLatin1String("+elected-leader") || k == QLatin1String("+new-epoch")
        || k == QLatin1String("+vote-for-leader") || k.startsWith(QLatin1String("+slave-reconf")))
        return tr("Failover steps");
    if (k.startsWith(QLatin1String("replication")) || k.contains(QLatin1String("slave")))
        return tr("Replication");
    if (k.contains(QLatin1String("fail")) || k.contains(QLatin1String("down")) || k.startsWith(QLatin1String("node-")))
        return tr("Health");
    if (k.startsWith(QLatin1String("slot")) || k.startsWith(QLatin1String("migration")))
        return tr("Slots");
    if (e.kind == OpsEvent::Kind::Sentinel)
        return tr("Sentinel");
    return tr("Other");
}

QString HistoryTimeline::laneOf(const OpsEvent &e) const
{
    if (m_lanes == Lanes::ByKindGroup)
        return kindGroup(e);
    if (!e.endpoint.isEmpty())
        return e.endpoint;
    return e.nodeId.isEmpty() ? tr("(deployment)") : e.nodeId;
}

QRect HistoryTimeline::plotRect() const
{
    return QRect(kLabelWidth, kMargin, std::max(10, width() - kLabelWidth - kMargin * 2),
                 std::max(10, height() - kMargin - kAxisHeight));
}

qreal HistoryTimeline::xOf(qint64 ms) const
{
    const QRect plot = plotRect();
    const qreal span = qreal(std::max<qint64>(1, m_to - m_from));
    return plot.left() + 8 + (plot.width() - 16) * qreal(ms - m_from) / span;
}

void HistoryTimeline::relayout()
{
    qint64 lo = 0;
    qint64 hi = 0;
    bool any = false;
    auto extend = [&](qint64 t) {
        lo = any ? std::min(lo, t) : t;
        hi = any ? std::max(hi, t) : t;
        any = true;
    };
    for (const OpsEvent &e : std::as_const(m_events))
        extend(e.timestampMs);
    for (const FailoverEpisode &ep : std::as_const(m_episodes)) {
        extend(ep.startMs);
        extend(ep.endMs);
    }
    if (m_fixedFrom != 0 || m_fixedTo != 0) {
        m_from = m_fixedFrom;
        m_to = std::max(m_fixedTo, m_fixedFrom + 1);
    } else if (any) {
        const qint64 pad = std::max<qint64>(500, (hi - lo) / 20);
        m_from = lo - pad;
        m_to = hi + pad;
    } else {
        m_to = QDateTime::currentMSecsSinceEpoch();
        m_from = m_to - 3'600'000;
    }

    m_laneTitles = QStringList{tr("Failovers")};
    QStringList lanes;
    for (const OpsEvent &e : std::as_const(m_events)) {
        const QString lane = laneOf(e);
        if (!lanes.contains(lane))
            lanes << lane;
    }
    std::sort(lanes.begin(), lanes.end());
    m_laneTitles << lanes;

    const QRect plot = plotRect();
    const int n = std::max<int>(1, int(lanes.size()));
    const qreal laneHeight = std::clamp(qreal(plot.height() - kEpisodeLane) / n, 8.0, 32.0);
    m_laneOfEvent.clear();
    m_centers.clear();
    for (const OpsEvent &e : std::as_const(m_events)) {
        const int lane = int(lanes.indexOf(laneOf(e)));
        m_laneOfEvent << lane + 1;
        m_centers << QPointF(xOf(e.timestampMs), plot.top() + kEpisodeLane + laneHeight * (lane + 0.5));
    }
    update();
}

void HistoryTimeline::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

QRectF HistoryTimeline::episodeRect(int index) const
{
    const FailoverEpisode &ep = m_episodes.at(index);
    // Episodes that overlap in time (two deployments) get alternate rows of the lane.
    int row = 0;
    for (int i = 0; i < index; ++i)
        if (m_episodes.at(i).endMs >= ep.startMs)
            row = 1 - row;
    const QRect plot = plotRect();
    const qreal x0 = xOf(ep.startMs);
    const qreal x1 = std::max(xOf(ep.endMs), x0 + 6);
    const qreal h = (kEpisodeLane - 6) / 2.0;
    return QRectF(x0, plot.top() + 3 + row * h, x1 - x0, h - 1);
}

QPoint HistoryTimeline::markerCenter(int index) const
{
    return index >= 0 && index < m_centers.size() ? m_centers.at(index).toPoint() : QPoint();
}

int HistoryTimeline::eventAt(const QPoint &pos) const
{
    int best = -1;
    qreal bestDistance = kRadius + 3;
    for (int i = 0; i < m_centers.size(); ++i) {
        const QPointF d = m_centers.at(i) - QPointF(pos);
        const qreal distance = std::hypot(d.x(), d.y());
        if (distance <= bestDistance) {
            best = i;
            bestDistance = distance;
        }
    }
    return best;
}

int HistoryTimeline::episodeAt(const QPoint &pos) const
{
    for (int i = int(m_episodes.size()) - 1; i >= 0; --i)
        if (episodeRect(i).adjusted(-2, -2, 2, 2).contains(pos))
            return i;
    return -1;
}

QString HistoryTimeline::toolTipTextAt(const QPoint &pos) const
{
    const int index = eventAt(pos);
    if (index >= 0) {
        const OpsEvent &e = m_events.at(index);
        return QStringLiteral("%1  %2 (%3)\n%4\n%5")
            .arg(QDateTime::fromMSecsSinceEpoch(e.timestampMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                 e.kindName(), OpsEvent::severityName(e.severity), laneOf(e), e.message);
    }
    const int episode = episodeAt(pos);
    if (episode >= 0) {
        const FailoverEpisode &ep = m_episodes.at(episode);
        return tr("Failover %1 (%2)\n%3 -> %4\nduration %5, %6 events")
            .arg(FailoverEpisode::outcomeName(ep.outcome), ep.endReason,
                 ep.oldMasterAddress.isEmpty() ? ep.oldMaster : ep.oldMasterAddress,
                 ep.newMasterAddress.isEmpty() ? tr("(none)") : ep.newMasterAddress,
                 FailoverEpisode::durationText(ep.durationMs()))
            .arg(ep.eventIds.size());
    }
    return {};
}

bool HistoryTimeline::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipTextAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal), this);
        return true;
    }
    return QWidget::event(event);
}

void HistoryTimeline::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    const QPoint pos = event->position().toPoint();
    const int index = eventAt(pos);
    if (index >= 0) {
        m_selectedIndex = index;
        m_selectedId = m_events.at(index).id;
        update();
        emit eventClicked(m_selectedId, index);
        return;
    }
    const int episode = episodeAt(pos);
    if (episode >= 0)
        emit episodeClicked(episode);
}

void HistoryTimeline::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setRenderHint(QPainter::Antialiasing);
    const QRect plot = plotRect();

    // Lanes: alternating background, title on the left.
    const int lanes = int(m_laneTitles.size()) - 1;
    const qreal laneHeight = std::clamp(qreal(plot.height() - kEpisodeLane) / std::max(1, lanes), 8.0, 32.0);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    p.setFont(small);
    const QFontMetrics fm(small);
    for (int i = 0; i <= lanes; ++i) {
        const QRectF band = i == 0 ? QRectF(0, plot.top(), width(), kEpisodeLane)
                                   : QRectF(0, plot.top() + kEpisodeLane + laneHeight * (i - 1), width(), laneHeight);
        if (i % 2 == 0)
            p.fillRect(band, palette().alternateBase());
        if (laneHeight >= fm.height() - 2 || i == 0) {
            p.setPen(palette().color(i == 0 ? QPalette::Text : QPalette::WindowText));
            const QRectF label = band.adjusted(kMargin, 0, -(width() - kLabelWidth + kMargin), 0);
            p.drawText(label, Qt::AlignVCenter | Qt::AlignLeft,
                       fm.elidedText(m_laneTitles.at(i), Qt::ElideMiddle, int(label.width())));
        }
    }
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(plot.left(), plot.top(), plot.left(), plot.bottom());

    paintAxis(p, plot);
    paintEpisodes(p, plot);
    paintMarkers(p);
    if (m_events.isEmpty() && m_episodes.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter, tr("No events in this range"));
    }
}

void HistoryTimeline::paintAxis(QPainter &p, const QRect &plot)
{
    const qint64 span = m_to - m_from;
    const qint64 step = niceStep(span, std::max(2, plot.width() / 110));
    const bool longSpan = span > 86'400'000;
    const QString format = longSpan ? QStringLiteral("MM-dd HH:mm")
                                    : (step < 1000 ? QStringLiteral("HH:mm:ss.zzz") : QStringLiteral("HH:mm:ss"));
    // Ticks on local-time multiples of the step.
    const qint64 offset = qint64(QDateTime::fromMSecsSinceEpoch(m_from).offsetFromUtc()) * 1000;
    qint64 t = ((m_from + offset) / step + 1) * step - offset;
    const int axisY = plot.bottom() + 1;
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(plot.left(), axisY, plot.right(), axisY);
    for (; t < m_to; t += step) {
        const qreal x = xOf(t);
        if (x < plot.left() || x > plot.right())
            continue;
        p.setPen(QPen(palette().color(QPalette::Midlight), 1, Qt::DotLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, axisY));
        p.setPen(palette().color(QPalette::WindowText));
        const QString label = QDateTime::fromMSecsSinceEpoch(t).toString(format);
        p.drawText(QRectF(x - 60, axisY + 2, 120, kAxisHeight - 2), Qt::AlignHCenter | Qt::AlignTop, label);
    }
}

void HistoryTimeline::paintEpisodes(QPainter &p, const QRect &plot)
{
    const QFontMetrics fm(p.font());
    QList<QRectF> labels; // episodes that share pixels at this zoom get one label, not a smear
    for (int i = 0; i < m_episodes.size(); ++i) {
        const FailoverEpisode &ep = m_episodes.at(i);
        const QColor colour = outcomeColour(ep.outcome);
        const QRectF bar = episodeRect(i);
        // A faint band across the lanes so the events of the episode line up with it.
        QColor band = colour;
        band.setAlpha(28);
        p.fillRect(QRectF(bar.left(), plot.top() + kEpisodeLane, bar.width(), plot.height() - kEpisodeLane), band);
        QColor fill = colour;
        fill.setAlpha(ep.outcome == FailoverEpisode::Outcome::Completed ? 170 : 90);
        p.setBrush(fill);
        QPen outline(colour.darker(130), 1.5);
        if (ep.outcome == FailoverEpisode::Outcome::InProgress)
            outline.setStyle(Qt::DashLine);
        p.setPen(outline);
        p.drawRoundedRect(bar, 3, 3);
        if (ep.outcome == FailoverEpisode::Outcome::Aborted) {
            p.setBrush(QBrush(colour.darker(150), Qt::BDiagPattern)); // hatched: not colour alone
            p.drawRoundedRect(bar, 3, 3);
        }
        QString label = FailoverEpisode::durationText(ep.durationMs());
        if (ep.outcome == FailoverEpisode::Outcome::Aborted)
            label = tr("aborted %1").arg(label);
        else if (ep.outcome == FailoverEpisode::Outcome::InProgress)
            label = tr("in progress %1").arg(label);
        const int textWidth = fm.horizontalAdvance(label) + 8;
        p.setPen(palette().color(QPalette::Text));
        QRectF textRect = bar.width() >= textWidth ? bar : QRectF(bar.right() + 4, bar.top(), textWidth, bar.height());
        if (textRect.right() > plot.right())
            textRect.moveRight(bar.left() - 4);
        const bool clash = std::any_of(labels.cbegin(), labels.cend(), [&](const QRectF &r) { return r.intersects(textRect); });
        if (clash)
            continue;
        labels << textRect;
        p.drawText(textRect, Qt::AlignCenter, label);
    }
}

void HistoryTimeline::paintMarkers(QPainter &p)
{
    for (int i = 0; i < m_events.size(); ++i) {
        const OpsEvent &e = m_events.at(i);
        const QColor colour = severityColour(e.severity);
        p.setPen(QPen(colour.darker(140), 1));
        p.setBrush(colour);
        p.drawPath(markerPath(e.severity, m_centers.at(i), kRadius));
    }
    if (m_selectedIndex >= 0 && m_selectedIndex < m_centers.size()) {
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.drawEllipse(m_centers.at(m_selectedIndex), kRadius + 4, kRadius + 4);
    }
}

} // namespace ops
