#include "DrillScenario.h"

namespace ops {

namespace {

LabSpec sentinelLab()
{
    LabSpec s;
    s.kind = LabSpec::Kind::Sentinel;
    s.replicasPerMaster = 2;
    s.sentinels = 3;
    return s;
}

LabSpec clusterLab()
{
    LabSpec s;
    s.kind = LabSpec::Kind::Cluster;
    s.masters = 3;
    s.replicasPerMaster = 1;
    return s;
}

DrillScenario make(const char *id, const char *title, const char *briefing, LabSpec lab, int keys,
                   DrillScenario::Fault fault, const char *runbook, DrillScenario::Recovery recovery)
{
    DrillScenario d;
    d.id = QString::fromLatin1(id);
    d.title = QString::fromLatin1(title);
    d.briefing = QString::fromLatin1(briefing);
    d.lab = lab;
    d.dataKeys = keys;
    d.fault = fault;
    d.runbookId = QString::fromLatin1(runbook);
    d.recovery = recovery;
    return d;
}

} // namespace

QString DrillScenario::faultName(Fault fault)
{
    switch (fault) {
    case Fault::KillMaster: return QStringLiteral("kill-master");
    case Fault::FreezeMaster: return QStringLiteral("freeze-master");
    case Fault::CutOffSentinel: return QStringLiteral("cut-off-sentinel");
    case Fault::BreakReplication: return QStringLiteral("break-replication");
    case Fault::FillMemory: return QStringLiteral("fill-memory");
    case Fault::InterruptReshard: return QStringLiteral("interrupt-reshard");
    case Fault::HotSlot: return QStringLiteral("hot-slot");
    }
    return {};
}

QString DrillScenario::recoveryText(Recovery recovery)
{
    switch (recovery) {
    case Recovery::NewMasterWritable: return QStringLiteral("the sentinels agree on a new master that takes writes");
    case Recovery::SentinelsMonitor: return QStringLiteral("every sentinel monitors the master (CKQUORUM OK)");
    case Recovery::ReplicationUp: return QStringLiteral("every replica's link to its master is up");
    case Recovery::MasterWritable: return QStringLiteral("the master takes writes again");
    case Recovery::NoOpenSlots: return QStringLiteral("no slot is migrating or importing and the cluster is ok");
    case Recovery::HotSlotMoved: return QStringLiteral("the hot slot is on another master and no slot is open");
    }
    return {};
}

const QList<DrillScenario> &DrillScenario::catalogue()
{
    using F = Fault;
    using R = Recovery;
    static const QList<DrillScenario> all{
        make("master-killed", "Sentinel master killed (kill -9)",
             "Writes to the Sentinel deployment fail. Find out why and bring writes back.", sentinelLab(), 500,
             F::KillMaster, "sentinel-master-down", R::NewMasterWritable),
        make("master-frozen", "Sentinel master frozen (SIGSTOP)",
             "The master stopped answering but its port is open. Restore service.", sentinelLab(), 500,
             F::FreezeMaster, "sentinel-master-down", R::NewMasterWritable),
        make("sentinel-cut-off", "A sentinel lost its master",
             "One sentinel reports no master. Make every sentinel monitor the deployment again.", sentinelLab(), 200,
             F::CutOffSentinel, "", R::SentinelsMonitor),
        make("replication-broken", "Replication link broken",
             "A replica fell behind and does not catch up. Repair replication.", sentinelLab(), 500,
             F::BreakReplication, "replication-lag-high", R::ReplicationUp),
        make("memory-full", "Master out of memory",
             "Writes fail with OOM errors. Let the application write again.", sentinelLab(), 2000,
             F::FillMemory, "memory-pressure", R::MasterWritable),
        make("reshard-interrupted", "Reshard interrupted half-way",
             "A slot migration was cut short. Close the open slot.", clusterLab(), 1000,
             F::InterruptReshard, "open-slots-after-migration", R::NoOpenSlots),
        make("hot-slot", "One hot slot overloads its master",
             "One master is far busier than the others. Find the hot slot and move it to another master.", clusterLab(),
             1000, F::HotSlot, "", R::HotSlotMoved),
    };
    return all;
}

std::optional<DrillScenario> DrillScenario::find(const QString &id)
{
    for (const DrillScenario &d : catalogue())
        if (d.id == id)
            return d;
    return std::nullopt;
}

} // namespace ops
