#pragma once

#include <QMetaType>
#include <QString>

namespace ops {

/**
 * @brief One line of an action's live progress, for the wizard and the CLI: a phase change, a
 * journaled step's new state, or a server event (a sentinel's +switch-master, ...), with the
 * milliseconds since the operator confirmed.
 */
struct ActionProgress
{
    enum class Kind { Phase, Step, ServerEvent };

    QString operationId;
    Kind kind = Kind::Phase;
    qint64 atMs = 0;        ///< since the confirmation (monotonic)
    QString text;           ///< plain text: server data is never interpreted as markup
    bool failed = false;    ///< a step that failed or whose outcome is unknown, an abort event
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ActionProgress)
