#pragma once

#include "ServerSummary.h"
#include "resp/ConnectionOptions.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace ops {

class RedisConnection;
class RedisResult;

/**
 * @brief Polls one node (INFO, plus CLUSTER INFO on cluster nodes) at a fixed interval and
 * publishes a ServerSummary. Lives on the backend thread; consumers get summaries through
 * queued signals. A poll is never started while the previous one is still outstanding, so a
 * hung node costs one in-flight INFO, not a growing queue.
 */
class ServerProbe : public QObject
{
    Q_OBJECT
public:
    explicit ServerProbe(ConnectionOptions options, int intervalMs = 1000, QObject *parent = nullptr);

public slots:
    void start();
    void stop();

signals:
    void refreshed(const ops::ServerSummary &summary);

private:
    void poll();
    void publishInfo(const RedisResult &info, qint64 rttUs);
    void publishError(const QString &error);

    ConnectionOptions m_options;
    RedisConnection *m_connection = nullptr;
    QTimer m_timer;
    ServerSummary m_summary;
    bool m_inFlight = false;
};

} // namespace ops
