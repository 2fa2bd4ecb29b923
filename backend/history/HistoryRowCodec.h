#pragma once

#include "AuditRecord.h"
#include "HistoryQuery.h"
#include "StoreLocation.h"
#include "model/OpsEvent.h"

#include <QString>
#include <QVariantList>

class QSqlQuery;

namespace ops {

/**
 * @brief Maps OpsEvent and AuditRecord to and from rows of the `events` and `audit` tables, and
 * turns a HistoryQuery into a SELECT of each store's dialect (internal to HistoryStore). Stored names are the
 * stable ones: OpsEvent::kindName() ("+switch-master" for Sentinel events), severityName(),
 * sourceName(); details are compact JSON text, NULL when empty.
 */
class HistoryRowCodec
{
public:
    /** A statement with positional `?` placeholders and their values, in order. */
    struct Statement
    {
        QString sql;
        QVariantList binds;
    };

    /** INSERT of one event with its uid and @p fingerprint (EventFingerprint; empty = NULL), `RETURNING id`. */
    static Statement insertEvent(const OpsEvent &event, const QString &fingerprint = {});
    /** INSERT of one audit record, `RETURNING id`. */
    static Statement insertAudit(const AuditRecord &record);
    /** SELECT of the events matching @p query, in its order and limit, in @p driver's dialect. */
    static Statement selectEvents(const HistoryQuery &query, StoreLocation::Driver driver);
    /** SELECT (event_id, observer) of the events selectEvents(@p query) returns, earliest observer first. */
    static Statement selectObservers(const HistoryQuery &query, StoreLocation::Driver driver);
    /** SELECT of the audit records of @p deploymentId (empty = all) since @p sinceMs, oldest first. */
    static Statement selectAudit(const QString &deploymentId, qint64 sinceMs);

    /** A row of selectEvents(). Unknown kind names (a newer writer) become Operator with details.storedKind. */
    static OpsEvent eventFromRow(const QSqlQuery &row);
    /** A row of selectAudit(). */
    static AuditRecord auditFromRow(const QSqlQuery &row);

private:
    /** " WHERE … ORDER BY … LIMIT …" of @p query over `events`, with its binds. */
    static Statement filter(const HistoryQuery &query, StoreLocation::Driver driver);
};

} // namespace ops
