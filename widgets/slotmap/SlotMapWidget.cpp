#include "SlotMapWidget.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace ops {

namespace {


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
    m_dragAnchor = -1;
    setSelectionRange(-1, -1);
}

void SlotMapWidget::setInFlight(const InFlightMarks &marks)
{
    if (marks == m_inFlight)
        return;
    m_inFlight = marks;
    update(); // painted over the cached image: no rebuild
}

void SlotMapWidget::setSelection(const SlotRange &range)
{
    if (range.first < 0 || range.last < 0 || range.first >= kSlotCount || range.last >= kSlotCount)
        return clearSelection();
    setSelectionRange(std::min(range.first, range.last), std::max(range.first, range.last));
}

void SlotMapWidget::setSelectionRange(int first, int last)
{
    if (first == m_selectionFirst && last == m_selectionLast)
        return;
    m_selectionFirst = first;
    m_selectionLast = last;
    update();
    emit selectionChanged(first, last);
}

bool SlotMapWidget::slotMapDiffers(const SlotMap *map) const
{
    const SlotMap *old = m_content.slotMap.get();
    if (map == old)
        return false;
    if (!map || !old)
        return true;
    const QStringList &newOwners = map->owners();
    const QStringList &oldOwners = old->owners();
    if (newOwners == oldOwners) { // the usual case: the same first-seen order, indices compare as they are
        for (int s = 0; s < kSlotCount; ++s)
            if (old->ownerIndex(s) != map->ownerIndex(s))
                return true;
    } else {
        // Owner indices of the two maps follow different first-seen orders: translate, then compare.
        QList<int> oldToNew(oldOwners.size());
        for (qsizetype i = 0; i < oldOwners.size(); ++i) {
            const int index = map->indexOfOwner(oldOwners.at(i));
            oldToNew[i] = index < 0 ? -2 : index;
        }
        for (int s = 0; s < kSlotCount; ++s) {
            const int before = old->ownerIndex(s);
            if ((before < 0 ? -1 : oldToNew.at(before)) != map->ownerIndex(s))
                return true;
        }
    }
    return map->migrations() != old->migrations();
}

void SlotMapWidget::rebuildOwners(const SlotMap *map)
{
    m_content.slotMap = map ? m_snapshot->slotMap : nullptr;
    m_content.owner.fill(-1);
    m_content.uncovered = map ? 0 : kSlotCount;
    m_content.migrations = m_content.halfOpen = 0;
    m_slotOwnerIds.clear();
    m_slotOwnerCounts.clear();
    m_fromMapIndex.clear();
    ++m_ownersGeneration;
    m_counts.dropStale(map);
    if (!map)
        return;
    // Owners in slot order; indices into that list per slot.
    m_fromMapIndex.fill(-1, map->owners().size());
    for (int s = 0; s < kSlotCount; ++s) {
        const int o = map->ownerIndex(s);
        if (o < 0) {
            ++m_content.uncovered;
            continue;
        }
        int &index = m_fromMapIndex[o];
        if (index < 0) {
            index = int(m_slotOwnerIds.size());
            m_slotOwnerIds << map->owners().at(o);
            m_slotOwnerCounts << 0;
        }
        m_content.owner[std::size_t(s)] = qint16(index);
        ++m_slotOwnerCounts[index];
    }
    for (const SlotMap::Migration &m : map->migrations()) {
        ++m_content.migrations;
        m_content.halfOpen += m.isHalfOpen() ? 1 : 0;
    }
}

void SlotMapWidget::adoptEqualMap(const SlotMap *map)
{
    // Same owners and migrations in another object: keep it (the older one can go), and follow
    // its owner indices if it lists the owners in another order.
    if (!map || map == m_content.slotMap.get())
        return;
    const bool sameOrder = map->owners() == m_content.slotMap->owners();
    m_content.slotMap = m_snapshot->slotMap;
    if (sameOrder)
        return;
    ++m_ownersGeneration;
    m_fromMapIndex.fill(-1, map->owners().size());
    for (qsizetype i = 0; i < m_slotOwnerIds.size(); ++i)
        m_fromMapIndex[map->indexOfOwner(m_slotOwnerIds.at(i))] = int(i);
}

