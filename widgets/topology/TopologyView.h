#pragma once

#include <QGraphicsView>

namespace ops {

class TopologyScene;

/**
 * @brief Shows a TopologyScene: Ctrl+wheel or +/- to zoom, drag to pan, F to fit everything.
 * Fits the graph on the first snapshot (and on resizes until the user zooms or pans); later
 * snapshots keep the user's zoom and position.
 */
class TopologyView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit TopologyView(TopologyScene *scene, QWidget *parent = nullptr);

    TopologyScene *topologyScene() const { return m_scene; }
    qreal zoom() const;
    void zoomBy(qreal factor);
    void zoomIn() { zoomBy(1.25); }
    void zoomOut() { zoomBy(1 / 1.25); }
    /** Fits the whole graph (never magnifies beyond 1.25x). */
    void fitAll();
    /** Fits the whole graph and keeps it fitted on resizes until the user zooms or pans (F, Ctrl+0). */
    void fitAndFollow();

    static constexpr qreal kMinZoom = 0.01;
    static constexpr qreal kMaxZoom = 6.0;

signals:
    /** The user (or code) selected a node; empty when the selection was cleared. */
    void nodeSelected(const QString &id);
    /** A context menu was asked for on node @p id (selected first) at @p globalPos. */
    void nodeContextMenuRequested(const QString &id, const QPoint &globalPos);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onLaidOut(bool first);
    void syncSceneLook();

    TopologyScene *m_scene;
    bool m_autoFit = true;  ///< until the user zooms or pans
};

} // namespace ops
