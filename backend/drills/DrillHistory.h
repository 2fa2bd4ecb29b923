#pragma once

#include "DrillScore.h"
#include "history/HistoryError.h"

#include <QList>

namespace ops {

class HistoryStore;

/**
 * @brief Drill results in the history store, as audit rows (action "drill", actor the trainee,
 * deployment "drill:<scenario>", the score in details): no schema change, and they show up in
 * the audit trail with every other operator action.
 */
class DrillHistory
{
public:
    static constexpr const char *kAction = "drill";

    static HistoryError save(HistoryStore &store, const DrillScore &score);
    /** Runs of @p trainee (empty: everyone's), oldest first. */
    static QList<DrillScore> runs(const HistoryStore &store, const QString &trainee, HistoryError *error = nullptr);
};

} // namespace ops
