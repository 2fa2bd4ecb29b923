#include "ColleagueWatch.h"

#include "AsyncHistoryStore.h"
#include "StoreListener.h"
#include "core/Logging.h"

#include <QCoreApplication>
#include <QSysInfo>

namespace ops {

namespace {
auto log() { return Logging::get("history"); }
} // namespace

ColleagueWatch::ColleagueWatch(QString location, AsyncHistoryStore *store, QObject *parent)
    : QObject(parent), m_store(store), m_listener(new StoreListener(std::move(location), this))
{
    qRegisterMetaType<ops::ColleagueOperation>();
    connect(m_listener, &StoreListener::listening, this, &ColleagueWatch::listening);
    connect(m_listener, &StoreListener::failed, this, [this](const QString &message) {
        log()->warn("live colleagues unavailable: {}", message.toStdString());
        emit failed(message);
    });
    connect(m_listener, &StoreListener::changed, this, &ColleagueWatch::onChanged);
}

ColleagueWatch::~ColleagueWatch() = default;

void ColleagueWatch::start() { m_listener->start(); }

void ColleagueWatch::onChanged(const QJsonObject &payload)
{
    const QString operationId = payload.value(QStringLiteral("operation")).toString();
    if (operationId.isEmpty()) // events: the monitors show them
        return;
    const QString host = payload.value(QStringLiteral("host")).toString();
    const qint64 pid = payload.value(QStringLiteral("pid")).toInteger();
    if (pid == QCoreApplication::applicationPid() && host == QSysInfo::machineHostName())
        return; // our own write: the action's dialog shows it already
    ColleagueOperation &writer = m_writers[operationId];
    writer.host = host;
    writer.pid = pid;
    if (m_reading.contains(operationId)) {
        m_dirty.insert(operationId);
        return;
    }
    read(operationId);
}

void ColleagueWatch::read(const QString &operationId)
{
    m_reading.insert(operationId);
    m_store->operation(operationId, this, [this, operationId](const std::optional<OperationRecord> &record,
                                                              const HistoryError &error) {
        m_reading.remove(operationId);
        if (error.isError())
            log()->warn("cannot read colleague operation {}: {}", operationId.toStdString(), error.message.toStdString());
        if (record) {
            ColleagueOperation op = m_writers.value(operationId);
            op.record = *record;
            if (record->isFinished() && !m_dirty.contains(operationId))
                m_writers.remove(operationId);
            emit colleagueOperation(op);
        }
        if (m_dirty.remove(operationId))
            read(operationId);
    });
}

} // namespace ops
