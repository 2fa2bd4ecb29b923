#include "SlotKeyCounter.h"

#include "core/Logging.h"
#include "resp/IdleConnectionPool.h"
#include "resp/RedisConnection.h"

#include <QHash>

#include <algorithm>

namespace ops {

namespace {

/** Extra time the last-resort timer grants beyond connect + command deadlines. */
constexpr int kDeadlineSlackMs = 1000;

auto log() { return Logging::get("monitor"); }

} // namespace

SlotKeyCounter::SlotKeyCounter(ConnectionOptions options, IdleConnectionPool *pool, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_pool(pool)
    , m_deadline(this)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &SlotKeyCounter::onDeadline);
}

SlotKeyCounter::~SlotKeyCounter() = default;

bool SlotKeyCounter::start(const SnapshotPtr &snapshot, SlotRange range, int timeoutMs)
{
    if (m_running)
        return false;
    m_running = true;
    m_jobs.clear();
    m_snapshot = snapshot;
    m_range = SlotRange{std::clamp(std::min(range.first, range.last), 0, kSlotCount - 1),
                        std::clamp(std::max(range.first, range.last), 0, kSlotCount - 1)};
    const SlotMap *map = snapshot && snapshot->kind == TopologySnapshot::Kind::Cluster ? snapshot->slotMap.get() : nullptr;
    if (!map) {
        // Asynchronous like every other outcome: callers never get a reply inside start().
        QMetaObject::invokeMethod(this, [this] {
            m_running = false;
            emit finished(std::make_shared<const SlotKeyCounts>(tr("no slot map: not a cluster, or not discovered yet"), m_range));
        }, Qt::QueuedConnection);
        return true;
    }

    // Slots of the range grouped by owner, owners in slot order.
    QHash<QString, int> jobOf;
    for (int s = m_range.first; s <= m_range.last; ++s) {
        const QString owner = map->ownerOf(s);
        if (owner.isEmpty())
            continue;
        auto it = jobOf.find(owner);
        if (it == jobOf.end()) {
            Job job;
            job.master.nodeId = owner;
            if (const Node *node = snapshot->node(owner))
                job.master.endpoint = node->endpoint;
            it = jobOf.insert(owner, int(m_jobs.size()));
            m_jobs.append(std::move(job));
        }
        m_jobs[*it].owned.append(s);
    }
    m_pendingJobs = int(m_jobs.size());
    const int connectMs = std::min(m_options.connectTimeoutMs, timeoutMs);
    m_deadline.start(connectMs + timeoutMs + kDeadlineSlackMs);
    for (int i = 0; i < m_jobs.size(); ++i)
        startJob(i, timeoutMs);
    if (m_jobs.isEmpty()) // only uncovered slots: nothing to ask
        QMetaObject::invokeMethod(this, &SlotKeyCounter::finish, Qt::QueuedConnection);
    return true;
}

void SlotKeyCounter::startJob(int index, int timeoutMs)
{
    Job &job = m_jobs[index];
    job.master.slotCount = int(job.owned.size());
    job.counts.assign(job.owned.size(), SlotKeyCounts::kUnknown);
    job.clock.start();
    if (!job.master.endpoint.isValid()) {
        const RedisError error(RedisError::Kind::Io, job.master.endpoint,
                               tr("the address of master %1 is unknown").arg(job.master.nodeId.left(8)));
        QMetaObject::invokeMethod(this, [this, index, error] { failJob(index, error); }, Qt::QueuedConnection);
        return;
    }
    ConnectionOptions options = m_options;
    options.endpoint = job.master.endpoint;
    options.connectTimeoutMs = std::min(options.connectTimeoutMs, timeoutMs);
    options.commandTimeoutMs = timeoutMs;
    options.reconnect.enabled = false;
    options.clientName = QByteArrayLiteral("redis-ops:keycount");
    // A whole pipeline (up to every slot, on a pooled connection) may time out at once: never
    // declare the link hung before that.
    options.maxTimedOutInFlight = std::max(options.maxTimedOutInFlight, kSlotCount + 1);
    job.connection = m_pool ? m_pool->take(options.endpoint) : nullptr;
    if (job.connection)
        job.connection->setParent(this);
    else
        job.connection = new RedisConnection(options, this);
    job.outstanding = int(job.owned.size());
    for (int position = 0; position < job.owned.size(); ++position) {
        const RespCommand command{"CLUSTER", "COUNTKEYSINSLOT", QByteArray::number(job.owned.at(position))};
        job.connection->send(command, this, [this, index, position](const RedisResult &r) { onReply(index, position, r); }, timeoutMs);
    }
}

void SlotKeyCounter::onReply(int index, int position, const RedisResult &result)
{
    if (index >= m_jobs.size() || m_jobs.at(index).done)
        return;
    if (!result.ok())
        return failJob(index, result.error());
    if (!result.value().isInteger()) {
        return failJob(index, RedisError(RedisError::Kind::Protocol, m_jobs.at(index).master.endpoint,
                                         tr("CLUSTER COUNTKEYSINSLOT answered %1, not an integer")
                                             .arg(QLatin1String(respTypeName(result.value().type())))));
    }
    Job &job = m_jobs[index];
    job.counts[std::size_t(position)] = result.value().integer();
    if (--job.outstanding == 0)
        finishJob(index);
}

void SlotKeyCounter::failJob(int index, const RedisError &error)
{
    Job &job = m_jobs[index];
    if (job.done)
        return;
    job.master.error = error;
    job.counts.assign(job.counts.size(), SlotKeyCounts::kUnknown); // never a partial total
    log()->warn("key count: {}", error.message().toStdString());
    finishJob(index);
}

void SlotKeyCounter::finishJob(int index)
{
    Job &job = m_jobs[index];
    job.done = true;
    job.master.elapsedMs = job.clock.elapsed();
    if (job.master.ok()) {
        qint64 sum = 0;
        for (qint64 c : job.counts)
            sum += c;
        job.master.keys = sum;
    }
    if (job.connection) {
        job.connection->cancel(this);
        if (m_pool && job.master.ok())
            m_pool->put(job.connection); // ready and idle: kept for the next count
        else
            job.connection->deleteLater(); // we may be inside one of its handlers
        job.connection = nullptr;
    }
    if (--m_pendingJobs == 0)
        finish();
}

void SlotKeyCounter::onDeadline()
{
    for (int i = 0; i < m_jobs.size(); ++i)
        if (!m_jobs.at(i).done)
            failJob(i, RedisError(RedisError::Kind::Timeout, m_jobs.at(i).master.endpoint,
                                  tr("no complete answer to CLUSTER COUNTKEYSINSLOT within %1 ms").arg(m_deadline.interval())));
}

void SlotKeyCounter::finish()
{
    if (!m_running)
        return;
    m_running = false;
    m_deadline.stop();
    auto counts = std::make_shared<SlotKeyCounts>(m_range, m_snapshot->slotMap, m_snapshot->sequence);
    for (const Job &job : std::as_const(m_jobs)) {
        for (qsizetype i = 0; i < job.owned.size(); ++i)
            counts->setCount(job.owned.at(i), job.counts[std::size_t(i)]);
        counts->addMaster(job.master);
    }
    counts->finish();
    m_jobs.clear();
    m_snapshot.reset();
    emit finished(std::move(counts));
}

} // namespace ops
