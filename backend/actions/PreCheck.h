#pragma once

#include "resp/Endpoint.h"

#include <QJsonArray>
#include <QList>
#include <QString>

namespace ops {

/**
 * @brief One pre-check of an action with the evidence it was judged on. Fail blocks the action
 * (unless the check says it can be overridden and the operator did); Warn is shown and asks for
 * attention; Pass is shown too, so the operator sees what was verified.
 */
struct PreCheck
{
    enum class Status { Pass, Warn, Fail };

    QString id;          ///< stable machine name: "quorum", "sentinels-agree", "replica-lag", ...
    QString title;       ///< what was checked, for an operator
    Status status = Status::Pass;
    QString evidence;    ///< the values it was judged on, in words
    bool overridable = false; ///< a Fail the operator may override explicitly (e.g. replica lag)
    bool overridden = false;  ///< the operator did: counts as Warn

    bool blocks() const { return status == Status::Fail && !overridden; }
    static QString statusName(Status status);
};

using PreChecks = QList<PreCheck>;

/** True when no check blocks. */
bool preChecksAllow(const PreChecks &checks);
/** A check with its evidence (the checks of every action build them this way). */
PreCheck makePreCheck(const QString &id, const QString &title, PreCheck::Status status, const QString &evidence);
/** @brief What the "replica-lag" check of a failover judges: the target's lag against the limit. */
struct LagEvidence
{
    Endpoint target;              ///< invalid: no target (the check fails)
    qint64 lagBytes = -1;         ///< -1: unknown (refused like too much)
    qint64 offset = -1;
    qint64 masterOffset = -1;     ///< -1: the reference is the most advanced replica
    qint64 maxLagBytes = 0;
    bool overridden = false;      ///< the operator accepted the lag explicitly
    QString refusal;              ///< why too much lag is refused, e.g. "promoting it loses the writes it has not received"
};
/** The "replica-lag" check: Fail (overridable) when the lag is unknown or over the limit. */
PreCheck replicaLagCheck(const LagEvidence &lag);
/** The checks as a plan's JSON shows them: id, status, overridden, evidence. */
QJsonArray preChecksJson(const PreChecks &checks);
/** "Pre-checks:" and one `  [status] title: evidence` line per check, as describe() shows them. */
QStringList preChecksLines(const PreChecks &checks);

} // namespace ops
