#pragma once

#include "resp/ConnectionOptions.h"
#include "resp/RedisConnection.h"

#include <QList>
#include <QObject>
#include <QString>

/**
 * Test support for failover tests: writes SET <prefix><n> <n> one at a time to one node until a
 * write fails (an error reply, -READONLY / -MOVED once demoted, or the command timeout), and
 * remembers every acknowledged write. missing() reads them back from the node that holds the data
 * afterwards: acknowledged writes that are not there were lost by the failover.
 */
class AckedWriter : public QObject
{
public:
    AckedWriter(const ops::ConnectionOptions &options, QByteArray prefix, int commandTimeoutMs = 10000);

    void start() { next(); }
    bool stopped() const { return m_stopped; }
    const QList<int> &acked() const { return m_acked; }
    QString stopReason() const { return m_reason; }
    /**
     * Acknowledged writes absent on @p holder (MGET in batches; keys of a cluster writer share
     * one hash tag, so one slot); -1 when a read fails.
     */
    int missing(ops::RedisConnection &holder) const;

private:
    void next();

    ops::RedisConnection m_connection;
    QByteArray m_prefix;
    int m_timeoutMs;
    QList<int> m_acked;
    int m_next = 0;
    bool m_stopped = false;
    QString m_reason;
};
