#pragma once

#include "model/SlotMap.h"
#include "model/TopologySnapshot.h"
#include "reshard/ReshardIntent.h"

#include <QObject>

class QMenu;
class QPoint;
class QToolButton;

namespace ops {

class SlotMapWidget;

/**
 * @brief The slot-map selection as the reshard wizard's entry point: a "Move selection to…" tool
 * button (objectName slotsMoveSelection) and the map's context menu on a selection offer every
 * master as the target; choosing one emits reshardRequested() with a Move intent pre-filled with
 * the selected slots that can move there — the target's own and uncovered slots are left out, and
 * a selection over several owners gives ranges from several sources (all named as sources).
 */
class SlotSelectionMover : public QObject
{
    Q_OBJECT
public:
    explicit SlotSelectionMover(SlotMapWidget *map, QWidget *parent);

    QToolButton *button() const { return m_button; }
    /** The intent that moves @p selection's slots of @p map to @p targetId (addresses from @p snapshot). */
    static ReshardIntent intentFor(const TopologySnapshot &snapshot, const SlotRange &selection, const QString &targetId);
    /** Fills @p menu with one "Move slots a–b to <master>" entry per master (objectName moveSelectionTo). */
    void fillMenu(QMenu *menu);

signals:
    void reshardRequested(const ops::ReshardIntent &intent);

private:
    void showContextMenu(const QPoint &pos);
    void updateButton();

    SlotMapWidget *m_map;
    QToolButton *m_button;
};

} // namespace ops
