#include "MigrateConflicts.h"

#include "actions/OperationRunner.h"

#include <memory>

namespace ops {

MigrateConflicts::Sorted MigrateConflicts::sort(const QList<QByteArray> &keys,
                                                const QList<std::optional<QByteArray>> &onSource,
                                                const QList<std::optional<QByteArray>> &onTarget)
{
    Sorted s;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const std::optional<QByteArray> src = onSource.value(i);
        const std::optional<QByteArray> dst = onTarget.value(i);
        if (!src)
            ++s.gone;
        else if (!dst)
            s.again << keys[i];
        else if (*src == *dst)
            s.replace << keys[i];
        else
            s.conflicts << keys[i];
    }
    return s;
}

void MigrateConflicts::read(OperationRunner *runner, const Endpoint &source, const Endpoint &target,
                            const QString &lane, const QList<QByteArray> &keys,
                            std::function<void(const Sorted &, const QString &)> done)
{
    struct Reads
    {
        QList<std::optional<QByteArray>> source;
        QList<std::optional<QByteArray>> target;
        int left = 0;
        QString error;
    };
    auto reads = std::make_shared<Reads>();
    reads->source.resize(keys.size());
    reads->target.resize(keys.size());
    reads->left = int(keys.size()) * 2;
    if (keys.isEmpty()) {
        done(Sorted{}, QString());
        return;
    }
    auto one = [reads, keys, done](bool onSource, qsizetype i, const RedisResult &r) {
        // The source answers ASK for a key of a migrating slot it no longer has: absent there.
        const bool absent = !r.ok() && onSource && r.error().kind() == RedisError::Kind::Ask;
        if (!r.ok() && !absent && reads->error.isEmpty())
            reads->error = QStringLiteral("DUMP on the %1: %2")
                               .arg(onSource ? QStringLiteral("source") : QStringLiteral("target"),
                                    OperationRunner::failureText(r));
        else if (r.ok() && r.value().isString())
            (onSource ? reads->source : reads->target)[i] = r.value().bytes();
        if (--reads->left > 0)
            return;
        done(reads->error.isEmpty() ? sort(keys, reads->source, reads->target) : Sorted{}, reads->error);
    };
    const QString checkLane = lane + QStringLiteral("-check");
    for (qsizetype i = 0; i < keys.size(); ++i) {
        runner->send(source, checkLane, RespCommand{"DUMP", keys[i]},
                     [one, i](const RedisResult &r) { one(true, i, r); });
        // The slot is importing on the target: without ASKING it would answer MOVED.
        runner->send(target, checkLane, RespCommand{"ASKING"}, [](const RedisResult &) {});
        runner->send(target, checkLane, RespCommand{"DUMP", keys[i]},
                     [one, i](const RedisResult &r) { one(false, i, r); });
    }
}

} // namespace ops
