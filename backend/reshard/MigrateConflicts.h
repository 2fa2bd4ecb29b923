#pragma once

#include "resp/Endpoint.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace ops {

class OperationRunner;

/**
 * @brief What to do with a MIGRATE batch after BUSYKEY, IOERR, a timeout or an unknown outcome:
 * read each key's DUMP payload on the source and (after ASKING: the slot is importing there) on
 * the target, before anything is sent again.
 *
 * - gone from the source: it moved (or a client deleted it): nothing to do;
 * - only on the source: send it again;
 * - on both with identical payloads: send it again with REPLACE (the copy is the same value);
 * - on both with different payloads: a conflict: the operation stops and lists them unless the
 *   operator chose to replace.
 */
class MigrateConflicts
{
public:
    struct Sorted
    {
        QList<QByteArray> again;       ///< only on the source
        QList<QByteArray> replace;     ///< identical on both
        QList<QByteArray> conflicts;   ///< different on both
        int gone = 0;
    };

    /** Sorts @p keys by their payloads (nullopt: the key does not exist there). */
    static Sorted sort(const QList<QByteArray> &keys, const QList<std::optional<QByteArray>> &onSource,
                       const QList<std::optional<QByteArray>> &onTarget);
    /** Reads the payloads over @p runner's connections @p lane and sorts them; @p error when a read failed. */
    static void read(OperationRunner *runner, const Endpoint &source, const Endpoint &target, const QString &lane,
                     const QList<QByteArray> &keys, std::function<void(const Sorted &sorted, const QString &error)> done);
};

} // namespace ops
