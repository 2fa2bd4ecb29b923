#include "SlotSelectionMover.h"

#include "SlotMapWidget.h"

#include <QMenu>
#include <QToolButton>

#include <algorithm>

namespace ops {

SlotSelectionMover::SlotSelectionMover(SlotMapWidget *map, QWidget *parent)
    : QObject(parent), m_map(map), m_button(new QToolButton(parent))
{
    m_button->setObjectName(QStringLiteral("slotsMoveSelection"));
    m_button->setText(tr("&Move selection to…"));
    m_button->setToolTip(tr("Open the reshard wizard with the selected slots, to the master you choose "
                            "(drag over the map to select; also on the map's context menu)"));
    m_button->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_button);
    menu->setObjectName(QStringLiteral("slotsMoveSelectionMenu"));
    m_button->setMenu(menu);
    connect(menu, &QMenu::aboutToShow, this, [this, menu] { fillMenu(menu); });
    m_map->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_map, &QWidget::customContextMenuRequested, this, &SlotSelectionMover::showContextMenu);
    connect(m_map, &SlotMapWidget::selectionChanged, this, &SlotSelectionMover::updateButton);
    updateButton();
}

void SlotSelectionMover::updateButton() { m_button->setEnabled(m_map->hasSelection()); }

ReshardIntent SlotSelectionMover::intentFor(const TopologySnapshot &snapshot, const SlotRange &selection, const QString &targetId)
{
    ReshardIntent intent;
    intent.mode = ReshardIntent::Mode::Move;
    const Node *target = snapshot.node(targetId);
    intent.target = target ? target->endpoint.toString() : targetId;
    if (!snapshot.slotMap)
        return intent;
    const SlotMap &map = *snapshot.slotMap;
    QStringList sources;
    for (int s = std::max(0, selection.first); s <= std::min(selection.last, kSlotCount - 1); ++s) {
        const QString owner = map.ownerOf(s);
        if (owner.isEmpty() || owner == targetId)
            continue; // nothing to move: uncovered, or the target's already
        const Node *source = snapshot.node(owner);
        const QString name = source ? source->endpoint.toString() : owner;
        if (!sources.contains(name))
            sources << name;
        if (!intent.ranges.isEmpty() && intent.ranges.last().last + 1 == s)
            intent.ranges.last().last = s;
        else
            intent.ranges << SlotRange{s, s};
    }
    sources.sort();
    intent.sources = sources;
    return intent;
}

void SlotSelectionMover::fillMenu(QMenu *menu)
{
    menu->clear();
    const SnapshotPtr snapshot = m_map->snapshot();
    const SlotRange selection = m_map->selection();
    if (!snapshot || !m_map->hasSelection()) {
        menu->addAction(tr("Select slots first (drag over the map)"))->setEnabled(false);
        return;
    }
    QList<const Node *> masters = snapshot->masters();
    std::sort(masters.begin(), masters.end(), [](const Node *a, const Node *b) { return a->endpoint.toString() < b->endpoint.toString(); });
    const QString range = selection.first == selection.last ? QString::number(selection.first)
                                                            : QStringLiteral("%1–%2").arg(selection.first).arg(selection.last);
    for (const Node *master : std::as_const(masters)) {
        const ReshardIntent intent = intentFor(*snapshot, selection, master->id);
        int count = 0;
        for (const SlotRange &r : intent.ranges)
            count += r.count();
        QAction *action = menu->addAction(tr("Move slots %1 to %2 (%n slot(s) from %3)…", nullptr, count)
                                              .arg(range, master->endpoint.toString(),
                                                   intent.sources.isEmpty() ? tr("nobody") : intent.sources.join(QStringLiteral(", "))));
        action->setObjectName(QStringLiteral("moveSelectionTo"));
        action->setData(master->endpoint.toString());
        action->setEnabled(count > 0);
        connect(action, &QAction::triggered, this, [this, intent] { emit reshardRequested(intent); });
    }
}

void SlotSelectionMover::showContextMenu(const QPoint &pos)
{
    const int slot = m_map->slotAt(pos);
    if (slot < 0)
        return;
    if (!m_map->hasSelection() || !m_map->selection().contains(slot))
        m_map->setSelection({slot, slot}); // right-click outside the selection: that slot
    QMenu menu(m_map);
    menu.setObjectName(QStringLiteral("slotMapContextMenu"));
    fillMenu(&menu);
    menu.exec(m_map->mapToGlobal(pos));
}

} // namespace ops
