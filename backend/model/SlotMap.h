#pragma once

#include "SlotRange.h"

#include <QHash>
#include <QList>
#include <QString>

#include <array>

namespace ops {

/**
 * @brief Owner of each of the 16384 hash slots, plus slots in transit. Value type (about 33 KB),
 * shared immutably through TopologySnapshot.
 *
 * A slot with no owner is uncovered. A migration pairs the source's "migrating" state with the
 * target's "importing" state; either half can be seen alone (an open slot that `fix` must close).
 */
class SlotMap
{
public:
    struct Migration
    {
        int slot = 0;
        QString source;          ///< node id that has the slot MIGRATING (or that owns it)
        QString target;          ///< node id that has the slot IMPORTING
        bool migratingSeen = false;
        bool importingSeen = false;
        bool isHalfOpen() const { return migratingSeen != importingSeen; }
        friend bool operator==(const Migration &, const Migration &) = default;
    };

    SlotMap();

    /** Assigns @p range to @p nodeId (replacing any previous owner). */
    void assign(const SlotRange &range, const QString &nodeId);
    void setMigrating(int slot, const QString &source, const QString &target);
    void setImporting(int slot, const QString &target, const QString &source);

    /** Owner's node id; empty when uncovered or out of range. */
    QString ownerOf(int slot) const;
    bool isCovered(int slot) const { return slot >= 0 && slot < kSlotCount && m_owner[std::size_t(slot)] >= 0; }
    int coveredCount() const;
    SlotRanges uncoveredRanges() const;
    SlotRanges rangesOf(const QString &nodeId) const;
    int countOf(const QString &nodeId) const;
    /** Ranges of every owner, indexed like owners(): one pass over the slots (rangesOf is one pass per owner). */
    QList<SlotRanges> rangesByOwner() const;
    /** Owners in first-seen order. */
    const QStringList &owners() const { return m_owners; }
    /** Index of @p nodeId in owners(), -1 if it owns nothing. */
    int indexOfOwner(const QString &nodeId) const { return m_ownerIndex.value(nodeId, -1); }
    /** Index of the owner of @p slot in owners(), -1 if uncovered. */
    int ownerIndex(int slot) const { return slot >= 0 && slot < kSlotCount ? m_owner[std::size_t(slot)] : -1; }
    /** Slots in transit, sorted by slot. */
    QList<Migration> migrations() const;
    const Migration *migration(int slot) const;

    friend bool operator==(const SlotMap &a, const SlotMap &b);

private:
    int indexFor(const QString &nodeId);
    Migration &migrationAt(int slot);

    std::array<qint16, kSlotCount> m_owner;
    QStringList m_owners;
    QHash<QString, int> m_ownerIndex;
    QHash<int, Migration> m_migrations;
};

} // namespace ops
