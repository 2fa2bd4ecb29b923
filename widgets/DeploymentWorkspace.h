#pragma once

#include "model/OpsEvent.h"
#include "model/TopologySnapshot.h"

#include <QWidget>

class QTabWidget;

namespace ops {

class EventLogPage;
class SlotsPage;
class TopologyPage;

/**
 * @brief Everything the console shows about one deployment (one main-window tab): Topology,
 * Slots (clusters), Events — each page its own class, reachable with Alt+1..Alt+3. It renders the
 * snapshots and events the backend publishes; it never touches a socket.
 */
class DeploymentWorkspace : public QWidget
{
    Q_OBJECT
public:
    enum Page { Topology, Slots, Events };

    explicit DeploymentWorkspace(QWidget *parent = nullptr);

    void setSnapshot(const SnapshotPtr &snapshot);
    void addEvents(const OpsEvents &events);
    void showPage(Page page);
    SnapshotPtr snapshot() const { return m_snapshot; }

    TopologyPage *topologyPage() const { return m_topology; }
    SlotsPage *slotsPage() const { return m_slots; }
    EventLogPage *eventLogPage() const { return m_events; }

signals:
    /** The slot map asks for a key count (CLUSTER COUNTKEYSINSLOT) of @p slot. */
    void keyCountRequested(int slot);

private:
    QTabWidget *m_pages;
    TopologyPage *m_topology;
    SlotsPage *m_slots;
    EventLogPage *m_events;
    SnapshotPtr m_snapshot;
};

} // namespace ops
