#include "TopologyView.h"

#include "NodeItem.h"
#include "TopologyScene.h"

#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>

namespace ops {

TopologyView::TopologyView(TopologyScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    // Every poll cycle touches every node item (memory, offsets, lag): with hundreds of dirty
    // rects, accumulating them into a QRegion cost more than repainting the viewport once
    // (bench_guistall, 1,000 nodes: QRegion::operator+= was 8% of the GUI thread).
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    // Every item sets the pen, brush, font and antialiasing it paints with, so the scene need
    // not save and restore the painter around each of them (1,000 nodes fitted: ~1.5 ms a frame).
    setOptimizationFlag(QGraphicsView::DontSavePainterState, true);
    setFocusPolicy(Qt::StrongFocus);
    syncSceneLook();
    connect(m_scene, &TopologyScene::selectedNodeChanged, this, &TopologyView::nodeSelected);
    connect(m_scene, &TopologyScene::laidOut, this, &TopologyView::onLaidOut);
    // Scrolling by hand ends the automatic fit, like zooming does.
    for (QScrollBar *bar : {horizontalScrollBar(), verticalScrollBar()})
        connect(bar, &QScrollBar::sliderPressed, this, [this] { m_autoFit = false; });
}

qreal TopologyView::zoom() const
{
    return transform().m11();
}

void TopologyView::zoomBy(qreal factor)
{
    const qreal target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    if (zoom() <= 0 || std::abs(target - zoom()) < 1e-9)
        return;
    m_autoFit = false;
    const qreal f = target / zoom();
    scale(f, f);
}

void TopologyView::fitAll()
{
    const QRectF bounds = m_scene->layoutBounds();
    if (bounds.isEmpty())
        return;
    // The whole scene rect (bounds plus its margin): anything less leaves scroll bars after a fit.
    fitInView(sceneRect().united(bounds), Qt::KeepAspectRatio);
    if (zoom() > 1.25) {
        const qreal f = 1.25 / zoom();
        scale(f, f);
    }
    if (zoom() < kMinZoom) {
        const qreal f = kMinZoom / zoom();
        scale(f, f);
    }
    centerOn(bounds.center());
}

void TopologyView::fitAndFollow()
{
    m_autoFit = true;
    fitAll();
}

void TopologyView::onLaidOut(bool first)
{
    if (!first)
        return; // later snapshots keep the user's zoom and position
    m_autoFit = true;
    fitAll();
}

void TopologyView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int delta = event->angleDelta().y();
        if (delta != 0)
            zoomBy(std::pow(1.0015, delta));
        event->accept();
        return;
    }
    m_autoFit = false;
    QGraphicsView::wheelEvent(event);
}

void TopologyView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        return;
    case Qt::Key_Minus:
        zoomOut();
        return;
    case Qt::Key_F:
        if (event->modifiers() == Qt::NoModifier) {
            fitAndFollow();
            return;
        }
        break;
    case Qt::Key_Escape:
        m_scene->selectNode({});
        return;
    default: break;
    }
    QGraphicsView::keyPressEvent(event);
}

void TopologyView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_autoFit)
        fitAll();
}

void TopologyView::mousePressEvent(QMouseEvent *event)
{
    // A drag on the background pans: from then on the user decides what is shown.
    const QGraphicsItem *hit = itemAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && (hit == nullptr || hit->type() != NodeItem::Type))
        m_autoFit = false;
    QGraphicsView::mousePressEvent(event);
}

void TopologyView::contextMenuEvent(QContextMenuEvent *event)
{
    // The item under the cursor may be a part of a node (its label): walk up to the node.
    const QGraphicsItem *hit = itemAt(event->pos());
    while (hit != nullptr && hit->type() != NodeItem::Type)
        hit = hit->parentItem();
    if (hit == nullptr) {
        QGraphicsView::contextMenuEvent(event);
        return;
    }
    const QString id = static_cast<const NodeItem *>(hit)->nodeId();
    m_scene->selectNode(id);
    event->accept();
    emit nodeContextMenuRequested(id, event->globalPos());
}

void TopologyView::syncSceneLook()
{
    // An inherited palette has an empty resolve mask, and the scene would resolve every role
    // against the application palette: mark all roles as set so the view's colours win.
    QPalette p = palette();
    p.setResolveMask(~QPalette::ResolveMask(0));
    m_scene->setPalette(p);
    QFont f = font();
    f.setResolveMask(~uint(0));
    m_scene->setFont(f);
}

void TopologyView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        syncSceneLook();
    QGraphicsView::changeEvent(event);
}

} // namespace ops
