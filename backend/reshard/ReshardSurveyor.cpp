#include "ReshardSurveyor.h"

#include "ClusterMasters.h"
#include "actions/ClusterSurveyor.h"
#include "resp/RedisConnection.h"

#include <QSet>

#include <algorithm>
#include <memory>

namespace ops {

ReshardSurveyor::ReshardSurveyor(Options options, QObject *parent) : QObject(parent), m_options(std::move(options))
{
    qRegisterMetaType<ops::ReshardSurvey>();
}

ReshardSurveyor::~ReshardSurveyor() = default;

void ReshardSurveyor::start()
{
    ClusterSurveyor::Options o;
    o.seeds = m_options.seeds;
    o.dataOptions = m_options.dataOptions;
    o.timeoutMs = m_options.timeoutMs;
    o.nowMs = m_options.nowMs;
    auto *cluster = new ClusterSurveyor(o, this);
    connect(cluster, &ClusterSurveyor::finished, this, [this, cluster](const ClusterSurvey &s) {
        cluster->deleteLater();
        onCluster(s);
    });
    cluster->start();
}

void ReshardSurveyor::onCluster(const ClusterSurvey &survey)
{
    m_survey.cluster = survey;
    m_outstanding = 1; // this pass itself: finished() only after every master was asked
    for (const ClusterNodeView &v : survey.nodes)
        if (v.reachable() && v.myself() != nullptr && v.myself()->isMaster() && v.myself()->slotCount() > 0)
            countKeys(v);
    countFixSlots();
    oneDone();
}

void ReshardSurveyor::countFixSlots()
{
    // Slots some node lists open, and slots no master owns: counted on every master that answers.
    QSet<int> slotSet;
    for (const ClusterNodeView &v : std::as_const(m_survey.cluster.nodes)) {
        const ClusterNodeLine *self = v.myself();
        if (self == nullptr)
            continue;
        for (const SlotTransfer &t : self->migrating)
            slotSet.insert(t.slot);
        for (const SlotTransfer &t : self->importing)
            slotSet.insert(t.slot);
    }
    // Uncovered: no master claims it in its own view (gossip may still show the old owner elsewhere).
    const ClusterMasters masters(m_survey.cluster);
    for (int s = 0; s < kSlotCount; ++s)
        if (masters.owners()[s].isEmpty())
            slotSet.insert(s);
    if (slotSet.isEmpty())
        return;
    for (const ClusterNodeView &v : std::as_const(m_survey.cluster.nodes)) {
        if (!v.reachable() || v.myself() == nullptr || !v.myself()->isMaster())
            continue;
        ConnectionOptions o = m_options.dataOptions;
        o.endpoint = v.endpoint;
        o.clientName = QByteArrayLiteral("redis-ops:survey");
        o.connectTimeoutMs = m_options.timeoutMs;
        o.commandTimeoutMs = m_options.timeoutMs;
        o.reconnect.enabled = false;
        auto *c = new RedisConnection(o, this);
        auto left = std::make_shared<int>(int(slotSet.size()));
        ++m_outstanding;
        const QString node = v.endpoint.toString();
        for (int slot : std::as_const(slotSet))
            c->send(RespCommand{"CLUSTER", "COUNTKEYSINSLOT", QByteArray::number(slot)}, this,
                    [this, c, left, node, slot](const RedisResult &r) {
                        if (r.ok() && r.value().isInteger())
                            m_survey.keysOnNodes[slot].insert(node, r.value().integer());
                        else
                            m_survey.errors << QStringLiteral("%1: COUNTKEYSINSLOT %2: %3")
                                                   .arg(node)
                                                   .arg(slot)
                                                   .arg(r.ok() ? QStringLiteral("not an integer") : r.error().message());
                        if (--*left > 0)
                            return;
                        c->deleteLater();
                        oneDone();
                    });
    }
}

void ReshardSurveyor::countKeys(const ClusterNodeView &master)
{
    ConnectionOptions o = m_options.dataOptions;
    o.endpoint = master.endpoint;
    o.clientName = QByteArrayLiteral("redis-ops:survey");
    o.connectTimeoutMs = m_options.timeoutMs;
    o.commandTimeoutMs = m_options.timeoutMs;
    o.reconnect.enabled = false;
    auto *c = new RedisConnection(o, this);
    const Endpoint node = master.endpoint;
    struct Counts
    {
        QList<int> nonEmpty;
        int left = 0;
        bool failed = false;
    };
    auto counts = std::make_shared<Counts>();
    for (const SlotRange &r : master.myself()->slotRanges)
        counts->left += r.count();
    ++m_outstanding;
    for (const SlotRange &range : master.myself()->slotRanges)
        for (int slot = range.first; slot <= range.last; ++slot)
            c->send(RespCommand{"CLUSTER", "COUNTKEYSINSLOT", QByteArray::number(slot)}, this,
                    [this, c, node, slot, counts](const RedisResult &r) {
                        if (r.ok() && r.value().isInteger()) {
                            m_survey.keysInSlot[slot] = r.value().integer();
                            if (r.value().integer() > 0)
                                counts->nonEmpty << slot;
                        } else if (!counts->failed) {
                            counts->failed = true;
                            m_survey.errors << QStringLiteral("%1: COUNTKEYSINSLOT: %2")
                                                   .arg(node.toString(), r.ok() ? QStringLiteral("not an integer")
                                                                                : r.error().message());
                        }
                        if (--counts->left > 0)
                            return;
                        if (counts->failed) {
                            c->deleteLater();
                            oneDone();
                            return;
                        }
                        std::sort(counts->nonEmpty.begin(), counts->nonEmpty.end());
                        QList<int> picked;
                        const qsizetype n = counts->nonEmpty.size();
                        const qsizetype want = std::min<qsizetype>(n, m_options.sampleSlots);
                        for (qsizetype i = 0; i < want; ++i)
                            picked << counts->nonEmpty[i * n / want];
                        sampleKeys(c, node, picked);
                        oneDone();
                    });
}

void ReshardSurveyor::sampleKeys(RedisConnection *c, const Endpoint &node, const QList<int> &slotList)
{
    if (slotList.isEmpty()) {
        c->deleteLater();
        return;
    }
    ++m_outstanding;
    auto left = std::make_shared<int>(int(slotList.size()));
    auto done = [this, c, left] {
        if (--*left == 0) {
            c->deleteLater();
            oneDone();
        }
    };
    for (int slot : slotList) {
        c->send(RespCommand{"CLUSTER", "GETKEYSINSLOT", QByteArray::number(slot),
                            QByteArray::number(m_options.keysPerSampledSlot)},
                this, [this, c, node, slot, left, done](const RedisResult &r) {
                    if (!r.ok() || !r.value().isArray() || r.value().size() == 0) {
                        done();
                        return;
                    }
                    *left += int(r.value().size());
                    for (const RespValue &k : r.value().elements())
                        c->send(RespCommand{"MEMORY", "USAGE", k.bytes()}, this,
                                [this, node, slot, key = k.bytes(), done](const RedisResult &u) {
                                    if (u.ok() && u.value().isInteger())
                                        m_survey.sample << BigKey{node, slot, key, u.value().integer()};
                                    done();
                                });
                    done();
                });
    }
}

void ReshardSurveyor::oneDone()
{
    if (--m_outstanding > 0)
        return;
    QMetaObject::invokeMethod(this, [this] { emit finished(m_survey); }, Qt::QueuedConnection);
}

} // namespace ops
