#include "MetricPlotFiller.h"

#include "MetricPlot.h"
#include "MetricTopSelection.h"

#include <QCoreApplication>
#include <QSet>

#include <cmath>

namespace ops {

namespace {

constexpr int kDistinctColours = 10; ///< MetricPlotTheme::seriesColor's scheme

QString tr(const char *text)
{
    return QCoreApplication::translate("ops::MetricsPage", text);
}

} // namespace

QStringList MetricPlotFiller::seriesNodes(const MetricDefinition &def, const MetricsNodeNames &names, const QStringList &nodes,
                                          const std::vector<MetricBins::Values> &peaks, QList<double> *peakOut)
{
    const int m = MetricBins::indexOf(def.metric);
    QStringList out;
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        const double peak = peaks[std::size_t(i)][std::size_t(m)];
        const Node *n = names.node(nodes.at(i));
        const bool listed = n && (def.replicasOnly ? n->isReplica() : true);
        if (std::isnan(peak) && !listed)
            continue; // no value in the window and not a node this plot is about
        out << nodes.at(i);
        if (peakOut)
            peakOut->append(peak);
    }
    return out;
}

void MetricPlotFiller::fill(MetricPlot *plot) const
{
    const MetricDefinition &def = plot->definition();
    const qint64 from = m_in.from;
    const qint64 end = m_in.end;
    QList<double> candidatePeaks;
    const QStringList candidates = seriesNodes(def, m_in.names, m_in.nodes, m_in.peaks, &candidatePeaks);
    QList<MetricTopSelection::Candidate> ranked;
    ranked.reserve(candidates.size());
    for (qsizetype i = 0; i < candidates.size(); ++i)
        ranked.append({candidates.at(i), candidatePeaks.at(i)});
    const QStringList before = plot->seriesIds();
    const QSet<QString> shown(before.cbegin(), before.cend());
    const QList<int> chosen = MetricTopSelection::choose(ranked, shown, m_in.topCount);
    const bool limited = chosen.size() < candidates.size();

    // Colours: every node its own while all are drawn; in the top K a node keeps its colour while
    // it stays and a newcomer takes a colour no other drawn node has.
    // (A colour index from the all-nodes mode may be any number: kept only if it is a distinct one.)
    const auto keptColour = [&](const QString &id) {
        const int c = shown.contains(id) ? plot->seriesColorIndex(id) : -1;
        return c >= 0 && c < kDistinctColours ? c : -1;
    };
    QSet<int> usedColours;
    if (limited)
        for (int c : chosen)
            if (keptColour(candidates.at(c)) >= 0)
                usedColours.insert(keptColour(candidates.at(c)));
    const auto freeColour = [&usedColours] {
        int c = 0;
        while (usedColours.contains(c))
            ++c;
        usedColours.insert(c);
        return c;
    };

    QList<MetricPlot::Series> series;
    std::vector<char> drawn(std::size_t(candidates.size()), 0);
    for (int c : chosen) {
        const QString &id = candidates.at(c);
        MetricPlot::Series out;
        out.id = id;
        bool known = false;   // the previous point is a known value
        bool anyKnown = false;
        for (const MetricSample &s : m_in.samples(id)) {
            const double v = MetricDefinition::valueOf(def.metric, s);
            if (std::isnan(v) && !known)
                continue;     // leading / repeated unknowns add nothing
            out.keys.append(double(s.timestampMs) / 1000.0);
            out.values.append(v); // one NaN after known values breaks the line
            known = !std::isnan(v);
            anyKnown = anyKnown || known;
        }
        const Node *n = m_in.names.node(id);
        const bool listed = n && (def.replicasOnly ? n->isReplica() : true);
        if (!anyKnown && !listed)
            continue; // its only value is in a bin straddling the window's start
        out.name = m_in.names.seriesName(id);
        const int kept = keptColour(id);
        out.colorIndex = !limited ? m_in.names.colorIndexOf(id) : kept >= 0 ? kept : freeColour();
        drawn[std::size_t(c)] = 1;
        series.append(out);
    }
    plot->setThinLines(limited); // 1 px lines take the raster engine's fast path: 9 busy lines stay cheap
    plot->setSeriesList(series);

    if (!limited) {
        plot->clearAggregate();
        plot->setLegendNote({});
    } else {
        // Max of every other node at each bin: a spike anywhere stays visible.
        const MetricBins &bins = m_in.bins;
        const int m = MetricBins::indexOf(def.metric);
        const qint64 first = bins.binStart(from);
        std::vector<double> rest(std::size_t((bins.binStart(end) - first) / bins.binMs() + 1), MetricBins::kNaN);
        int others = 0;
        for (qsizetype c = 0; c < candidates.size(); ++c) {
            if (drawn[std::size_t(c)])
                continue;
            ++others;
            std::size_t at = rest.size(); // consecutive bins: one division per node, not per bin
            bins.forEachBin(candidates.at(c), from, end, [&](qint64 start, const MetricBins::Values &v) {
                at = at == rest.size() ? std::size_t((start - first) / bins.binMs()) : at + 1;
                double &into = rest[at];
                const double value = v[std::size_t(m)];
                if (!std::isnan(value) && (std::isnan(into) || value > into))
                    into = value;
            });
        }
        QVector<double> keys;
        QVector<double> values;
        for (std::size_t b = 0; b < rest.size(); ++b) {
            if (std::isnan(rest[b]))
                continue; // no other node reported in this bin
            keys.append(double(first + qint64(b) * bins.binMs()) / 1000.0);
            values.append(rest[b]);
        }
        const QString what = def.replicasOnly ? tr("replicas") : tr("nodes");
        plot->setAggregate(tr("max of the other %1").arg(others), keys, values);
        plot->setLegendNote(tr("top %1 of %2 %3 by peak").arg(series.size()).arg(candidates.size()).arg(what));
    }
    plot->setEmptyText(m_in.latestMs <= 0                         ? tr("Waiting for the first samples…")
                       : def.replicasOnly && candidates.isEmpty() ? tr("No replicas: nothing replicates, so there is no lag")
                                                                  : tr("No samples in this window"));
}

} // namespace ops
