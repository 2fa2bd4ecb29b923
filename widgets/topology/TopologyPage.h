#pragma once

#include "model/TopologySnapshot.h"

#include <QWidget>

class QLabel;
class QSplitter;

namespace ops {

class NodeDetailsPanel;
class TopologyScene;
class TopologyView;

/**
 * @brief The topology page: a one-line summary over a splitter holding the live graph
 * (TopologyView) and the selected node's details (NodeDetailsPanel). Feed it snapshots from the
 * Monitor (queued signal); it never talks to servers.
 *
 * objectNames: topologyPage, topologySummary, topologySplitter, topologyView, nodeDetailsPanel.
 */
class TopologyPage : public QWidget
{
    Q_OBJECT
public:
    explicit TopologyPage(QWidget *parent = nullptr);

    void setSnapshot(SnapshotPtr snapshot);
    SnapshotPtr snapshot() const { return m_snapshot; }

    TopologyScene *scene() const { return m_scene; }
    TopologyView *view() const { return m_view; }
    NodeDetailsPanel *detailsPanel() const { return m_details; }
    QSplitter *splitter() const { return m_splitter; }

signals:
    /** Re-emitted from the view: the operator selected a node (empty: none). */
    void nodeSelected(const QString &id);

private:
    static QString summaryOf(const TopologySnapshot &s);

    SnapshotPtr m_snapshot;
    TopologyScene *m_scene;
    TopologyView *m_view;
    NodeDetailsPanel *m_details;
    QSplitter *m_splitter;
    QLabel *m_summary;
};

} // namespace ops
