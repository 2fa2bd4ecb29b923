#pragma once

#include "actions/PreCheck.h"
#include "model/SlotRange.h"
#include "resp/Endpoint.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ops {

/** @brief A cluster master as a reshard names it: node id and address. */
struct ReshardNode
{
    QByteArray id;
    Endpoint endpoint;

    QString label() const { return QStringLiteral("%1 (%2)").arg(endpoint.toString(), QString::fromLatin1(id.left(8))); }
    QJsonObject toJson() const;
    static std::optional<ReshardNode> fromJson(const QJsonObject &o);
    friend bool operator==(const ReshardNode &, const ReshardNode &) = default;
};

/** @brief Slots that go from one master to another: one stream of the executor per pair (or more). */
struct SlotMovePair
{
    ReshardNode source;
    ReshardNode target;
    QList<int> slotList;                ///< ascending
    qint64 estimatedKeys = 0;        ///< COUNTKEYSINSLOT of these slots on the source, at the survey
    /** Resume: slots the target owns already whose source (or other masters) still list them
     *  otherwise: only SETSLOT NODE is left to send. */
    QList<int> closeOnly;

    QJsonObject toJson() const;
    static std::optional<SlotMovePair> fromJson(const QJsonObject &o);
};

/** @brief What the operator asked to move and how fast. */
struct ReshardRequest
{
    QStringList sources;             ///< node ids, unique id prefixes or host:port
    QString target;
    int slotCount = 0;               ///< --slots N: taken from the sources in proportion to what they own ...
    SlotRanges ranges;               ///< ... or --range A-B: exactly these slots (each owned by a source)
    int batchKeys = 1000;            ///< keys per MIGRATE (smaller for big keys)
    int slotsInFlight = 128;         ///< at most this many slots open per stream at a time (a window)
    int streamsPerPair = 4;          ///< streams per (source, target) pair, each on its own connections
    int maxStreamsPerNode = 4;       ///< bound on the streams touching one node at once
    qint64 maxKeysPerSecond = 0;     ///< throttle for the whole operation; 0 = none
    int migrateTimeoutMs = 10000;    ///< MIGRATE's own timeout (the server's, per batch)
    bool replaceConflicts = false;   ///< BUSYKEY with different values: overwrite the target's keys
    qint64 bigKeyBytes = 1024 * 1024; ///< a sampled key at least this big is "big"

    QJsonObject toJson() const;
    static ReshardRequest fromJson(const QJsonObject &o);
};

/** @brief A key the survey sampled that is big enough to slow its batch (MEMORY USAGE). */
struct BigKey
{
    Endpoint node;
    int slot = 0;
    QByteArray key;
    qint64 bytes = 0;
};

/**
 * @brief A reshard worked out from a ReshardSurvey: which slots go from which master to which,
 * the pre-checks with their evidence, the slot distribution before and after, the estimated keys
 * and duration, and the exact commands of one slot. Pure data, stored whole as the operation's
 * plan in the journal (resume reads it back with fromJson()).
 */
struct ReshardPlan
{
    ReshardRequest request;
    QString deploymentId;
    QList<ReshardNode> masters;      ///< every master: SETSLOT NODE goes to all of them
    QList<SlotMovePair> pairs;
    PreChecks checks;
    QList<BigKey> bigKeys;
    qint64 averageKeyBytes = 0;      ///< from the MEMORY USAGE sample; 0 unknown
    QList<QPair<QString, int>> slotsBefore; ///< master label, slots owned
    QList<QPair<QString, int>> slotsAfter;
    bool authenticated = false;      ///< the cluster needs AUTH: MIGRATE carries AUTH / AUTH2
    /** Resume: slots an earlier run moved (slot → owner), verified again at the end; not journaled. */
    QHash<int, QByteArray> alreadyMoved;

    int slotCount() const;
    /** Slots only to close (resume); counted in slotCount(). */
    int closeOnlyCount() const;
    qint64 estimatedKeys() const;
    /** Keys per MIGRATE: the request's, smaller when the sample found big keys. */
    int effectiveBatchKeys() const;
    /** MIGRATE's timeout: the request's, longer for big keys. */
    int effectiveMigrateTimeoutMs() const;
    /**
     * The window of @p pair's streams: request.slotsInFlight at most, fewer when the pair's slots
     * hold many keys (about kWindowKeys per window), so a pause or cancel, which waits for the
     * open window, stays short.
     */
    int windowSlotsFor(const SlotMovePair &pair) const;
    static constexpr qint64 kWindowKeys = 20000;
    bool allowed() const { return (slotCount() > 0 || !alreadyMoved.isEmpty()) && preChecksAllow(checks); }
    /** The commands that move one slot, in order, for the preview (secrets redacted). */
    QStringList oneSlotCommands() const;
    QJsonObject toJson() const;
    static std::optional<ReshardPlan> fromJson(const QJsonObject &o, QString *error);
    /** The plan for an operator: pairs, distribution before/after, checks, commands; one item per line. */
    QStringList describe(qint64 estimatedKeysPerSecond = 0) const;
};

/** Slots as compact ranges ("0-99,200,300-310"). */
QString slotListText(const QList<int> &slotList);
/** The ranges of an ascending list of slots. */
SlotRanges slotRangesOf(const QList<int> &slotList);

} // namespace ops
