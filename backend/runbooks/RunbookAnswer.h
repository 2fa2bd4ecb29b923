#pragma once

#include <QMetaType>
#include <QString>

namespace ops {

/** @brief An operator's answer to a runbook run (RunbookRunner's operator API, as one value the views send). */
struct RunbookAnswer
{
    enum class Kind {
        Confirm, ///< a manual step is done; an action runs (text: its confirmation text)
        Retry,   ///< a failed step again
        Skip,    ///< the waiting step is skipped (text: the reason)
        Note,    ///< a note on the current step (text)
        Abort,   ///< the run ends (text: the reason)
    };
    Kind kind = Kind::Confirm;
    QString text;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::RunbookAnswer)
