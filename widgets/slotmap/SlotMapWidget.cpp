#include "SlotMapWidget.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QSet>
#include <QToolTip>

#include <algorithm>

namespace ops {

namespace {

constexpr qint64 kRequestRetryMs = 5000;

// Server strings go into the tooltip escaped: it is rich text only so that line breaks survive.
QString escapedToolTip(const QString &plain)
{
    QStringList lines = plain.split(QLatin1Char('\n'));
    for (QString &l : lines)
        l = l.toHtmlEscaped();
    return QStringLiteral("<p style='white-space:pre'>") + lines.join(QStringLiteral("<br/>")) + QStringLiteral("</p>");
}

} // namespace

SlotMapWidget::SlotMapWidget(QWidget *parent)
    : QWidget(parent)
{
    m_clock.start();
    setFocusPolicy(Qt::ClickFocus);
    setCursor(Qt::CrossCursor);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

QSize SlotMapWidget::sizeHint() const { return {760, 420}; }

QSize SlotMapWidget::minimumSizeHint() const { return {320, 200}; }

int SlotMapWidget::ownerIndexAt(int slot) const
{
    return slot >= 0 && slot < kSlotCount ? m_content.owner[std::size_t(slot)] : -1;
}

QString SlotMapWidget::ownerAt(int slot) const
{
    const int index = ownerIndexAt(slot);
    return index >= 0 ? m_content.owners.at(index) : QString();
}

QColor SlotMapWidget::colorOfSlot(int slot) const
{
    if (slot < 0 || slot >= kSlotCount)
        return {};
    const int index = ownerIndexAt(slot);
    return index >= 0 ? m_content.palette.color(m_content.owners.at(index)) : OwnerPalette::uncoveredColor();
}

SlotRange SlotMapWidget::selection() const
{
    return hasSelection() ? SlotRange{m_selectionFirst, m_selectionLast} : SlotRange{-1, -1};
}

void SlotMapWidget::clearSelection()
{
    m_selectionFirst = m_selectionLast = m_dragAnchor = -1;
    update();
}

bool SlotMapWidget::slotMapDiffers(const SlotMap *map) const
{
    if (map == m_content.slotMap.get())
        return false;
    if (!map || !m_content.slotMap)
        return true;
    // Owner indices of the two maps may follow different first-seen orders: translate, then compare.
    const QStringList &newOwners = map->owners();
    const QStringList &oldOwners = m_content.slotMap->owners();
    QHash<QString, int> newIndex;
    for (qsizetype i = 0; i < newOwners.size(); ++i)
        newIndex.insert(newOwners.at(i), int(i));
    QList<int> oldToNew(oldOwners.size());
    for (qsizetype i = 0; i < oldOwners.size(); ++i)
        oldToNew[i] = newIndex.value(oldOwners.at(i), -2);
    for (int s = 0; s < kSlotCount; ++s) {
        const int before = m_content.slotMap->ownerIndex(s);
        if ((before < 0 ? -1 : oldToNew.at(before)) != map->ownerIndex(s))
            return true;
    }
    return map->migrations() != m_content.slotMap->migrations();
}

void SlotMapWidget::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    const bool cluster = m_snapshot && m_snapshot->kind == TopologySnapshot::Kind::Cluster && m_snapshot->slotMap;
    const SlotMap *map = cluster ? m_snapshot->slotMap.get() : nullptr;
    const bool mapChanged = slotMapDiffers(map);

    // Owners in slot order, then masters without slots; indices into it per slot.
    QStringList owners;
    QList<int> counts;
    if (mapChanged) {
        m_content.slotMap = cluster ? m_snapshot->slotMap : nullptr;
        m_content.owner.fill(-1);
        m_content.uncovered = map ? 0 : kSlotCount;
        m_content.migrations = m_content.halfOpen = 0;
        m_keyCounts.clear();
        if (map) {
            QList<int> translate(map->owners().size(), -1);
            for (int s = 0; s < kSlotCount; ++s) {
                const int o = map->ownerIndex(s);
                if (o < 0) {
                    ++m_content.uncovered;
                    continue;
                }
                if (translate.at(o) < 0) {
                    translate[o] = int(owners.size());
                    owners << map->owners().at(o);
                    counts << 0;
                }
                m_content.owner[std::size_t(s)] = qint16(translate.at(o));
                ++counts[translate.at(o)];
            }
            for (const SlotMap::Migration &m : map->migrations()) {
                ++m_content.migrations;
                m_content.halfOpen += m.isHalfOpen() ? 1 : 0;
            }
        }
    } else {
        const qsizetype slotOwners = std::min<qsizetype>(m_content.owners.size(), qsizetype(m_content.legend.size()));
        for (qsizetype i = 0; i < slotOwners && m_content.legend.at(i).slotCount > 0; ++i) {
            owners << m_content.owners.at(i);
            counts << m_content.legend.at(i).slotCount;
        }
    }
    QHash<QString, QString> addresses;
    if (cluster) {
        QSet<QString> listed(owners.cbegin(), owners.cend());
        for (const Node &node : m_snapshot->nodes) {
            if (node.endpoint.isValid())
                addresses.insert(node.id, node.endpoint.toString());
            if (node.isMaster() && !listed.contains(node.id)) {
                listed.insert(node.id);
                owners << node.id;
                counts << 0;
            }
        }
    }

    QList<SlotMapRenderer::LegendEntry> legend;
    legend.reserve(owners.size());
    for (qsizetype i = 0; i < owners.size(); ++i) {
        const QString &id = owners.at(i);
        legend.append({id, addresses.value(id, id.left(8) + QStringLiteral("…")), counts.at(i)});
    }
    if (mapChanged || legend != m_content.legend) {
        m_content.owners = owners;
        m_content.legend = std::move(legend);
        m_content.palette.update(m_content.owners);
        m_cacheValid = false;
        update();
    }
}

QString SlotMapWidget::nodeLabel(const QString &id) const
{
    const Node *node = m_snapshot ? m_snapshot->node(id) : nullptr;
    if (node && node->endpoint.isValid())
        return node->endpoint.toString();
    return id.left(8) + QStringLiteral("…");
}

QRect SlotMapWidget::cellRect(int slot) const { return SlotMapRenderer::cellRect(slot, gridRect()); }

int SlotMapWidget::slotAt(const QPoint &pos) const { return SlotMapRenderer::slotAt(pos, gridRect()); }

int SlotMapWidget::slotAtClamped(const QPoint &pos) const
{
    const QRect grid = gridRect();
    if (grid.isEmpty())
        return -1;
    const int x = std::clamp(pos.x(), grid.left(), grid.right()), y = std::clamp(pos.y(), grid.top(), grid.bottom());
    return slotAt(QPoint(x, y));
}

void SlotMapWidget::resizeEvent(QResizeEvent *event)
{
    m_cacheValid = false;
    QWidget::resizeEvent(event);
}

void SlotMapWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        m_cacheValid = false;
        update();
    }
    QWidget::changeEvent(event);
}

