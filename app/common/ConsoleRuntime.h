#pragma once

#include "lab/LabTopology.h"
#include "monitor/ServerSummary.h"
#include "resp/ConnectionOptions.h"

#include <QObject>
#include <QThread>

namespace ops {

class LocalLab;
class ServerProbe;

/**
 * @brief Owns the backend thread and everything that lives on it (lab, probes). The GUI talks
 * to it with plain calls that are forwarded to the backend thread, and gets results back as
 * queued signals; nothing here blocks the GUI thread except the final teardown at exit.
 */
class ConsoleRuntime : public QObject
{
    Q_OBJECT
public:
    explicit ConsoleRuntime(QObject *parent = nullptr);
    ~ConsoleRuntime() override;

    void startLab(const LabSpec &spec);
    void connectTo(const ConnectionOptions &options);

signals:
    void labProgress(const QString &step);
    void labReady(const ops::LabTopology &topology);
    void labFailed(const QString &error);
    void summary(const ops::ServerSummary &summary);

private:
    QThread m_thread;
    QObject *m_anchor;           ///< lives on the backend thread; parent of all backend objects
    LocalLab *m_lab = nullptr;   ///< backend thread
    ServerProbe *m_probe = nullptr; ///< backend thread
};

} // namespace ops
