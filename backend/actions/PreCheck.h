#pragma once

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
/** The checks as a plan's JSON shows them: id, status, overridden, evidence. */
QJsonArray preChecksJson(const PreChecks &checks);
/** "Pre-checks:" and one `  [status] title: evidence` line per check, as describe() shows them. */
QStringList preChecksLines(const PreChecks &checks);

} // namespace ops
