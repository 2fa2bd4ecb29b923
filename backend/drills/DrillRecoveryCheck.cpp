#include "DrillRecoveryCheck.h"

#include "lab/LocalLab.h"
#include "resp/RedisConnection.h"
#include "resp/RedisResult.h"
#include "resp/RespCommand.h"

#include <memory>

namespace ops {

namespace {
constexpr int kProbeTimeoutMs = 1000;

QByteArray infoField(const RedisResult &r, const QByteArray &name)
{
    if (!r.ok())
        return {};
    for (const QByteArray &line : r.value().bytes().split('\n'))
        if (line.startsWith(name + ':'))
            return line.mid(name.size() + 1).trimmed();
    return {};
}

Endpoint addressOf(const RedisResult &r)
{
    if (!r.ok() || !r.value().isArray() || r.value().size() != 2)
        return {};
    return Endpoint{QString::fromUtf8(r.value()[0].bytes()), quint16(r.value()[1].bytes().toUInt())};
}
} // namespace

DrillRecoveryCheck::DrillRecoveryCheck(LocalLab *lab, QObject *parent)
    : QObject(parent), m_lab(lab)
{
}

QList<Endpoint> DrillRecoveryCheck::nodes(int role) const
{
    QList<Endpoint> out;
    for (const LabNode &n : m_lab->topology().nodesWithRole(LabNode::Role(role)))
        out << n.endpoint;
    return out;
}

void DrillRecoveryCheck::gather(const QList<Endpoint> &nodes, const RespCommand &command, Results then)
{
    if (nodes.isEmpty())
        return then({});
    auto results = std::make_shared<QList<RedisResult>>(nodes.size(), RedisResult(RespValue::nil()));
    auto remaining = std::make_shared<qsizetype>(nodes.size());
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        RedisConnection *c = m_lab->control(nodes.at(i));
        auto handler = [results, remaining, i, then](const RedisResult &r) {
            (*results)[i] = r;
            if (--*remaining == 0)
                then(*results);
        };
        if (c == nullptr)
            handler(RedisResult(RedisError(RedisError::Kind::Io, nodes.at(i), QStringLiteral("not a lab node"))));
        else
            c->send(command, this, handler, kProbeTimeoutMs);
    }
}

void DrillRecoveryCheck::check(DrillScenario::Recovery recovery, const Endpoint &faulted, Done done, int slot)
{
    using R = DrillScenario::Recovery;
    const QByteArray name = m_lab->topology().spec.masterName.toUtf8();
    switch (recovery) {
    case R::NewMasterWritable:
        return checkNewMaster(faulted, true, std::move(done));
    case R::MasterWritable:
        if (m_lab->topology().spec.kind == LabSpec::Kind::Sentinel)
            return checkNewMaster(faulted, false, std::move(done));
        return checkWritable(nodes(int(LabNode::Role::Master)).value(0), std::move(done));
    case R::SentinelsMonitor:
        return gather(nodes(int(LabNode::Role::Sentinel)), RespCommand{"SENTINEL", "CKQUORUM", name},
                      [done](const QList<RedisResult> &results) {
                          for (const RedisResult &r : results)
                              if (!r.ok())
                                  return done(false, r.error().message());
                          done(true, {});
                      });
    case R::ReplicationUp:
        return gather(nodes(int(LabNode::Role::Replica)), RespCommand{"INFO", "replication"},
                      [done](const QList<RedisResult> &results) {
                          for (const RedisResult &r : results)
                              if (infoField(r, "master_link_status") != "up")
                                  return done(false, QStringLiteral("a replica's link to its master is down"));
                          done(true, {});
                      });
    case R::NoOpenSlots:
        return checkNoOpenSlots(std::move(done));
    case R::HotSlotMoved:
        return gather(nodes(int(LabNode::Role::Master)), RespCommand{"CLUSTER", "SLOTS"},
                      [this, faulted, slot, done](const QList<RedisResult> &views) {
                          for (const RedisResult &r : views) {
                              if (!r.ok())
                                  return done(false, r.error().message());
                              for (const RespValue &range : r.value().elements())
                                  if (range.size() >= 3 && range[0].integer() <= slot && slot <= range[1].integer()
                                      && range[2].size() >= 2 && quint16(range[2][1].integer()) == faulted.port
                                      && range[2][0].bytes() == faulted.host.toUtf8())
                                      return done(false, QStringLiteral("slot %1 is still on %2").arg(slot).arg(faulted.toString()));
                          }
                          checkNoOpenSlots(done);
                      });
    }
}

void DrillRecoveryCheck::checkNoOpenSlots(Done done)
{
    const QList<Endpoint> masters = nodes(int(LabNode::Role::Master));
    gather(masters, RespCommand{"CLUSTER", "NODES"}, [this, masters, done](const QList<RedisResult> &views) {
        for (const RedisResult &r : views) {
            if (!r.ok())
                return done(false, r.error().message());
            for (const QByteArray &line : r.value().bytes().split('\n'))
                if (line.contains("myself") && (line.contains("->-") || line.contains("-<-")))
                    return done(false, QStringLiteral("a slot is still migrating or importing"));
        }
        gather(masters, RespCommand{"CLUSTER", "INFO"}, [done](const QList<RedisResult> &infos) {
            for (const RedisResult &r : infos)
                if (infoField(r, "cluster_state") != "ok")
                    return done(false, QStringLiteral("cluster_state is not ok"));
            done(true, {});
        });
    });
}

void DrillRecoveryCheck::checkNewMaster(const Endpoint &faulted, bool mustMove, Done done)
{
    const QByteArray name = m_lab->topology().spec.masterName.toUtf8();
    gather(nodes(int(LabNode::Role::Sentinel)), RespCommand{"SENTINEL", "GET-MASTER-ADDR-BY-NAME", name},
           [this, faulted, mustMove, done](const QList<RedisResult> &answers) {
               Endpoint master;
               for (const RedisResult &r : answers) {
                   const Endpoint e = addressOf(r);
                   if (!e.isValid())
                       return done(false, QStringLiteral("a sentinel names no master"));
                   if (master.isValid() && !(master == e))
                       return done(false, QStringLiteral("the sentinels disagree on the master"));
                   master = e;
               }
               if (!master.isValid())
                   return done(false, QStringLiteral("no sentinel answers"));
               if (mustMove && master == faulted)
                   return done(false, QStringLiteral("the sentinels still name %1").arg(faulted.toString()));
               checkWritable(master, done);
           });
}

void DrillRecoveryCheck::checkWritable(const Endpoint &master, Done done)
{
    gather({master}, RespCommand{"SET", "drill:probe", "1"}, [master, done](const QList<RedisResult> &r) {
        if (r.isEmpty() || !r.first().ok())
            return done(false, QStringLiteral("%1 refuses writes: %2")
                                   .arg(master.toString(), r.isEmpty() ? QString() : r.first().error().message()));
        done(true, {});
    });
}

} // namespace ops
