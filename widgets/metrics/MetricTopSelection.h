#pragma once

#include <QList>
#include <QSet>
#include <QString>

namespace ops {

/**
 * @brief Which nodes a metrics plot draws when there are more than it can show: the top K by
 * their peak in the shown window, chosen again at every refresh but with hysteresis so lines do
 * not flicker in and out. A node already shown competes with its peak raised by `stickiness`
 * (default 25 %): a newcomer replaces it only when clearly higher. The node with the highest
 * peak is always shown, whatever the hysteresis, so the worst node is never hidden.
 */
class MetricTopSelection
{
public:
    /** One node that has a series on the plot; peak is NaN when it has no value in the window. */
    struct Candidate
    {
        QString id;
        double peak = 0;
    };

    /**
     * Indexes into @p candidates of the chosen nodes, ascending (the candidates' order): all of
     * them when there are at most @p k; else @p k of them, nodes in @p shown favoured by
     * @p stickiness (a factor >= 1 on their peak). Ties keep the earlier candidate.
     */
    static QList<int> choose(const QList<Candidate> &candidates, const QSet<QString> &shown, int k,
                             double stickiness = 1.25);
};

} // namespace ops
