#pragma once

#include "ColleagueOperation.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QString>

namespace ops {

class AsyncHistoryStore;
class StoreListener;

/**
 * @brief Live colleagues on a shared store: runs a StoreListener and, for every notification
 * naming an operation written by another console (not this process: its pid + host are
 * skipped), reads that operation with its steps again through the AsyncHistoryStore (history
 * thread) and emits colleagueOperation(). While a read of an operation is in flight, further
 * notifications about it are coalesced into one more read when it answers: a burst of steps
 * costs two reads, and the last one sees the last step.
 *
 * Lives on the thread that creates it (the console's GUI thread; nothing here blocks).
 */
class ColleagueWatch : public QObject
{
    Q_OBJECT
public:
    /** @p location: the shared store's postgresql:// URL; @p store: this console's history. */
    ColleagueWatch(QString location, AsyncHistoryStore *store, QObject *parent = nullptr);
    ~ColleagueWatch() override;

    /** Starts listening (StoreListener::start); answered by listening() or failed(). */
    void start();

signals:
    void listening();
    void failed(const QString &message);
    /** A colleague's operation as journaled now (it changed: a step, its state, its end). */
    void colleagueOperation(const ops::ColleagueOperation &operation);

private:
    void onChanged(const QJsonObject &payload);
    void read(const QString &operationId);

    AsyncHistoryStore *m_store;
    StoreListener *m_listener;
    QHash<QString, ColleagueOperation> m_writers; ///< operation id → writer (host, pid) from the payload
    QSet<QString> m_reading;                      ///< operations with a read in flight
    QSet<QString> m_dirty;                        ///< … and a notification since it was sent
};

} // namespace ops
