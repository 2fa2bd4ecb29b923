#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace ops {

/**
 * @brief One operator action recorded by HistoryStore::appendAudit (failover, reshard, config
 * change, ...): who did what to which deployment, with which command and how it ended.
 * commandText must already be redacted by the caller (RespCommand::redactedText()); the store
 * writes it as given.
 */
struct AuditRecord
{
    qint64 id = 0;            ///< row id; 0 until stored
    qint64 timestampMs = 0;   ///< wall clock, ms since the Unix epoch (UTC)
    QString deploymentId;
    QString actor;            ///< OS user or operator name
    QString action;           ///< stable machine name: "failover", "reshard", "config-set", ...
    QString commandText;      ///< redacted command(s) sent, e.g. "SENTINEL FAILOVER mymaster"
    QString outcome;          ///< "succeeded", "failed", "cancelled", "dry-run", ...
    QJsonObject details;      ///< action-specific fields (error text, slots moved, ...)
    QString uid;              ///< unique id made by the writer (set by appendAudit when empty): a retry stores it once

    friend bool operator==(const AuditRecord &, const AuditRecord &) = default;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::AuditRecord)
