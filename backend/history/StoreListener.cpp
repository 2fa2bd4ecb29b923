#include "StoreListener.h"

#include "HistorySchema.h"
#include "StoreLocation.h"
#include "core/Logging.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QSqlQuery>
#include <QSysInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>

namespace ops {

namespace {

auto log() { return Logging::get("history"); }

QString uniqueName()
{
    static QAtomicInt counter;
    return QStringLiteral("ops-listener-%1").arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

void StoreListener::announce(const QSqlDatabase &db, QJsonObject payload)
{
    payload.insert(QStringLiteral("host"), QSysInfo::machineHostName());
    payload.insert(QStringLiteral("pid"), QCoreApplication::applicationPid());
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
    q.addBindValue(channel());
    q.addBindValue(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
    if (!q.exec())
        log()->warn("cannot announce a write to other consoles: {}", q.lastError().text().toStdString());
}

StoreListener::StoreListener(QString location, QObject *parent)
    : QObject(parent), m_location(std::move(location)), m_connectionName(uniqueName())
{
    m_thread.setObjectName(QStringLiteral("store-listener"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

StoreListener::~StoreListener() { stopWorker(); }

void StoreListener::stopWorker()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(m_worker, [name = m_connectionName] {
        if (QSqlDatabase::contains(name)) {
            {
                QSqlDatabase db = QSqlDatabase::database(name, false);
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }
        QThread::currentThread()->quit();
    }, Qt::QueuedConnection);
    m_thread.wait();
}

void StoreListener::start()
{
    HistoryError bad;
    const StoreLocation where = StoreLocation::parse(m_location, &bad);
    if (bad.isError() || !where.isPostgres()) {
        const QString message = bad.isError() ? bad.message
                                              : where.displayName() + QStringLiteral(": live updates need a shared "
                                                                                     "(postgresql://) store");
        QMetaObject::invokeMethod(this, [this, message] { emit failed(message); }, Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(m_worker, [this, where, password = m_password, name = m_connectionName] {
        QSqlDatabase db = QSqlDatabase::addDatabase(where.qtDriver(), name);
        db.setHostName(where.host());
        db.setPort(where.port());
        db.setUserName(where.user());
        db.setDatabaseName(where.database());
        db.setConnectOptions(where.connectOptions());
        db.setPassword(password);
        if (!db.open()) {
            const HistoryError e = HistorySchema::fromSqlError(db.lastError(), HistoryError::Kind::Open,
                                                               where.displayName() + QStringLiteral(": cannot listen"),
                                                               StoreLocation::Driver::Postgres);
            emit failed(e.message);
            return;
        }
        QSqlDriver *driver = db.driver();
        // Delivered on this thread (the driver's socket notifier), emitted to the listener's owner.
        connect(driver, &QSqlDriver::notification, m_worker,
                [this](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                    const QJsonDocument doc = QJsonDocument::fromJson(payload.toString().toUtf8());
                    if (doc.isObject())
                        emit changed(doc.object());
                    else
                        log()->warn("store notification is not a JSON object: {}", payload.toString().toStdString());
                });
        if (!driver->subscribeToNotification(channel())) {
            emit failed(where.displayName() + QStringLiteral(": LISTEN failed: ") + driver->lastError().text());
            return;
        }
        log()->info("{}: listening for other consoles' writes", where.displayName().toStdString());
        emit listening();
    }, Qt::QueuedConnection);
}

} // namespace ops
