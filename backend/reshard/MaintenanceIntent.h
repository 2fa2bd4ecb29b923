#pragma once

#include <QMetaType>
#include <QString>

namespace ops {

/**
 * @brief A cluster maintenance action as a view or a runbook asks for it: fix open / uncovered
 * slots (safe cases only), add a node (as an empty master, or a replica of a master), or remove a
 * node that owns no slot. The backend answers with an ActionPreview, like the other intents.
 */
struct MaintenanceIntent
{
    enum class Kind { Fix, AddNode, RemoveNode };

    Kind kind = Kind::Fix;
    QString node;           ///< add: the new node's host:port; remove: id, unique id prefix or host:port
    QString replicaOf;      ///< add: make it a replica of this master (empty: an empty master)
    QString assignEmptyTo;  ///< fix: uncovered slots without a key anywhere go to this master
    bool replaceConflicts = false; ///< fix: finishing a move overwrites keys with different values

    static QString kindName(Kind kind)
    {
        return kind == Kind::Fix ? QStringLiteral("cluster-fix") : kind == Kind::AddNode ? QStringLiteral("add-node")
                                                                                          : QStringLiteral("remove-node");
    }
};

} // namespace ops

Q_DECLARE_METATYPE(ops::MaintenanceIntent)
