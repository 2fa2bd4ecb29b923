#pragma once

#include "history/OperationRecord.h"
#include "model/OpsEvent.h"
#include "viewmodels/FailoverEpisodes.h"

#include <QList>
#include <QString>

namespace ops {

/**
 * @brief The plain text of the history page's details pane, in aligned "label: value" lines
 * for a fixed-width font: one event (all fields, details JSON indented, then every failover
 * episode it belongs to) or one failover episode (outcome, old / new master, epoch, start,
 * end, duration, event count). Server-provided strings are kept as they are (plain text).
 */
class HistoryDetailsText
{
public:
    static QString ofEvent(const OpsEvent &event, const QList<FailoverEpisode> &episodes);
    static QString ofEpisode(const FailoverEpisode &episode);
    /** A journaled operation: who, mode, state, duration, outcome, pre-checks, then every step. */
    static QString ofOperation(const OperationRecord &operation);
};

} // namespace ops
