#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QThread>

class QSqlDatabase;

namespace ops {

/**
 * @brief Live colleagues: what other consoles write to a shared (PostgreSQL) store, as it is
 * committed. HistoryStore announces every write on a shared store with `pg_notify` on channel()
 * (operation created / updated, step journaled / updated, events stored; a small JSON payload
 * naming the deployment, the operation, the step and its state, and the writer's host and pid);
 * a StoreListener LISTENs on its own connection, on its own thread (connecting blocks), and
 * emits changed() for each on the thread that created it.
 *
 * A notification says what changed, not everything: a view re-reads the operation it names.
 * Notifications sent while the listener is not connected are not replayed (PostgreSQL keeps
 * none): after listening() a view reads the current state first.
 */
class StoreListener : public QObject
{
    Q_OBJECT
public:
    /** The LISTEN/NOTIFY channel of the history store. */
    static QString channel() { return QStringLiteral("redis_ops_journal"); }

    /** @p location: a postgresql:// URL (anything else fails at start()). */
    explicit StoreListener(QString location, QObject *parent = nullptr);
    ~StoreListener() override;

    /**
     * The sending side (HistoryStore, after a committed write on a shared store): `pg_notify` of
     * @p payload, with "host" and "pid" added, on channel(). Best effort: a failure is logged.
     */
    static void announce(const QSqlDatabase &db, QJsonObject payload);

    /** The password for the connection (keychain); else libpq's PGPASSWORD / ~/.pgpass. */
    void setPassword(const QString &password) { m_password = password; }
    /** Connects and LISTENs on the listener's thread; answers with listening() or failed(). */
    void start();

signals:
    void listening();
    void failed(const QString &message);
    /** One write of any console (this one's too: compare the payload's "pid" and "host"). */
    void changed(const QJsonObject &payload);

private:
    void stopWorker();

    QString m_location;
    QString m_password;
    QString m_connectionName;
    QThread m_thread;
    QObject *m_worker = nullptr; ///< lives on m_thread: owns the connection's lifetime there
};

} // namespace ops
