#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ops {

/**
 * @brief One thing that happened to a deployment: a topology change seen by comparing two
 * snapshots (TopologyDiff), a Sentinel event received over pub/sub (mapped 1:1), or an operator
 * action. Value type; stored by HistoryStore before it is published.
 *
 * kindName() is the stable, machine-readable name used in JSON, SQL and `--kind` filters:
 * "promoted", "fail-set", ... for topology kinds, and the Sentinel event type itself
 * ("+switch-master", "-odown", "+failover-state-select-slave", ...) for Kind::Sentinel.
 */
struct OpsEvent
{
    Q_GADGET
public:
    enum class Kind {
        NodeAdded,            ///< a node joined (or was discovered after the first snapshot)
        NodeRemoved,          ///< a node left the deployment (forgotten / no longer listed)
        Promoted,             ///< replica -> master
        Demoted,              ///< master -> replica
        MasterChanged,        ///< a replica now follows a different master
        PFailSet,
        PFailCleared,
        FailSet,
        FailCleared,
        NodeStale,            ///< stopped answering our polls
        NodeRecovered,        ///< answers again
        SlotOwnerChanged,     ///< details: slots (ranges), from, to
        MigrationStarted,     ///< a slot entered migrating/importing state
        MigrationFinished,
        ConfigEpochChanged,
        ReplicationLinkDown,
        ReplicationLinkUp,
        ClusterStateChanged,  ///< cluster_state ok <-> fail
        SentinelDisagreement, ///< sentinels report different masters for one name
        Sentinel,             ///< a Sentinel pub/sub event, type in sentinelType
        Operator,             ///< an operator action or note (audit)
        HealthAlert,          ///< a health finding started firing (HealthAlertTracker; details: rule, nodes, evidence)
        HealthAlertCleared,   ///< ...and stopped (details: rule, nodes, durationMs)
    MigrationSummary,     ///< a slot migration started outside the console ended (MigrationTracker; details: source, target, slotsMoved, slots, keysMoved, durationMs, origin)
    };
    Q_ENUM(Kind)
    enum class Severity { Info, Warning, Critical };
    Q_ENUM(Severity)
    enum class Source { Poll, Sentinel, Operator };
    Q_ENUM(Source)

    qint64 id = 0;             ///< HistoryStore row id; 0 until stored
    qint64 timestampMs = 0;    ///< wall clock, ms since the Unix epoch (UTC)
    QString deploymentId;
    Kind kind = Kind::Operator;
    QString sentinelType;      ///< Kind::Sentinel only: "+switch-master", "-sdown", ...
    Severity severity = Severity::Info;
    Source source = Source::Poll;
    QString nodeId;            ///< subject node: cluster node id, or host:port outside a cluster
    QString endpoint;          ///< subject node's host:port (may equal nodeId)
    QString message;           ///< one human sentence
    QJsonObject details;       ///< kind-specific fields (oldMaster, newMaster, epoch, slots, ...)
    QString operationId;       ///< the journaled operation that caused it (OperationRecord::id); empty = none
    /**
     * Unique id of this observation, made by the console that saw it (HistoryStore::append sets
     * one when empty): appending the same uid again stores nothing twice (an idempotent retry).
     */
    QString uid;
    /**
     * Who saw it ("operator@host"), earliest first, when read from a store: consoles that stored
     * the same event (EventFingerprint) add themselves here instead of a second row. Empty for
     * events stored before schema v6 and for live ones.
     */
    QStringList observers;

    QString kindName() const;
    /** Kind for a kindName(); Sentinel for anything starting with + or -. False if unknown. */
    static bool kindFromName(const QString &name, Kind *kind);
    static QString kindName(Kind kind);
    static QString severityName(Severity severity);
    static QString sourceName(Source source);

    QJsonObject toJson() const;
    static OpsEvent fromJson(const QJsonObject &json);

    friend bool operator==(const OpsEvent &, const OpsEvent &) = default;
};

using OpsEvents = QList<OpsEvent>;

} // namespace ops

Q_DECLARE_METATYPE(ops::OpsEvent)
