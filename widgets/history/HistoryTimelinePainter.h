#pragma once

#include "HistoryTimelineLayout.h"

#include <QColor>
#include <QFont>
#include <QPalette>

class QPainter;

namespace ops {

/**
 * @brief Draws the history timeline from a HistoryTimelineLayout: lane stripes and titles, the
 * time axis with local-time ticks, failover episode bars labelled with their duration (hatched
 * when aborted, dashed while in progress) and event markers whose shape says the severity.
 * Every colour is derived from the given QPalette (background = Base, text = Text), with
 * lighter status colours on dark palettes, so the timeline follows light / dark themes.
 */
class HistoryTimelinePainter
{
public:
    HistoryTimelinePainter(QPainter &painter, const QPalette &palette, const QFont &font,
                           const HistoryTimelineLayout &layout);

    /**
     * Paints everything into @p area; @p selected is the index of the highlighted event (-1:
     * none); @p emptyText is centred in the plot when there is neither an event nor an episode.
     */
    void paint(const QRect &area, const OpsEvents &events, const QList<FailoverEpisode> &episodes, int selected,
               const QString &emptyText);

    static bool isDark(const QPalette &palette);
    static QColor severityColour(OpsEvent::Severity severity, const QPalette &palette);
    static QColor outcomeColour(FailoverEpisode::Outcome outcome, const QPalette &palette);

private:
    void paintLanes(const QRect &area);
    void paintAxis();
    void paintEpisodes(const QList<FailoverEpisode> &episodes);
    void paintMarkers(const OpsEvents &events, int selected);
    /** Text colour mixed into the background: @p alpha of 255. */
    QColor tint(int alpha) const;

    QPainter &m_p;
    const QPalette &m_palette;
    QFont m_small;
    const HistoryTimelineLayout &m_layout;
};

} // namespace ops
