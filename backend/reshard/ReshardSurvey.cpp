#include "ReshardSurvey.h"

namespace ops {

qint64 ReshardSurvey::averageKeyBytes() const
{
    if (sample.isEmpty())
        return 0;
    qint64 total = 0;
    for (const BigKey &k : sample)
        total += k.bytes;
    return total / sample.size();
}

} // namespace ops
