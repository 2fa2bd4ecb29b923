#include "HistoryTimeline.h"

#include "HistoryTimelinePainter.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyle>
#include <QTextDocument>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace ops {

HistoryTimeline::HistoryTimeline(QWidget *parent)
    : QWidget(parent)
    , m_emptyText(tr("No events in this range"))
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::ClickFocus);
    m_laneBar = new QScrollBar(Qt::Vertical, this);
    m_laneBar->setObjectName(QStringLiteral("historyLaneScrollBar"));
    m_laneBar->hide();
    connect(m_laneBar, &QScrollBar::valueChanged, this, [this](int value) {
        if (value == m_layout.laneScroll())
            return;
        m_layout.setLaneScroll(value);
        relayout();
    });
    relayout();
}

QSize HistoryTimeline::sizeHint() const { return {800, 240}; }

QSize HistoryTimeline::minimumSizeHint() const
{
    return {HistoryTimelineLayout::kLabelWidth + 200, HistoryTimelineLayout::kEpisodeLane + HistoryTimelineLayout::kAxisHeight + 40};
}

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

void HistoryTimeline::setIdleSpanMs(qint64 ms)
{
    if (ms == m_idleSpanMs)
        return;
    m_idleSpanMs = ms;
    relayout();
}

void HistoryTimeline::setEmptyText(const QString &text)
{
    if (text == m_emptyText)
        return;
    m_emptyText = text;
    update();
}

void HistoryTimeline::setSelectedEventId(qint64 id)
{
    m_selectedId = id;
    m_selectedIndex = -1;
    for (int i = 0; i < m_events.size(); ++i)
        if (id != 0 && m_events.at(i).id == id)
            m_selectedIndex = i;
    ensureLaneVisible(m_selectedIndex);
    update();
}

void HistoryTimeline::ensureLaneVisible(int eventIndex)
{
    const int lane = m_layout.laneOfEvent(eventIndex);
    if (lane < 1 || m_layout.maxLaneScroll() <= 0)
        return;
    const QRectF band = m_layout.laneBand(lane);
    const QRect lanes = m_layout.lanesRect();
    if (band.top() >= lanes.top() && band.bottom() <= lanes.bottom() + 1)
        return;
    // Centred, so the lanes around it show too.
    m_laneBar->setValue(m_layout.laneScroll() + int(band.center().y() - lanes.center().y()));
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
    // Over the lane titles or with Shift (some platforms turn Shift+wheel into a horizontal
    // delta): scroll the lanes; elsewhere: zoom the time axis around the cursor.
    const QPoint delta = event->angleDelta();
    const bool scrollLanes = event->position().x() < HistoryTimelineLayout::kLabelWidth
                             || event->modifiers().testFlag(Qt::ShiftModifier);
    if (scrollLanes) {
        if (m_layout.maxLaneScroll() > 0) {
            const int notches = (delta.y() != 0 ? delta.y() : delta.x()) / 120;
            m_laneBar->setValue(m_laneBar->value() - notches * 3 * m_laneBar->singleStep());
        }
        event->accept();
        return;
    }
    const qreal steps = delta.y() / 120.0;
    if (steps == 0)
        return;
    const QRect plot = m_layout.plotRect();
    const qreal fraction = std::clamp((event->position().x() - plot.left()) / std::max(1, plot.width()), 0.0, 1.0);
    const qint64 from = m_layout.from();
    const qint64 span = m_layout.to() - from;
    const qint64 newSpan = std::max<qint64>(200, qint64(span * std::pow(0.8, steps)));
    const qint64 anchor = from + qint64(span * fraction);
    setRange(anchor - qint64(newSpan * fraction), anchor - qint64(newSpan * fraction) + newSpan);
    event->accept();
}

void HistoryTimeline::relayout()
{
    const auto compute = [this] {
        m_layout.compute(m_events, m_episodes, m_lanes, m_fixedFrom, m_fixedTo, size(),
                         QDateTime::currentMSecsSinceEpoch(), m_idleSpanMs);
    };
    compute();
    // Whether the lanes scroll depends on the height only; the bar's width narrows the plot.
    const bool scrolls = m_layout.maxLaneScroll() > 0;
    const int extent = scrolls ? style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this) : 0;
    if (extent != m_layout.reservedRight()) {
        m_layout.setReservedRight(extent);
        compute();
    }
    placeLaneScrollBar();
    update();
}

void HistoryTimeline::placeLaneScrollBar()
{
    const int max = m_layout.maxLaneScroll();
    if (max <= 0) {
        m_laneBar->hide();
        return;
    }
    const QRect lanes = m_layout.lanesRect();
    const int extent = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    m_laneBar->setGeometry(lanes.right() + HistoryTimelineLayout::kMargin, lanes.top(), extent, lanes.height());
    const QSignalBlocker blocker(m_laneBar);
    m_laneBar->setRange(0, max);
    m_laneBar->setPageStep(lanes.height());
    m_laneBar->setSingleStep(std::max(1, int(m_layout.laneHeight())));
    m_laneBar->setValue(m_layout.laneScroll());
    m_laneBar->show();
}

void HistoryTimeline::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void HistoryTimeline::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // Colours are read from the palette at paint time: a theme switch only needs a repaint.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        update();
    else if (event->type() == QEvent::FontChange)
        relayout();
}

QPoint HistoryTimeline::markerCenter(int index) const
{
    const QList<QPointF> &centers = m_layout.centers();
    return index >= 0 && index < centers.size() ? centers.at(index).toPoint() : QPoint();
}

QString HistoryTimeline::toolTipTextAt(const QPoint &pos) const
{
    const int index = eventAt(pos);
    if (index >= 0) {
        const OpsEvent &e = m_events.at(index);
        return QStringLiteral("%1  %2 (%3)\n%4\n%5")
            .arg(QDateTime::fromMSecsSinceEpoch(e.timestampMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                 e.kindName(), OpsEvent::severityName(e.severity), HistoryTimelineLayout::laneOf(e, m_lanes), e.message);
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
    HistoryTimelinePainter painter(p, palette(), font(), m_layout);
    painter.paint(rect(), m_events, m_episodes, m_selectedIndex, m_emptyText);
}

} // namespace ops
