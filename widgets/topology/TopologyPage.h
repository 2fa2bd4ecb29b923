#pragma once

#include "health/HealthReport.h"
#include "model/TopologySnapshot.h"

#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
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
 * Page shortcuts (Qt::WidgetWithChildrenShortcut actions): Ctrl++ / Ctrl+= zoom in, Ctrl+- zoom
 * out, Ctrl+0 fit all, Ctrl+F find a node (the find field: id prefix, address or hostname; Return
 * goes to the next match), Esc clear the selection (and the find field).
 *
 * objectNames: topologyPage, topologySummary, topologyFind, topologyFindStatus, topologySplitter,
 * topologyView, nodeDetailsPanel; actions actionZoomIn, actionZoomOut, actionFitAll,
 * actionFindNode, actionClearSelection.
 */
class TopologyPage : public QWidget
{
    Q_OBJECT
public:
    explicit TopologyPage(QWidget *parent = nullptr);

    void setSnapshot(SnapshotPtr snapshot);
    SnapshotPtr snapshot() const { return m_snapshot; }
    /** Marks the nodes @p report has firing findings on (HealthMarkerItem; the tooltip names the rules). */
    void setHealth(const HealthReport &report);

    TopologyScene *scene() const { return m_scene; }
    TopologyView *view() const { return m_view; }
    NodeDetailsPanel *detailsPanel() const { return m_details; }
    QSplitter *splitter() const { return m_splitter; }
    QLineEdit *findField() const { return m_find; }

    /** Ids of the nodes (and sentinels) matching @p text: id prefix, address or hostname. */
    QStringList matchingNodes(const QString &text) const;
    /**
     * Selects and centres the match of @p text after the current one (@p next) or the first;
     * returns the id selected, empty when nothing matches.
     */
    QString findNode(const QString &text, bool next = false);
    /** Clears the selection; from the find field also clears it and returns to the graph. */
    void clearSelection();

    /** One line about @p s: "cluster · 3 masters · 3 replicas · state ok · 1 node failing". */
    static QString summaryOf(const TopologySnapshot &s);

signals:
    /** Re-emitted from the view: the operator selected a node (empty: none). */
    void nodeSelected(const QString &id);
    /** Re-emitted from the view: a context menu on node @p id. */
    void nodeContextMenuRequested(const QString &id, const QPoint &globalPos);

private:
    QAction *addPageAction(const char *objectName, const QString &text, const QList<QKeySequence> &keys);

    SnapshotPtr m_snapshot;
    TopologyScene *m_scene;
    TopologyView *m_view;
    NodeDetailsPanel *m_details;
    QSplitter *m_splitter;
    QLabel *m_summary;
    QLineEdit *m_find;
    QLabel *m_findStatus;
    int m_findIndex = -1;
};

} // namespace ops
