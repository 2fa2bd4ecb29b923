#pragma once

#include "MetricBins.h"
#include "MetricDefinition.h"
#include "MetricsNodeNames.h"
#include "monitor/MetricSample.h"

#include <QList>
#include <QStringList>

#include <functional>
#include <vector>

namespace ops {

class MetricPlot;

/**
 * @brief Sets one MetricPlot's series for one refresh of the metrics page: every node with a
 * series when there are at most topCount of them; else the top K by peak in the window
 * (MetricTopSelection, with hysteresis against the nodes the plot draws now), 1 px lines, a
 * newcomer taking a colour no drawn node has, plus the aggregate "max of the other N" (per bin
 * of MetricBins) and the legend note "top K of N replicas by peak". Only the drawn nodes'
 * samples are read (Input::samples).
 */
class MetricPlotFiller
{
public:
    struct Input
    {
        qint64 from = 0;
        qint64 end = 0;
        const QStringList &nodes;                       ///< MetricsNodeNames::orderedNodes
        const std::vector<MetricBins::Values> &peaks;   ///< per node of `nodes`, for this window
        const MetricBins &bins;                         ///< the window's bins
        MetricsNodeNames &names;                        ///< names, roles, colour indexes
        int topCount = 8;
        qint64 latestMs = 0;                            ///< newest sample; <= 0: none yet
        std::function<const std::vector<MetricSample> &(const QString &)> samples; ///< MetricStore::range of the window
    };

    explicit MetricPlotFiller(const Input &input) : m_in(input) {}
    void fill(MetricPlot *plot) const;

    /**
     * Nodes with a series on @p def's plot (a value in the window, or listed for it by the
     * snapshot: replicas for the lag plots), in @p nodes order; their peaks go to @p peakOut.
     */
    static QStringList seriesNodes(const MetricDefinition &def, const MetricsNodeNames &names, const QStringList &nodes,
                                   const std::vector<MetricBins::Values> &peaks, QList<double> *peakOut = nullptr);

private:
    const Input &m_in;
};

} // namespace ops