void SlotMapWidget::paintEvent(QPaintEvent *)
{
    const qreal dpr = devicePixelRatioF();
    if (!m_cacheValid || m_cache.size() != size() * dpr || m_cache.devicePixelRatio() != dpr) {
        m_cache = SlotMapRenderer::render(m_content, size(), dpr, palette(), font());
        m_cacheValid = true;
        ++m_rebuilds;
    }
    QPainter p(this);
    p.drawImage(0, 0, m_cache);
    SlotMapRenderer::paintSelection(p, gridRect(), selection(), palette());
}

QString SlotMapWidget::keyCountText(int slot) const
{
    if (ownerIndexAt(slot) < 0)
        return tr("Keys: – (no owner)");
    const auto it = m_keyCounts.constFind(slot);
    if (it == m_keyCounts.cend())
        return tr("Keys: unknown");
    if (it->count == -1)
        return tr("Keys: counting…");
    if (it->count < 0)
        return tr("Keys: unavailable");
    return tr("Keys: %1").arg(QLocale().toString(it->count));
}

QString SlotMapWidget::toolTipText(int slot) const
{
    if (slot < 0 || slot >= kSlotCount)
        return {};
    QStringList lines;
    lines << tr("Slot %1").arg(slot);
    const QString owner = ownerAt(slot);
    if (owner.isEmpty()) {
        lines << tr("Owner: none, the slot is uncovered");
    } else {
        lines << tr("Owner: %1").arg(nodeLabel(owner));
        lines << tr("Node id: %1").arg(owner);
    }
    const SlotMap::Migration *m = m_content.slotMap ? m_content.slotMap->migration(slot) : nullptr;
    if (!m)
        lines << tr("Migration: none");
    else if (m->migratingSeen && m->importingSeen)
        lines << tr("Migrating: %1 → %2").arg(nodeLabel(m->source), nodeLabel(m->target));
    else if (m->migratingSeen)
        lines << tr("Half-open: MIGRATING on %1 towards %2, no IMPORTING seen").arg(nodeLabel(m->source), nodeLabel(m->target));
    else
        lines << tr("Half-open: IMPORTING on %1 from %2, no MIGRATING seen").arg(nodeLabel(m->target), nodeLabel(m->source));
    lines << keyCountText(slot);
    return lines.join(QLatin1Char('\n'));
}