const QString &SlotMapWidget::addressOf(const Node &node)
{
    auto it = m_addresses.find(node.id);
    if (it == m_addresses.end())
        it = m_addresses.insert(node.id, Address{node.endpoint, node.endpoint.toString()});
    else if (it->endpoint != node.endpoint)
        *it = Address{node.endpoint, node.endpoint.toString()};
    return it->text;
}

bool SlotMapWidget::updateLegend(const TopologySnapshot *snapshot, const SlotMap *map)
{
    // Owners of slots in slot order, then masters without slots in node order.
    QList<SlotMapRenderer::LegendEntry> legend(m_slotOwnerIds.size());
    for (qsizetype i = 0; i < m_slotOwnerIds.size(); ++i) {
        legend[i].id = m_slotOwnerIds.at(i);
        legend[i].slotCount = m_slotOwnerCounts.at(i);
    }
    if (snapshot && map) {
        if (m_addresses.size() > 2 * snapshot->nodes.size() + 64)
            m_addresses.clear(); // nodes that left the cluster
        QHash<QString, qsizetype> withoutSlots;
        const bool indicesValid = m_seenGeneration == m_ownersGeneration;
        m_seenGeneration = m_ownersGeneration;
        m_seenNodes.resize(snapshot->nodes.size());
        for (qsizetype j = 0; j < snapshot->nodes.size(); ++j) {
            const Node &node = snapshot->nodes.at(j);
            SeenNode &seen = m_seenNodes[j];
            if (seen.id != node.id) {
                seen.id = node.id;
                seen.endpoint = node.endpoint;
                seen.address = addressOf(node);
                seen.legendIndex = -2;
            } else if (seen.endpoint != node.endpoint) {
                seen.endpoint = node.endpoint;
                seen.address = addressOf(node);
            }
            if (!indicesValid || seen.legendIndex == -2) {
                const int mapIndex = map->indexOfOwner(node.id);
                seen.legendIndex = mapIndex >= 0 && mapIndex < m_fromMapIndex.size() ? m_fromMapIndex.at(mapIndex) : -1;
            }
            const int index = seen.legendIndex;
            if (index >= 0) {
                if (node.endpoint.isValid())
                    legend[index].label = seen.address;
                continue;
            }
            if (!node.isMaster() && !withoutSlots.contains(node.id))
                continue;
            auto it = withoutSlots.find(node.id);
            if (it == withoutSlots.end()) {
                it = withoutSlots.insert(node.id, legend.size());
                legend.append({node.id, QString(), 0});
            }
            if (node.endpoint.isValid())
                legend[*it].label = seen.address;
        }
    } else {
        m_seenNodes.clear();
    }
    for (SlotMapRenderer::LegendEntry &e : legend)
        if (e.label.isEmpty())
            e.label = e.id.left(8) + QStringLiteral("…");
    if (legend == m_content.legend)
        return false;

    bool ownersChanged = legend.size() != m_content.owners.size();
    for (qsizetype i = 0; !ownersChanged && i < legend.size(); ++i)
        ownersChanged = legend.at(i).id != m_content.owners.at(i);
    m_content.legend = std::move(legend);
    if (ownersChanged) {
        m_content.owners.clear();
        m_content.owners.reserve(m_content.legend.size());
        for (const SlotMapRenderer::LegendEntry &e : std::as_const(m_content.legend))
            m_content.owners << e.id;
        m_content.palette.update(m_content.owners);
        m_content.colors.resize(m_content.owners.size());
        for (qsizetype i = 0; i < m_content.owners.size(); ++i)
            m_content.colors[i] = m_content.palette.color(m_content.owners.at(i)).rgb();
    }
    return true;
}

void SlotMapWidget::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    const bool cluster = m_snapshot && m_snapshot->kind == TopologySnapshot::Kind::Cluster && m_snapshot->slotMap;
    const SlotMap *map = cluster ? m_snapshot->slotMap.get() : nullptr;
    const bool mapChanged = slotMapDiffers(map);
    if (mapChanged)
        rebuildOwners(map);
    else
        adoptEqualMap(map);
    const bool legendChanged = updateLegend(cluster ? m_snapshot.get() : nullptr, map);
    if (mapChanged)
        updateHotSlots();
    if (mapChanged || legendChanged) {
        m_cacheValid = false;
        update();
    }
}

