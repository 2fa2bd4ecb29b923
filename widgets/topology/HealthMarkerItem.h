#pragma once

#include "health/HealthReport.h"

#include <QGraphicsItem>
#include <QHash>
#include <QStringList>

namespace ops {

/**
 * @brief The small health mark on a node of the topology graph: a child of its NodeItem at the
 * node's top-left corner, shown while health findings fire on that node. Shape and colour say
 * the worst severity (critical: red disc with "!", warning: amber triangle with "!", info: blue
 * disc with "i"); the tooltip (TopologyScene::helpEvent) names every rule.
 */
class HealthMarkerItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 0x73 };

    /** What is marked on one node: the worst severity word and one line per firing finding. */
    struct Mark
    {
        QString severity;   ///< "critical", "warning", "info"; empty: no mark
        QStringList lines;  ///< "critical · Persistence on masters (replication.persistence-off)", worst first
        bool operator==(const Mark &) const = default;
    };
    /** The marks of every node @p report has firing findings on, by node id. */
    static QHash<QString, Mark> marksOf(const HealthReport &report);

    explicit HealthMarkerItem(QGraphicsItem *parent);

    /** Shows @p mark (hides the item when it is empty); repaints only on a change. */
    void setMark(const Mark &mark);
    const Mark &mark() const { return m_mark; }
    /** "Health:\n" + the lines; empty without a mark. */
    QString toolTipText() const;

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    Mark m_mark;
};

} // namespace ops
