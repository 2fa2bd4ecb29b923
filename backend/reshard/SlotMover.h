#pragma once

#include <QList>
#include <QObject>
#include <QString>

namespace ops {

/**
 * @brief Moves one stream's slots from a source master to a target, a window of slots at a
 * time: the narrow interface the reshard executor drives, so that another way of moving a slot
 * (server-side atomic slot migration: Redis 8.4 CLUSTER MIGRATION, Valkey 9 CLUSTER MIGRATESLOTS)
 * can be added beside the keys-by-MIGRATE one without touching the executor.
 *
 * A window, once opened, is always finished (or, before any key moved, rolled back): pause()
 * and cancel() take effect between windows, so neither leaves a slot open.
 */
class SlotMover : public QObject
{
    Q_OBJECT
public:
    /** @brief The key counts of one moved slot: on the source before, on the target after. */
    struct SlotCount
    {
        int slot = 0;
        qint64 before = -1;
        qint64 after = -1;
    };

    using QObject::QObject;
    ~SlotMover() override;

    /** Starts (or, after pause(), continues) with the next window. */
    virtual void start() = 0;
    /** Stops after the current window; paused() when no slot is open. */
    virtual void pause() = 0;
    /** Stops after the current window for good; stopped() when no slot is open. */
    virtual void cancel() = 0;
    /** Slots not yet moved (not counting the open window). */
    virtual QList<int> remaining() const = 0;
    /** The slots of the open window; empty between windows. */
    virtual QList<int> openWindow() const = 0;

signals:
    void windowOpened(const QList<int> &slotList);
    /** A batch of keys reached the target (keys may be 0 for NOKEY). */
    void keysMoved(int slot, int keys);
    /** A window is done: its slots belong to the target on the nodes that answered. */
    void slotsMoved(const QList<ops::SlotMover::SlotCount> &counts);
    void warning(const QString &text);
    void paused();
    void stopped();
    void finished();
    /** Stopped on an error; @p state says which slots are left open where, and what to do. */
    void failed(const QString &reason, const QString &state);
};

} // namespace ops
