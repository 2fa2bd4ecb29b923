#include "MetricTopSelection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace ops {

QList<int> MetricTopSelection::choose(const QList<Candidate> &candidates, const QSet<QString> &shown, int k,
                                      double stickiness)
{
    const int n = int(candidates.size());
    QList<int> all(n);
    std::iota(all.begin(), all.end(), 0);
    if (n <= k)
        return all;
    if (k <= 0)
        return {};
    constexpr double kLowest = -std::numeric_limits<double>::infinity();
    const auto raw = [&](int i) {
        const double p = candidates.at(i).peak;
        return std::isnan(p) ? kLowest : p;
    };
    std::vector<double> score(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const double p = raw(i);
        const bool favoured = shown.contains(candidates.at(i).id) && p > 0;
        score[std::size_t(i)] = favoured ? p * std::max(1.0, stickiness) : p;
    }
    // Top k by score (partial sort: O(n log k)); ties keep the earlier candidate.
    std::partial_sort(all.begin(), all.begin() + k, all.end(), [&](int a, int b) {
        const double sa = score[std::size_t(a)];
        const double sb = score[std::size_t(b)];
        return sa != sb ? sa > sb : a < b;
    });
    QList<int> chosen(all.begin(), all.begin() + k);
    // The highest raw peak is always shown: it takes the place of the weakest chosen node.
    int best = 0;
    for (int i = 1; i < n; ++i)
        if (raw(i) > raw(best))
            best = i;
    if (!chosen.contains(best))
        chosen.last() = best;
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

} // namespace ops
