#pragma once

#include "ReshardPlan.h"
#include "actions/ClusterSurvey.h"

#include <QHash>
#include <QVector>

namespace ops {

/**
 * @brief The masters of a surveyed cluster and who owns each slot, as the nodes agree on it (the
 * node's own line first: ClusterSurvey::consensusLine), with the operator's names for nodes
 * resolved: a node id, a unique id prefix, or host:port.
 */
class ClusterMasters
{
public:
    explicit ClusterMasters(const ClusterSurvey &survey);

    const QList<ReshardNode> &masters() const { return m_masters; }
    /** Slot owner ids (empty: no master owns it). */
    const QVector<QByteArray> &owners() const { return m_owners; }
    const ReshardNode *master(const QByteArray &id) const;
    /** Slots @p id owns, ascending. */
    QList<int> slotsOf(const QByteArray &id) const;
    /**
     * The master @p name stands for; nullopt with @p error ("no node ...", "... is ambiguous: ...",
     * "... is a replica of ...: only masters own slots").
     */
    std::optional<ReshardNode> resolve(const QString &name, QString *error) const;
    /** `label: N slots` of every master, for before/after. */
    QList<QPair<QString, int>> distribution() const;

private:
    const ClusterSurvey &m_survey;
    QList<ReshardNode> m_masters;
    QVector<QByteArray> m_owners = QVector<QByteArray>(kSlotCount);
};

} // namespace ops
