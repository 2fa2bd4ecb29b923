#include "ConsoleRuntime.h"

#include "history/AsyncHistoryStore.h"
#include "lab/LocalLab.h"
#include "monitor/SlotKeyCounter.h"
#include "resp/IdleConnectionPool.h"

#include <QPointer>

#include <algorithm>

namespace ops {

ConsoleRuntime::ConsoleRuntime(QObject *parent)
    : QObject(parent), m_anchor(new QObject)
{
    qRegisterMetaType<ops::LabTopology>();
    qRegisterMetaType<ops::SnapshotPtr>();
    qRegisterMetaType<ops::OpsEvents>();
    qRegisterMetaType<ops::MetricBatch>();
    m_thread.setObjectName(QStringLiteral("backend"));
    m_anchor->moveToThread(&m_thread);
    m_thread.start();
}

ConsoleRuntime::~ConsoleRuntime()
{
    // Stop lab processes and close connections on their own thread, then end it.
    QMetaObject::invokeMethod(m_anchor, [this] {
        qDeleteAll(m_monitors); // before the history store they write to
        m_monitors.clear();
        qDeleteAll(m_keyCountPools);
        m_keyCountPools.clear();
        delete m_anchor;
    }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_history; // stores what the monitors sent, then stops its thread
    m_history = nullptr;
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

void ConsoleRuntime::openHistory(const QString &filePath)
{
    if (m_history != nullptr) {
        emit historyProblem(tr("%1: the history is already open (%2)").arg(filePath, m_history->filePath()));
        return;
    }
    // Kept after a failed open: the monitors' writes then fail (logged) and queries answer the error.
    m_history = new AsyncHistoryStore(filePath);
    m_history->open(this, [this](int, const HistoryError &error) {
        if (error.isError())
            emit historyProblem(error.message);
    });
}

int ConsoleRuntime::startMonitor(const MonitorConfig &config)
{
    const int id = m_nextMonitorId++;
    QMetaObject::invokeMethod(m_anchor, [this, id, config, history = m_history] {
        auto *monitor = new Monitor(config, history, m_anchor);
        m_monitors.insert(id, monitor);
        // Queued to the GUI thread (this object lives there): shared immutable payloads only.
        connect(monitor, &Monitor::snapshotChanged, this, [this, id](const SnapshotPtr &s) { emit snapshotChanged(id, s); });
        connect(monitor, &Monitor::eventsRecorded, this, [this, id](const OpsEvents &e) { emit eventsRecorded(id, e); });
        connect(monitor, &Monitor::samplesReady, this, [this, id](const MetricBatch &b) { emit samplesReady(id, b); });
        connect(monitor, &Monitor::problem, this, [this, id](const QString &text) { emit monitorProblem(id, text); });
        monitor->start();
    });
    return id;
}

void ConsoleRuntime::queryHistory(const HistoryQuery &query, QObject *context, HistoryHandler handler)
{
    if (m_history != nullptr) {
        m_history->query(query, context, [handler = std::move(handler)](const QList<OpsEvent> &events, const HistoryError &error) {
            handler(events, error);
        });
        return;
    }
    QPointer<QObject> guard(context);
    // Queued like a real answer; dropped if the asking view is gone.
    QMetaObject::invokeMethod(this, [guard, handler = std::move(handler)] {
        if (guard)
            handler({}, HistoryError::make(HistoryError::Kind::Open, QStringLiteral("the history database is not open")));
    }, Qt::QueuedConnection);
}

void ConsoleRuntime::queryOperations(const OperationQuery &query, QObject *context, OperationsHandler handler)
{
    if (m_history != nullptr) {
        m_history->operations(query, context, [handler = std::move(handler)](const QList<OperationRecord> &ops, const HistoryError &error) {
            handler(ops, error);
        });
        return;
    }
    // Without a store: the same queued "not open" answer as a history query.
    queryHistory({}, context, [handler = std::move(handler)](const QList<OpsEvent> &, const HistoryError &error) { handler({}, error); });
}

void ConsoleRuntime::countKeys(int monitorId, int firstSlot, int lastSlot, QObject *context, KeyCountHandler handler)
{
    QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(m_anchor, [this, monitorId, firstSlot, lastSlot, guard, handler = std::move(handler)] {
        auto reply = [this, guard, handler](const SlotKeyCountsPtr &counts) {
            // Back to the GUI thread; dropped if the asking view is gone.
            QMetaObject::invokeMethod(this, [guard, handler, counts] {
                if (guard)
                    handler(counts);
            }, Qt::QueuedConnection);
        };
        Monitor *monitor = m_monitors.value(monitorId);
        if (!monitor) {
            reply(std::make_shared<const SlotKeyCounts>(tr("the deployment is no longer watched"), SlotRange{firstSlot, lastSlot}));
            return;
        }
        // Its own connections (not the pollers'), so a long pipeline never delays a poll; kept
        // between counts (a hover per slot) and closed after 60 s unused.
        IdleConnectionPool *&pool = m_keyCountPools[monitorId];
        if (pool == nullptr)
            pool = new IdleConnectionPool(60'000, m_anchor);
        auto *counter = new SlotKeyCounter(monitor->config().dataOptions, pool, m_anchor);
        connect(counter, &SlotKeyCounter::finished, counter, [counter, reply](const SlotKeyCountsPtr &counts) {
            reply(counts);
            counter->deleteLater();
        });
        counter->start(monitor->snapshot(), SlotRange{firstSlot, lastSlot}, std::max(monitor->config().commandTimeoutMs, 3000));
    });
}

void ConsoleRuntime::stopMonitor(int monitorId)
{
    QMetaObject::invokeMethod(m_anchor, [this, monitorId] {
        delete m_monitors.take(monitorId);
        delete m_keyCountPools.take(monitorId); // a running count holds its own connections
    });
}

void ConsoleRuntime::refreshNow(int monitorId)
{
    QMetaObject::invokeMethod(m_anchor, [this, monitorId] {
        if (Monitor *monitor = m_monitors.value(monitorId))
            monitor->pollNow();
    });
}

} // namespace ops
