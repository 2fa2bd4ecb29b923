#pragma once

#include "model/OpsEvent.h"
#include "model/TopologySnapshot.h"
#include "history/HistoryPage.h"
#include "monitor/Monitor.h"

#include <QWidget>

class QTabWidget;

namespace ops {

class EventLogPage;
class HistoryPage;
class MetricsPage;
class SlotsPage;
class TopologyPage;

/**
 * @brief Everything the console shows about one deployment (one main-window tab): Topology,
 * Slots (clusters), Replication & metrics, Failover history, Events — each page its own class, reachable with
 * Alt+1..Alt+5. It renders the snapshots and events the backend publishes and asks for history
 * through an injected query function; it never touches a socket or the database.
 */
class DeploymentWorkspace : public QWidget
{
    Q_OBJECT
public:
    enum Page { Topology, Slots, Metrics, History, Events };

    explicit DeploymentWorkspace(HistoryPage::QueryFunction historyQuery, QWidget *parent = nullptr);

    void setSnapshot(const SnapshotPtr &snapshot);
    void addEvents(const OpsEvents &events);
    void addSamples(const MetricBatch &samples);
    void showPage(Page page);
    SnapshotPtr snapshot() const { return m_snapshot; }

    TopologyPage *topologyPage() const { return m_topology; }
    SlotsPage *slotsPage() const { return m_slots; }
    EventLogPage *eventLogPage() const { return m_events; }
    HistoryPage *historyPage() const { return m_history; }
    MetricsPage *metricsPage() const { return m_metrics; }

signals:
    /** The slot map asks for a key count (CLUSTER COUNTKEYSINSLOT) of @p slot. */
    void keyCountRequested(int slot);

private:
    QTabWidget *m_pages;
    TopologyPage *m_topology;
    SlotsPage *m_slots;
    MetricsPage *m_metrics;
    HistoryPage *m_history;
    EventLogPage *m_events;
    SnapshotPtr m_snapshot;
};

} // namespace ops
