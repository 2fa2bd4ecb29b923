#include "DrillFaults.h"

#include "DrillHotLoad.h"
#include "core/Logging.h"
#include "lab/FaultInjector.h"
#include "lab/LabProcess.h"
#include "lab/LocalLab.h"
#include "model/HashSlot.h"
#include "resp/RedisConnection.h"
#include "resp/RedisResult.h"
#include "resp/RespCommand.h"

#include <QTimer>

namespace ops {

namespace {
auto log() { return Logging::get("drills"); }
constexpr int kCommandTimeoutMs = 3000;
constexpr int kReapAttempts = 200; ///< × 25 ms: how long a killed process may take to be reaped

QByteArray pairValue(const RespValue &pairs, const QByteArray &name)
{
    if (!pairs.isArray())
        return {};
    for (std::size_t i = 0; i + 1 < pairs.size(); i += 2)
        if (pairs[i].bytes() == name)
            return pairs[i + 1].bytes();
    return {};
}

QByteArray infoField(const QByteArray &text, const QByteArray &name)
{
    for (const QByteArray &line : text.split('\n'))
        if (line.startsWith(name + ':'))
            return line.mid(name.size() + 1).trimmed();
    return {};
}
} // namespace

QString DrillFaults::Record::toString() const
{
    QString text = DrillScenario::faultName(fault) + QLatin1Char(' ') + node.toString();
    if (fault == DrillScenario::Fault::InterruptReshard)
        text += QStringLiteral(" slot %1 → %2").arg(slot).arg(other.toString());
    return text + (undone ? QStringLiteral(" (undone)") : QString());
}

DrillFaults::DrillFaults(LocalLab *lab, QObject *parent)
    : QObject(parent), m_lab(lab), m_injector(new FaultInjector(lab, this))
{
}

void DrillFaults::send(const Endpoint &node, const RespCommand &command, Handler handler)
{
    RedisConnection *c = m_lab->control(node);
    if (c == nullptr)
        return handler(RedisResult(RedisError(RedisError::Kind::Io, node, QStringLiteral("not a lab node"))));
    c->send(command, this, std::move(handler), kCommandTimeoutMs);
}

void DrillFaults::sendAll(const Endpoint &node, QList<RespCommand> commands, Done done)
{
    if (commands.isEmpty())
        return done({});
    const RespCommand first = commands.takeFirst();
    send(node, first, [this, node, commands, done](const RedisResult &r) {
        if (!r.ok())
            return done(r.error().message());
        sendAll(node, commands, done);
    });
}

Endpoint DrillFaults::sentinelLabMaster() const
{
    const QList<LabNode> masters = m_lab->topology().nodesWithRole(LabNode::Role::Master);
    return masters.isEmpty() ? Endpoint{} : masters.first().endpoint;
}

void DrillFaults::inject(DrillScenario::Fault fault, quint32 seed, Done done)
{
    using F = DrillScenario::Fault;
    const LabTopology &t = m_lab->topology();
    Record record;
    record.fault = fault;
    switch (fault) {
    case F::KillMaster:
    case F::FreezeMaster: {
        record.node = sentinelLabMaster();
        const bool ok = fault == F::KillMaster ? m_injector->kill(record.node) : m_injector->freeze(record.node);
        if (!ok)
            return done(QStringLiteral("could not signal %1").arg(record.node.toString()));
        m_records << record;
        return done({});
    }
    case F::BreakReplication: {
        const QList<LabNode> replicas = t.nodesWithRole(LabNode::Role::Replica);
        if (replicas.isEmpty())
            return done(QStringLiteral("the lab has no replica"));
        record.node = replicas.at(qsizetype(seed % quint32(replicas.size()))).endpoint;
        m_records << record;
        m_injector->breakReplication(record.node, std::move(done));
        return;
    }
    case F::CutOffSentinel: {
        const QList<LabNode> sentinels = t.nodesWithRole(LabNode::Role::Sentinel);
        if (sentinels.isEmpty())
            return done(QStringLiteral("the lab has no sentinel"));
        return injectSentinelCutOff(sentinels.at(qsizetype(seed % quint32(sentinels.size()))).endpoint, std::move(done));
    }
    case F::FillMemory:
        return injectFillMemory(sentinelLabMaster(), std::move(done));
    case F::InterruptReshard: {
        const QList<LabNode> masters = t.nodesWithRole(LabNode::Role::Master);
        if (masters.size() < 2)
            return done(QStringLiteral("the lab has fewer than two masters"));
        const qsizetype from = qsizetype(seed % quint32(masters.size()));
        return injectOpenSlot(masters.at(from).endpoint, masters.at((from + 1) % masters.size()).endpoint, seed,
                              std::move(done));
    }
    case F::HotSlot:
        return injectHotSlot(seed, std::move(done));
    }
}

void DrillFaults::injectSentinelCutOff(const Endpoint &sentinel, Done done)
{
    const QByteArray name = m_lab->topology().spec.masterName.toUtf8();
    send(sentinel, RespCommand{"SENTINEL", "MASTER", name}, [this, sentinel, name, done](const RedisResult &r) {
        if (!r.ok())
            return done(r.error().message());
        Record record;
        record.fault = DrillScenario::Fault::CutOffSentinel;
        record.node = sentinel;
        for (const QByteArray &field : {QByteArrayLiteral("quorum"), QByteArrayLiteral("down-after-milliseconds"),
                                       QByteArrayLiteral("failover-timeout"), QByteArrayLiteral("parallel-syncs")})
            record.saved << pairValue(r.value(), field);
        m_records << record;
        log()->info("fault: SENTINEL REMOVE {} on {}", name.toStdString(), sentinel.toString().toStdString());
        sendAll(sentinel, {RespCommand{"SENTINEL", "REMOVE", name}}, done);
    });
}

void DrillFaults::injectFillMemory(const Endpoint &master, Done done)
{
    send(master, RespCommand{"CONFIG", "GET", "maxmemory*"}, [this, master, done](const RedisResult &config) {
        if (!config.ok())
            return done(config.error().message());
        send(master, RespCommand{"INFO", "memory"}, [this, master, done, config](const RedisResult &info) {
            if (!info.ok())
                return done(info.error().message());
            Record record;
            record.fault = DrillScenario::Fault::FillMemory;
            record.node = master;
            record.saved << pairValue(config.value(), "maxmemory") << pairValue(config.value(), "maxmemory-policy");
            m_records << record;
            // Below what is used already: with noeviction every write is refused with OOM at once.
            const qint64 used = infoField(info.value().bytes(), "used_memory").toLongLong();
            const QByteArray limit = QByteArray::number(std::max<qint64>(used / 2, 1024 * 1024));
            log()->info("fault: maxmemory {} (noeviction) on {}", limit.toStdString(), master.toString().toStdString());
            sendAll(master, {RespCommand{"CONFIG", "SET", "maxmemory-policy", "noeviction"},
                             RespCommand{"CONFIG", "SET", "maxmemory", limit}},
                    done);
        });
    });
}

void DrillFaults::injectOpenSlot(const Endpoint &source, const Endpoint &target, quint32 seed, Done done)
{
    send(source, RespCommand{"CLUSTER", "MYID"}, [=, this](const RedisResult &sourceId) {
        send(target, RespCommand{"CLUSTER", "MYID"}, [=, this](const RedisResult &targetId) {
            send(source, RespCommand{"CLUSTER", "SLOTS"}, [=, this](const RedisResult &slotMap) {
                if (!sourceId.ok() || !targetId.ok() || !slotMap.ok())
                    return done(QStringLiteral("cannot read the cluster's node ids and slots"));
                // A slot the source owns, away from the writer's own slot.
                const int writerSlot = HashSlot::of(QByteArrayLiteral("{drill}"));
                int slot = -1;
                for (const RespValue &range : slotMap.value().elements()) {
                    if (range.size() < 3 || range[2].size() < 2 || quint16(range[2][1].integer()) != source.port)
                        continue;
                    const qint64 first = range[0].integer(), last = range[1].integer();
                    const qint64 candidate = first + qint64(seed % quint32(last - first + 1));
                    slot = int(candidate == writerSlot ? (candidate == last ? first : candidate + 1) : candidate);
                    break;
                }
                if (slot < 0)
                    return done(QStringLiteral("%1 owns no slot").arg(source.toString()));
                Record record;
                record.fault = DrillScenario::Fault::InterruptReshard;
                record.node = source;
                record.other = target;
                record.slot = slot;
                m_records << record;
                const QByteArray s = QByteArray::number(slot);
                log()->info("fault: slot {} left open from {} to {}", slot, source.toString().toStdString(),
                            target.toString().toStdString());
                sendAll(target, {RespCommand{"CLUSTER", "SETSLOT", s, "IMPORTING", sourceId.value().bytes()}},
                        [=, this](const QString &error) {
                            if (!error.isEmpty())
                                return done(error);
                            sendAll(source, {RespCommand{"CLUSTER", "SETSLOT", s, "MIGRATING", targetId.value().bytes()}},
                                    done);
                        });
            });
        });
    });
}

void DrillFaults::injectHotSlot(quint32 seed, Done done)
{
    QByteArray key = QByteArrayLiteral("drill:hot:{hot") + QByteArray::number(seed) + '}';
    if (HashSlot::of(key) == HashSlot::of(QByteArrayLiteral("{drill}"))) // not the writer's slot
        key = QByteArrayLiteral("drill:hot:{hot-") + QByteArray::number(seed) + '}';
    const int slot = HashSlot::of(key);
    const Endpoint seedNode = m_lab->topology().nodesWithRole(LabNode::Role::Master).value(0).endpoint;
    send(seedNode, RespCommand{"CLUSTER", "SLOTS"}, [this, key, slot, done](const RedisResult &slotMap) {
        if (!slotMap.ok())
            return done(slotMap.error().message());
        Record record;
        record.fault = DrillScenario::Fault::HotSlot;
        record.slot = slot;
        for (const RespValue &range : slotMap.value().elements())
            if (range.size() >= 3 && range[0].integer() <= slot && slot <= range[1].integer() && range[2].size() >= 2)
                record.node = Endpoint{QString::fromUtf8(range[2][0].bytes()), quint16(range[2][1].integer())};
        if (!record.node.isValid())
            return done(QStringLiteral("slot %1 has no owner").arg(slot));
        m_records << record;
        log()->info("fault: hot key {} (slot {}) on {}", key.toStdString(), slot, record.node.toString().toStdString());
        m_hotLoad = new DrillHotLoad(m_lab->topology(), key, record.node, {}, this);
        m_hotLoad->start();
        done({});
    });
}

void DrillFaults::undo(Done done)
{
    undoOne(m_records.size() - 1, std::move(done));
}

void DrillFaults::undoOne(qsizetype index, Done done)
{
    if (index < 0)
        return done({});
    Record &record = m_records[index];
    if (record.undone)
        return undoOne(index - 1, std::move(done));
    auto next = [this, index, done](const QString &error) {
        if (!error.isEmpty()) {
            log()->warn("drill: undoing {} failed: {}", m_records.at(index).toString().toStdString(), error.toStdString());
            return done(error);
        }
        m_records[index].undone = true;
        log()->info("drill: undone {}", m_records.at(index).toString().toStdString());
        undoOne(index - 1, done);
    };
    using F = DrillScenario::Fault;
    switch (record.fault) {
    case F::KillMaster:
        return undoKill(record, 0, next);
    case F::FreezeMaster:
        return next(m_injector->thaw(record.node) ? QString() : QStringLiteral("SIGCONT failed"));
    case F::BreakReplication:
        return m_injector->restoreReplication(record.node, next);
    case F::CutOffSentinel:
        return undoSentinel(record, next);
    case F::FillMemory:
        return sendAll(record.node,
                       {RespCommand{"CONFIG", "SET", "maxmemory", record.saved.value(0, "0")},
                        RespCommand{"CONFIG", "SET", "maxmemory-policy", record.saved.value(1, "noeviction")}},
                       next);
    case F::HotSlot:
        if (m_hotLoad != nullptr)
            m_hotLoad->stop();
        return next({});
    case F::InterruptReshard: {
        const QByteArray s = QByteArray::number(record.slot);
        const Endpoint other = record.other;
        return sendAll(record.node, {RespCommand{"CLUSTER", "SETSLOT", s, "STABLE"}}, [this, other, s, next](const QString &e) {
            if (!e.isEmpty())
                return next(e);
            sendAll(other, {RespCommand{"CLUSTER", "SETSLOT", s, "STABLE"}}, next);
        });
    }
    }
}

void DrillFaults::undoKill(Record &record, int attempt, Done done)
{
    LabProcess *p = m_lab->process(record.node);
    if (p == nullptr)
        return done(QStringLiteral("%1 is not a lab node").arg(record.node.toString()));
    if (p->isRunning()) {
        // SIGKILL was sent; QProcess notices the exit from the event loop.
        if (attempt >= kReapAttempts)
            return done(QStringLiteral("%1 did not exit after SIGKILL").arg(record.node.toString()));
        const Endpoint node = record.node;
        QTimer::singleShot(25, this, [this, node, attempt, done] {
            for (Record &r : m_records)
                if (r.fault == DrillScenario::Fault::KillMaster && r.node == node)
                    return undoKill(r, attempt + 1, done);
        });
        return;
    }
    QString error;
    done(m_injector->restart(record.node, &error) ? QString() : error);
}

void DrillFaults::undoSentinel(Record &record, Done done)
{
    const QByteArray name = m_lab->topology().spec.masterName.toUtf8();
    const Endpoint sentinel = record.node;
    const QList<QByteArray> saved = record.saved;
    send(sentinel, RespCommand{"SENTINEL", "GET-MASTER-ADDR-BY-NAME", name}, [=, this](const RedisResult &own) {
        if (own.ok() && own.value().isArray())
            return done({}); // monitoring again (the trainee fixed it)
        // Where the others say the master is now.
        Endpoint peer;
        for (const LabNode &n : m_lab->topology().nodesWithRole(LabNode::Role::Sentinel))
            if (!(n.endpoint == sentinel))
                peer = n.endpoint;
        send(peer, RespCommand{"SENTINEL", "GET-MASTER-ADDR-BY-NAME", name}, [=, this](const RedisResult &addr) {
            if (!addr.ok() || !addr.value().isArray() || addr.value().size() != 2)
                return done(QStringLiteral("no sentinel names the master"));
            sendAll(sentinel,
                    {RespCommand{"SENTINEL", "MONITOR", name, addr.value()[0].bytes(), addr.value()[1].bytes(), saved.value(0, "2")},
                     RespCommand{"SENTINEL", "SET", name, "down-after-milliseconds", saved.value(1, "1000"), "failover-timeout",
                                 saved.value(2, "5000"), "parallel-syncs", saved.value(3, "1")}},
                    done);
        });
    });
}

} // namespace ops
