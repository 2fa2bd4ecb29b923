#pragma once

#include "OperationRecord.h"

#include <QMetaType>
#include <QString>

namespace ops {

/**
 * @brief Live colleagues: another console's journaled operation as this console last read it
 * (after a StoreListener notification), with the host its writer announced. The console's bar
 * shows text(): "ops@host-b is failing over mymaster — step 3 of 6", then the result.
 * A value of the model library: the views use it.
 */
struct ColleagueOperation
{
    OperationRecord record;  ///< with its steps, as journaled
    QString host;            ///< the writer's host (the notification's "host")
    qint64 pid = 0;          ///< the writer's process id

    bool isRunning() const { return !record.isFinished(); }
    /** Steps the plan lists (its "commands"), or -1 when the plan does not say (a reshard's windows). */
    int plannedSteps() const;
    /**
     * Plain text, one line: "ops@host-b is failing over mymaster — step 3 of 6" while it runs;
     * "ops@host-b failed over mymaster: succeeded in 4.2 s" / "… failed after 1.3 s: <outcome>"
     * once it ended.
     */
    QString text() const;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ColleagueOperation)
