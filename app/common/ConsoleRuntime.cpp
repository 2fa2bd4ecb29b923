#include "ConsoleRuntime.h"

#include "lab/LocalLab.h"
#include "monitor/ServerProbe.h"

namespace ops {

ConsoleRuntime::ConsoleRuntime(QObject *parent)
    : QObject(parent), m_anchor(new QObject)
{
    qRegisterMetaType<ops::ServerSummary>();
    qRegisterMetaType<ops::LabTopology>();
    m_thread.setObjectName(QStringLiteral("backend"));
    m_anchor->moveToThread(&m_thread);
    m_thread.start();
}

ConsoleRuntime::~ConsoleRuntime()
{
    // Stop lab processes and close connections on their own thread, then end it.
    QMetaObject::invokeMethod(m_anchor, [anchor = m_anchor] { delete anchor; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void ConsoleRuntime::startLab(const LabSpec &spec)
{
    QMetaObject::invokeMethod(m_anchor, [this, spec] {
        m_lab = new LocalLab(m_anchor);
        connect(m_lab, &LocalLab::progress, this, &ConsoleRuntime::labProgress);
        connect(m_lab, &LocalLab::ready, this, &ConsoleRuntime::labReady);
        connect(m_lab, &LocalLab::failed, this, &ConsoleRuntime::labFailed);
        m_lab->start(spec);
    });
}

void ConsoleRuntime::connectTo(const ConnectionOptions &options)
{
    QMetaObject::invokeMethod(m_anchor, [this, options] {
        delete m_probe;
        m_probe = new ServerProbe(options, 1000, m_anchor);
        connect(m_probe, &ServerProbe::refreshed, this, &ConsoleRuntime::summary);
        m_probe->start();
    });
}

} // namespace ops
