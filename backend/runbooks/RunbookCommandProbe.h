#pragma once

#include "resp/ConnectionOptions.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>

namespace ops {

class Clock;
class RedisConnection;
class RespValue;

/**
 * @brief Sends one read-only command (a runbook `command` step, already checked against the
 * allow-list) to a few nodes at once, each over a connection of its own, and collects the
 * replies as plain text, "== label ==" then the reply or "(error) ...", in the order given.
 * Each reply is cut at maxReplyBytes so a CLIENT LIST of a busy server cannot flood the view or
 * the memory. Ends once every node answered, failed or timed out; dies with its owner.
 */
class RunbookCommandProbe : public QObject
{
    Q_OBJECT
public:
    struct Target
    {
        QString label;              ///< "127.0.0.1:7000 (master)"
        ConnectionOptions options;  ///< endpoint set
    };
    /** @p answered: how many nodes replied without an error. */
    using Done = std::function<void(int answered, const QString &output)>;
    static constexpr int maxReplyBytes = 16 * 1024;

    /**
     * A reply as redis-cli prints it: numbered array elements, nested ones indented. A reply
     * that is text (INFO, CLIENT LIST) keeps its lines, CR removed; a string inside an array
     * with control characters is quoted with escapes ("a\r\nb"), so it stays on its line.
     */
    static QString format(const RespValue &value);

    static void run(QObject *owner, Clock *clock, const QList<Target> &targets, const QStringList &argv, int timeoutMs, Done done);

private:
    RunbookCommandProbe(QObject *owner, Clock *clock, QList<Target> targets, Done done);
    void start(const QStringList &argv, int timeoutMs);
    void finish();

    Clock *m_clock;
    QList<Target> m_targets;
    QStringList m_replies;
    QList<bool> m_answered;
    int m_outstanding = 0;
    Done m_done;
    bool m_finished = false;
};

} // namespace ops
