#include "HistoryTimelineLayout.h"

#include <QCoreApplication>

#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ops {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ops::HistoryTimeline", text);
}
} // namespace

QString HistoryTimelineLayout::kindGroup(const OpsEvent &e)
{
    const QString k = e.kindName();
    if (k == QLatin1String("promoted") || k == QLatin1String("demoted") || k == QLatin1String("master-changed")
        || k == QLatin1String("+switch-master") || k.contains(QLatin1String("failover"))
        || k == QLatin1String("+promoted-slave") || k == QLatin1String("+selected-slave")
        || k == QLatin1String("+elected-leader") || k == QLatin1String("+new-epoch")
        || k == QLatin1String("+vote-for-leader") || k.startsWith(QLatin1String("+slave-reconf")))
        return tr("Failover steps");
    if (k.startsWith(QLatin1String("health-alert")))
        return tr("Health");
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

QString HistoryTimelineLayout::laneOf(const OpsEvent &e, Lanes lanes)
{
    if (lanes == Lanes::ByKindGroup)
        return kindGroup(e);
    if (!e.endpoint.isEmpty())
        return e.endpoint;
    return e.nodeId.isEmpty() ? tr("(deployment)") : e.nodeId;
}

void HistoryTimelineLayout::compute(const OpsEvents &events, const QList<FailoverEpisode> &episodes, Lanes lanes,
                                    qint64 fixedFrom, qint64 fixedTo, QSize size, qint64 nowMs, qint64 idleSpanMs)
{
    m_size = size;
    qint64 lo = 0;
    qint64 hi = 0;
    bool any = false;
    auto extend = [&](qint64 t) {
        lo = any ? std::min(lo, t) : t;
        hi = any ? std::max(hi, t) : t;
        any = true;
    };
    for (const OpsEvent &e : events)
        extend(e.timestampMs);
    m_episodeSpans.clear();
    for (const FailoverEpisode &ep : episodes) {
        extend(ep.startMs);
        extend(ep.endMs);
        m_episodeSpans.append({ep.startMs, ep.endMs});
    }
    if (fixedFrom != 0 || fixedTo != 0) {
        m_from = fixedFrom;
        m_to = std::max(fixedTo, fixedFrom + 1);
    } else if (any) {
        const qint64 pad = std::max<qint64>(500, (hi - lo) / 20);
        m_from = lo - pad;
        m_to = hi + pad;
    } else {
        m_to = nowMs;
        m_from = m_to - std::max<qint64>(1000, idleSpanMs);
    }

    // Lanes through a hash: O(events), not O(events x lanes) (1,000-node deployments).
    QStringList laneOfEvent;
    laneOfEvent.reserve(events.size());
    QHash<QString, int> laneIndex;
    QStringList titles;
    for (const OpsEvent &e : events) {
        laneOfEvent << laneOf(e, lanes);
        if (!laneIndex.contains(laneOfEvent.last())) {
            laneIndex.insert(laneOfEvent.last(), 0);
            titles << laneOfEvent.last();
        }
    }
    std::sort(titles.begin(), titles.end());
    for (int i = 0; i < titles.size(); ++i)
        laneIndex[titles.at(i)] = i;
    m_laneTitles = QStringList{tr("Failovers")} + titles;

    // Episodes that overlap in time (two deployments) get alternate rows of the lane.
    m_episodeRows.clear();
    qint64 latestEnd = std::numeric_limits<qint64>::min();
    int row = 0;
    for (const auto &[start, end] : std::as_const(m_episodeSpans)) {
        row = latestEnd >= start ? 1 - row : 0; // overlaps an earlier bar: the other row
        m_episodeRows << row;
        latestEnd = std::max(latestEnd, end);
    }

    // Lanes keep a readable height; more than fit scroll (a 1,000-node deployment has ~2,000).
    const QRect lanesArea = lanesRect();
    const int n = std::max<int>(1, int(titles.size()));
    m_laneHeight = std::clamp(qreal(lanesArea.height()) / n, kMinLaneHeight, 32.0);
    m_laneScroll = std::clamp(m_laneScroll, 0, maxLaneScroll());
    m_centers.clear();
    m_centers.reserve(events.size());
    m_eventLanes.clear();
    m_eventLanes.reserve(events.size());
    for (qsizetype i = 0; i < events.size(); ++i) {
        const int lane = laneIndex.value(laneOfEvent.at(i));
        m_eventLanes << lane + 1;
        m_centers << QPointF(xOf(events.at(i).timestampMs), lanesArea.top() + m_laneHeight * (lane + 0.5) - m_laneScroll);
    }
}

QRect HistoryTimelineLayout::lanesRect() const
{
    return plotRect().adjusted(0, kEpisodeLane, 0, 0);
}

int HistoryTimelineLayout::maxLaneScroll() const
{
    const qreal content = m_laneHeight * std::max<qsizetype>(0, m_laneTitles.size() - 1);
    return std::max(0, int(std::ceil(content - lanesRect().height())));
}

QRect HistoryTimelineLayout::plotRect() const
{
    return QRect(kLabelWidth, kMargin, std::max(10, m_size.width() - kLabelWidth - kMargin * 2 - m_reservedRight),
                 std::max(10, m_size.height() - kMargin - kAxisHeight));
}

qreal HistoryTimelineLayout::xOf(qint64 ms) const
{
    const QRect plot = plotRect();
    const qreal span = qreal(std::max<qint64>(1, m_to - m_from));
    return plot.left() + 8 + (plot.width() - 16) * qreal(ms - m_from) / span;
}

QRectF HistoryTimelineLayout::laneBand(int index) const
{
    const QRect plot = plotRect();
    if (index == 0)
        return QRectF(0, plot.top(), m_size.width(), kEpisodeLane);
    return QRectF(0, plot.top() + kEpisodeLane + m_laneHeight * (index - 1) - m_laneScroll, m_size.width(), m_laneHeight);
}

QRectF HistoryTimelineLayout::episodeRect(int index) const
{
    const auto [start, end] = m_episodeSpans.at(index);
    const int row = m_episodeRows.at(index);
    const QRect plot = plotRect();
    const qreal x0 = xOf(start);
    const qreal x1 = std::max(xOf(end), x0 + 6);
    const qreal h = (kEpisodeLane - 6) / 2.0;
    return QRectF(x0, plot.top() + 3 + row * h, x1 - x0, h - 1);
}

int HistoryTimelineLayout::eventAt(const QPoint &pos) const
{
    int best = -1;
    qreal bestDistance = kRadius + 3;
    const QRect lanes = lanesRect();
    if (pos.y() < lanes.top() || pos.y() > lanes.bottom())
        return -1; // scrolled out of sight markers are not under the episode lane or the axis
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

int HistoryTimelineLayout::episodeAt(const QPoint &pos) const
{
    for (int i = int(m_episodeSpans.size()) - 1; i >= 0; --i)
        if (episodeRect(i).adjusted(-2, -2, 2, 2).contains(pos))
            return i;
    return -1;
}

} // namespace ops
