#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ops {

/**
 * @brief How an action ended, as the wizard's result page and the CLI report it: verified or
 * not, the journal's state and outcome, and the durations the operator cares about.
 */
struct ActionOutcome
{
    QString operationId;    ///< empty when it never started (refused before the journal)
    bool verified = false;  ///< the result was checked on the servers, not only an OK reply
    QString state;          ///< the journal's final state: "succeeded", "failed", "aborted", "unknown", ...
    QString outcome;        ///< one sentence
    QString promoted;       ///< the node that is master now (may differ from the plan's target)
    qint64 totalMs = -1;    ///< confirmation to verified / finished
    qint64 pauseMs = -1;    ///< graceful: how long writes were paused
    QStringList details;    ///< "old master back as a replica after 2.1 s", ...
    /**
     * Refused because another console holds the deployment's operation lease: who, where, what,
     * until when (OperationLease::holderText()) and its operation id, which the operator types
     * to take it over (the wizard's "Take over…"). Empty otherwise.
     */
    QString leaseHolder;
    QString leaseHolderOperation;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ActionOutcome)
