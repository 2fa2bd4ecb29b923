#pragma once

#include "ReshardPlan.h"

#include <QJsonObject>
#include <QStringList>

namespace ops {

/** @brief What `fix` does with one open or uncovered slot (or why it refuses to touch it). */
struct SlotFix
{
    enum class Kind {
        FinishMove,   ///< migrating on the owner S to T, importing on T from S: finish the move S → T
        ReturnKeys,   ///< importing on T only: T's keys of the slot go (MIGRATE) to the owner, then STABLE on T
        Stable,       ///< migrating on S with no key left and no importer: SETSLOT STABLE on S
        Assign,       ///< no owner; keys on exactly one master (or none, with --assign-empty-to): ADDSLOTS there
        Refused,      ///< not a case known to be safe: left alone, with the reason
    };

    int slot = 0;
    Kind kind = Kind::Refused;
    ReshardNode source;               ///< FinishMove: the owner migrating; ReturnKeys: the importer
    ReshardNode target;               ///< FinishMove: the importer it names; ReturnKeys / Assign: the owner to be
    QList<ReshardNode> stableFirst;   ///< FinishMove: importers without keys that are not the destination
    QString reason;                   ///< what was seen, in words (why it is safe, or why refused)

    static QString kindName(Kind kind);
};

/** @brief The repairs `fix` makes, slot by slot, with the pre-checks; pure data. */
struct FixPlan
{
    QString deploymentId;
    QList<ReshardNode> masters;
    QList<SlotFix> fixes;             ///< every open or uncovered slot, refused ones included
    PreChecks checks;
    ReshardRequest tuning;            ///< batches and timeouts of the moves

    int count(SlotFix::Kind kind) const;
    bool allowed() const;
    QStringList commands() const;     ///< the exact commands, per slot
    QJsonObject toJson() const;
    QStringList describe() const;
};

} // namespace ops