void SlotMapWidget::showToolTip(const QPoint &globalPos, int slot)
{
    QToolTip::showText(globalPos, escapedToolTip(toolTipText(slot)), this, cellRect(slot));
}

bool SlotMapWidget::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    const auto *help = static_cast<QHelpEvent *>(event);
    const int slot = slotAt(help->pos());
    if (slot < 0 || !m_content.slotMap) {
        m_toolTipSlot = -1;
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    m_toolTipSlot = slot;
    m_toolTipPos = help->globalPos();
    if (ownerIndexAt(slot) >= 0) {
        const auto it = m_keyCounts.constFind(slot);
        const qint64 age = it == m_keyCounts.cend() ? -1 : m_clock.elapsed() - it->atMs;
        const bool wanted = it == m_keyCounts.cend() || (it->count == -1 ? age > kRequestRetryMs : age > kKeyCountFreshMs);
        if (wanted) {
            m_keyCounts.insert(slot, KeyCount{-1, m_clock.elapsed()});
            emit keyCountRequested(slot); // may answer synchronously through setKeyCount()
        }
    }
    showToolTip(m_toolTipPos, slot);
    return true;
}

void SlotMapWidget::setKeyCount(int slot, qint64 count)
{
    if (slot < 0 || slot >= kSlotCount)
        return;
    m_keyCounts.insert(slot, KeyCount{count < 0 ? -2 : count, m_clock.elapsed()});
    if (slot == m_toolTipSlot && QToolTip::isVisible())
        showToolTip(m_toolTipPos, slot);
}

void SlotMapWidget::mousePressEvent(QMouseEvent *event)
{
    const int slot = event->button() == Qt::LeftButton ? slotAt(event->position().toPoint()) : -1;
    if (slot < 0)
        return QWidget::mousePressEvent(event);
    m_dragAnchor = m_selectionFirst = m_selectionLast = slot;
    update();
}

void SlotMapWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragAnchor < 0 || !(event->buttons() & Qt::LeftButton))
        return QWidget::mouseMoveEvent(event);
    const int slot = slotAtClamped(event->position().toPoint());
    m_selectionFirst = std::min(m_dragAnchor, slot);
    m_selectionLast = std::max(m_dragAnchor, slot);
    update();
}

void SlotMapWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragAnchor < 0 || event->button() != Qt::LeftButton)
        return QWidget::mouseReleaseEvent(event);
    const int slot = slotAtClamped(event->position().toPoint());
    m_selectionFirst = std::min(m_dragAnchor, slot);
    m_selectionLast = std::max(m_dragAnchor, slot);
    m_dragAnchor = -1;
    update();
    emit slotRangeSelected(m_selectionFirst, m_selectionLast);
}

void SlotMapWidget::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && hasSelection()) {
        clearSelection();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace ops
