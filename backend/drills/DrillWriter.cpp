#include "DrillWriter.h"

#include "core/Logging.h"
#include "resp/RedisConnection.h"
#include "resp/RedisResult.h"
#include "resp/RespCommand.h"

#include <QTimer>

namespace ops {

namespace {
auto log() { return Logging::get("drills"); }
constexpr qsizetype kBatch = 500;
constexpr int kMaxHops = 5;
} // namespace

DrillWriter::DrillWriter(LabTopology topology, Options options, QObject *parent)
    : QObject(parent), m_topology(std::move(topology)), m_options(std::move(options)),
      m_links(m_topology, QByteArrayLiteral("redis-ops-drill-writer"), m_options.timeoutMs, this)
{
}

DrillWriter::~DrillWriter() = default;

RedisConnection &DrillWriter::connection(const Endpoint &endpoint)
{
    return m_links.to(endpoint);
}

void DrillWriter::start()
{
    if (m_running)
        return;
    m_running = true;
    resolve([this](const Endpoint &master) {
        m_target = master;
        writeNext();
    });
}

void DrillWriter::stop(std::function<void()> idle)
{
    m_running = false;
    m_idle = std::move(idle);
    if (!m_inFlight && m_idle)
        QTimer::singleShot(0, this, [this] {
            if (auto pending = std::exchange(m_idle, {}))
                pending();
        });
}

void DrillWriter::resolve(std::function<void(const Endpoint &)> then)
{
    if (m_topology.spec.kind == LabSpec::Kind::Sentinel)
        return resolveFromSentinel(0, std::move(then));
    // Standalone: the master; cluster: any master, -MOVED takes the writer to the slot's owner.
    if (!m_target.isValid() || m_topology.spec.kind == LabSpec::Kind::Standalone) {
        const QList<LabNode> masters = m_topology.nodesWithRole(LabNode::Role::Master);
        if (!masters.isEmpty())
            m_target = masters.first().endpoint;
    }
    const Endpoint target = m_target;
    QTimer::singleShot(0, this, [then = std::move(then), target] { then(target); });
}

void DrillWriter::resolveFromSentinel(int index, std::function<void(const Endpoint &)> then)
{
    const QList<LabNode> sentinels = m_topology.nodesWithRole(LabNode::Role::Sentinel);
    if (sentinels.isEmpty())
        return;
    if (index >= sentinels.size()) {
        // No sentinel answered: keep the last master and try again later.
        QTimer::singleShot(m_options.retryMs, this, [this, then = std::move(then)] { resolveFromSentinel(0, then); });
        return;
    }
    connection(sentinels.at(index).endpoint)
        .send(RespCommand{"SENTINEL", "GET-MASTER-ADDR-BY-NAME", m_topology.spec.masterName.toUtf8()}, this,
              [this, index, then](const RedisResult &r) {
                  if (r.ok() && r.value().isArray() && r.value().size() == 2) {
                      Endpoint master{QString::fromUtf8(r.value()[0].bytes()), quint16(r.value()[1].bytes().toUInt())};
                      if (master.isValid())
                          return then(master);
                  }
                  resolveFromSentinel(index + 1, then);
              });
}

void DrillWriter::writeNext()
{
    if (!m_running || m_inFlight)
        return;
    m_inFlight = true;
    const qint64 n = m_next++;
    connection(m_target).send(RespCommand{"SET", keyOf(n), QByteArray::number(n)}, this,
                              [this, n](const RedisResult &r) { onWrite(n, r); });
}

void DrillWriter::onWrite(qint64 n, const RedisResult &result)
{
    m_inFlight = false;
    if (!m_running && m_idle)
        QTimer::singleShot(0, this, [this] {
            if (auto pending = std::exchange(m_idle, {}))
                pending();
        });
    if (result.ok() && result.value().isStatus()) {
        m_acked << n;
        if (m_failing) {
            m_failing = false;
            log()->info("drill writer: writes resumed on {} after {} failed", m_target.toString().toStdString(), m_failed);
            emit writesResumed();
        }
        QTimer::singleShot(m_options.intervalMs, this, &DrillWriter::writeNext);
        return;
    }
    ++m_failed;
    if (!m_failing)
        log()->info("drill writer: write failed: {}", result.error().message().toStdString());
    m_failing = true;
    m_lastError = result.error().message();
    if (result.error().kind() == RedisError::Kind::Moved && result.error().redirect().isValid()) {
        m_target = result.error().redirect();
        QTimer::singleShot(0, this, &DrillWriter::writeNext);
        return;
    }
    QTimer::singleShot(m_options.retryMs, this, [this] {
        resolve([this](const Endpoint &master) {
            m_target = master;
            writeNext();
        });
    });
}

void DrillWriter::countLost(LostHandler done)
{
    resolve([this, done](const Endpoint &master) {
        m_target = master;
        readBatch(0, 0, 0, done);
    });
}

void DrillWriter::readBatch(qsizetype from, qint64 lost, int hops, LostHandler done)
{
    if (from >= m_acked.size())
        return done(lost, {});
    QList<QByteArray> args{QByteArrayLiteral("MGET")};
    const qsizetype to = std::min(m_acked.size(), from + kBatch);
    for (qsizetype i = from; i < to; ++i)
        args << keyOf(m_acked.at(i));
    connection(m_target).send(RespCommand(args), this, [this, from, to, lost, hops, done](const RedisResult &r) {
        if (!r.ok()) {
            if (r.error().kind() == RedisError::Kind::Moved && r.error().redirect().isValid() && hops < kMaxHops) {
                m_target = r.error().redirect();
                return readBatch(from, lost, hops + 1, done);
            }
            return done(-1, r.error().message());
        }
        qint64 missing = lost;
        for (qsizetype i = from; i < to; ++i) {
            const RespValue &v = r.value()[std::size_t(i - from)];
            if (v.isNil() || v.bytes() != QByteArray::number(m_acked.at(i)))
                ++missing;
        }
        readBatch(to, missing, 0, done);
    });
}

} // namespace ops
