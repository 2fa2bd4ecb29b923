#pragma once

#include "lab/LabTopology.h"

#include <QList>
#include <QString>

#include <optional>

namespace ops {

/**
 * @brief One training drill: which lab to start, how much data to load, which fault to inject,
 * which built-in runbook the trainee should follow and when the deployment counts as recovered.
 * The catalogue is fixed (catalogue()); drills are named by id (`redis-ops drill run ID`).
 */
struct DrillScenario
{
    /** What DrillFaults breaks. */
    enum class Fault {
        KillMaster,       ///< kill -9 the Sentinel master
        FreezeMaster,     ///< SIGSTOP the Sentinel master
        CutOffSentinel,   ///< one sentinel forgets the master (SENTINEL REMOVE)
        BreakReplication, ///< one replica authenticates with a wrong masterauth
        FillMemory,       ///< the master's maxmemory set to its used memory (noeviction): writes fail with OOM
        InterruptReshard, ///< a slot left MIGRATING on its owner and IMPORTING on another master
        HotSlot,          ///< a client hammers one key of one slot (DrillHotLoad)
    };
    /** What DrillRecoveryCheck waits for. */
    enum class Recovery {
        NewMasterWritable,  ///< every answering sentinel names the same master, not the faulted one, and it takes a write
        SentinelsMonitor,   ///< every sentinel monitors the master and agrees on it (CKQUORUM OK)
        ReplicationUp,      ///< every replica's master_link_status is up
        MasterWritable,     ///< the master takes a write (no OOM)
        NoOpenSlots,        ///< no master has a migrating or importing slot; cluster_state ok
        HotSlotMoved,       ///< the hot slot is served by another master than at the fault, no slot open
    };

    QString id;
    QString title;
    QString briefing;          ///< what the trainee is told (not what is broken)
    LabSpec lab;
    int dataKeys = 0;          ///< sample keys loaded before the writer starts
    Fault fault = Fault::KillMaster;
    QString runbookId;         ///< matching built-in runbook (empty: none)
    Recovery recovery = Recovery::NewMasterWritable;

    static QString faultName(Fault fault);
    static QString recoveryText(Recovery recovery);
    /** Every drill, in `drill list` order. */
    static const QList<DrillScenario> &catalogue();
    static std::optional<DrillScenario> find(const QString &id);
};

} // namespace ops