void SlotMapWidget::updateHotSlots()
{
    const SlotMap *map = m_content.slotMap.get();
    m_content.counted = m_counts.fullCounts() && map;
    QList<int> hot = m_counts.hotSlots(map);
    if (hot != m_content.hot)
        m_content.hot = std::move(hot);
}

qint64 SlotMapWidget::cachedKeyCount(int slot) const
{
    const qint64 c = m_counts.count(slot);
    return c == SlotKeyCountCache::kNone ? -1 : c;
}

void SlotMapWidget::setKeyCounts(const SlotKeyCountsPtr &counts)
{
    if (!counts)
        return;
    if (m_counts.apply(counts, m_content.slotMap.get())) {
        updateHotSlots();
        m_cacheValid = false;
        update();
    }
    if (m_toolTipSlot >= 0 && counts->range().contains(m_toolTipSlot) && QToolTip::isVisible())
        showToolTip(m_toolTipPos, m_toolTipSlot);
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
        SlotMapRenderer::render(m_cache, m_content, size(), dpr, palette(), font(), m_text);
        m_cacheValid = true;
        ++m_rebuilds;
    }
    QPainter p(this);
    p.drawImage(0, 0, m_cache);
    m_inFlight.paint(p, gridRect());
    SlotMapRenderer::paintSelection(p, gridRect(), selection(), palette());
}

QString SlotMapWidget::keyCountText(int slot) const
{
    if (ownerIndexAt(slot) < 0)
        return tr("Keys: – (no owner)");
    const qint64 count = m_counts.count(slot);
    if (count == SlotKeyCountCache::kNone)
        return tr("Keys: unknown");
    if (count == SlotKeyCountCache::kCounting)
        return tr("Keys: counting…");
    if (count < 0)
        return tr("Keys: unavailable (the count failed)");
    QString text = tr("Keys: %1").arg(QLocale().toString(count));
    const SlotKeyCountsPtr full = m_counts.fullCounts();
    if (m_content.hot.contains(slot) && full && full->meanPerSlot() > 0)
        text += tr(" — hot, %1× the mean").arg(QLocale().toString(double(count) / full->meanPerSlot(), 'f', 0));
    return text;
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
    if (ownerIndexAt(slot) >= 0 && m_counts.wantsCount(slot, ownerAt(slot)))
        emit keyCountRequested(slot); // may answer synchronously through setKeyCount()
    showToolTip(m_toolTipPos, slot);
    return true;
}

void SlotMapWidget::setKeyCount(int slot, qint64 count)
{
    if (slot < 0 || slot >= kSlotCount)
        return;
    m_counts.setCount(slot, count, ownerAt(slot));
    if (slot == m_toolTipSlot && QToolTip::isVisible())
        showToolTip(m_toolTipPos, slot);
}

void SlotMapWidget::mousePressEvent(QMouseEvent *event)
{
    const int slot = event->button() == Qt::LeftButton ? slotAt(event->position().toPoint()) : -1;
    if (slot < 0)
        return QWidget::mousePressEvent(event);
    m_dragAnchor = slot;
    setSelectionRange(slot, slot);
}

void SlotMapWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragAnchor < 0 || !(event->buttons() & Qt::LeftButton))
        return QWidget::mouseMoveEvent(event);
    const int slot = slotAtClamped(event->position().toPoint());
    setSelectionRange(std::min(m_dragAnchor, slot), std::max(m_dragAnchor, slot));
}

void SlotMapWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragAnchor < 0 || event->button() != Qt::LeftButton)
        return QWidget::mouseReleaseEvent(event);
    const int slot = slotAtClamped(event->position().toPoint());
    setSelectionRange(std::min(m_dragAnchor, slot), std::max(m_dragAnchor, slot));
    m_dragAnchor = -1;
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
