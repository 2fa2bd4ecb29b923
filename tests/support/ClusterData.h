#pragma once

#include "lab/LocalLab.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVector>

/**
 * Data in a cluster lab for the reshard tests: keys with values derived from their index,
 * written to and read back from whichever master owns their slot now (routing by CLUSTER NODES
 * of a master, so reads after a reshard go to the new owner), and the open slots every node
 * reports. Synchronous: they spin the event loop until the replies arrive.
 */
namespace labtest {

/** The value of key @p index: its index, padded with a pattern to @p bytes. */
QByteArray seedValue(int index, int bytes);
/** The owner of every slot as a master's CLUSTER NODES says; invalid entries when unowned. */
QVector<ops::Endpoint> slotOwners(ops::LocalLab &lab);
/** SET <prefix><i> seedValue(i) for i in [0, count), pipelined per owner; empty on success. */
QString seedKeys(ops::LocalLab &lab, const QByteArray &prefix, int count, int bytes);

/** @brief What reading the seeded keys back found. */
struct ReadBack
{
    int present = 0;
    int missing = 0;
    int wrong = 0;
    QString error;                 ///< a read that failed (then the counts are partial)
    QList<QByteArray> examples;    ///< a few missing or wrong keys
    QString toString() const;
};
/** GET of every seeded key from its current owner; every value compared with seedValue(). */
ReadBack readBack(ops::LocalLab &lab, const QByteArray &prefix, int count, int bytes);
/** "slot N migrating/importing on host:port" for every open slot any answering node reports. */
QStringList openSlots(ops::LocalLab &lab);
/** The masters with slots, ordered by their first slot. */
QList<ops::Endpoint> mastersBySlot(ops::LocalLab &lab);

} // namespace labtest
