#include "HealthContextCollector.h"

#include "core/Clock.h"
#include "core/Logging.h"
#include "history/AsyncHistoryStore.h"
#include "monitor/SlotKeyCounter.h"
#include "viewmodels/FailoverEpisodes.h"

namespace ops {

namespace {
auto log() { return Logging::get("monitor"); }
} // namespace

HealthContextCollector::HealthContextCollector(AsyncHistoryStore *history, Clock *clock, QObject *parent)
    : QObject(parent), m_history(history), m_clock(clock)
{
    if (m_history == nullptr) {
        m_context.failoverHistoryProblem = QStringLiteral("no history is open here, so no failover durations are known");
        m_historyDone = true;
    }
}

void HealthContextCollector::setNoHistoryReason(const QString &why)
{
    if (m_history == nullptr && !why.isEmpty())
        m_context.failoverHistoryProblem = why;
}

void HealthContextCollector::update(const SnapshotPtr &snapshot, const ConnectionOptions &dataOptions, int timeoutMs, qint64 refreshMs)
{
    if (!snapshot)
        return;
    const qint64 now = m_clock->monotonicMs();
    if (snapshot->kind != TopologySnapshot::Kind::Cluster) {
        m_context.keyCensusProblem = QStringLiteral("not a cluster");
        m_censusDone = true;
    } else if (!m_censusRunning && snapshot->slotMap && snapshot->slotMap->coveredCount() > 0
               && (m_censusAtMs < 0 || now - m_censusAtMs >= refreshMs)) {
        m_censusAtMs = now;
        startCensus(snapshot, dataOptions, timeoutMs);
    }
    if (m_history != nullptr && snapshot->deploymentId != m_historyDeploymentId) {
        m_historyDeploymentId = snapshot->deploymentId;
        m_historyAtMs = -1;
        m_historyDone = false;
    }
    if (m_history != nullptr && !m_historyRunning && (m_historyAtMs < 0 || now - m_historyAtMs >= refreshMs)) {
        m_historyAtMs = now;
        readHistory(snapshot->deploymentId);
    }
}

void HealthContextCollector::startCensus(const SnapshotPtr &snapshot, const ConnectionOptions &dataOptions, int timeoutMs)
{
    // Its own connections (no pool: one census every few minutes), closed when it ends.
    auto *counter = new SlotKeyCounter(dataOptions, nullptr, this);
    m_censusRunning = true;
    const qint64 startedUs = m_clock->monotonicUs();
    connect(counter, &SlotKeyCounter::finished, this, [this, counter, startedUs](const SlotKeyCountsPtr &counts) {
        m_censusRunning = false;
        m_censusDone = true;
        m_context.keyCensus = counts;
        m_context.keyCensusProblem.clear();
        for (const SlotKeyCounts::Master &m : counts->masters())
            log()->debug("key census: {} slots of {} in {} ms{}", m.slotCount, m.endpoint.toString().toStdString(), m.elapsedMs,
                         m.ok() ? "" : " (failed)");
        log()->info("key census of {} slots: {} keys, {} hot slot(s), {} masters in {} ms", counts->knownSlots(), counts->totalKeys(),
                    counts->hotSlots().size(), counts->masters().size(), (m_clock->monotonicUs() - startedUs) / 1000);
        counter->deleteLater();
        emit changed();
    });
    counter->start(snapshot, SlotRange{0, kSlotCount - 1}, timeoutMs);
}

void HealthContextCollector::readHistory(const QString &deploymentId)
{
    m_historyRunning = true;
    HistoryQuery query;
    query.deploymentId = deploymentId;
    const qint64 nowMs = m_clock->wallMs();
    query.sinceMs = nowMs - kHistoryWindowMs;
    m_history->query(query, this, [this, nowMs, deploymentId](const QList<OpsEvent> &events, const HistoryError &error) {
        m_historyRunning = false;
        if (deploymentId != m_historyDeploymentId)
            return; // the deployment's id changed meanwhile: the next update() reads for the new one
        m_historyDone = true;
        if (error.isError()) {
            m_context.failoverDurationsMs.reset();
            m_context.failoverHistoryProblem = QStringLiteral("the history could not be read: %1").arg(error.message);
        } else {
            FailoverEpisodeOptions options;
            options.nowMs = nowMs;
            QList<qint64> durations;
            for (const FailoverEpisode &e : groupFailoverEpisodes(events, options))
                if (e.outcome == FailoverEpisode::Outcome::Completed)
                    durations << e.durationMs();
            m_context.failoverDurationsMs = durations;
            m_context.failoverHistoryProblem.clear();
        }
        emit changed();
    });
}

} // namespace ops
