#pragma once
// Shared by the HistoryStore tests (header-only): events to store, a raw SQLite connection for
// setting files up and inspecting them behind the store's back, file helpers.

#include "history/HistoryStore.h"
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <unistd.h>

#include <memory>

using ops::AuditRecord;
using ops::HistoryError;
using ops::HistoryQuery;
using ops::HistoryStore;
using ops::OpsEvent;
using ops::OpsEvents;

Q_DECLARE_METATYPE(ops::HistoryQuery)

namespace ops {
inline char *toString(const OpsEvent &e)
{
    QJsonObject o = e.toJson();
    o.insert(QStringLiteral("sentinelType"), e.sentinelType);
    return qstrdup(QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
}
} // namespace ops

namespace historytest {

/**
 * A plain connection for setting up and inspecting stores behind HistoryStore's back: QSQLITE
 * for a file path, QPSQL for a postgresql:// URL (as its user: the tests' superuser by trust).
 */
class RawDb
{
public:
    explicit RawDb(const QString &location) : m_name(QStringLiteral("raw-%1").arg(++s_count))
    {
        const ops::StoreLocation where = ops::StoreLocation::parse(location);
        m_db = QSqlDatabase::addDatabase(where.qtDriver(), m_name);
        if (where.isPostgres()) {
            m_db.setHostName(where.host());
            m_db.setPort(where.port());
            m_db.setUserName(where.user());
            m_db.setDatabaseName(where.database());
            m_db.setConnectOptions(where.connectOptions());
        } else {
            m_db.setDatabaseName(location);
        }
        m_ok = m_db.open();
    }
    ~RawDb()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool ok() const { return m_ok; }
    /** Runs each statement; on failure returns the failing statement and error. */
    QString exec(const QStringList &statements)
    {
        QSqlQuery q(m_db);
        for (const QString &sql : statements)
            if (!q.exec(sql))
                return sql + QStringLiteral(": ") + q.lastError().text();
        return {};
    }
    QVariant value(const QString &sql)
    {
        QSqlQuery q(m_db);
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }
    /** Column @p column of every row of @p sql with @p binds; the error text alone if it fails. */
    QStringList column(const QString &sql, const QVariantList &binds, int column)
    {
        QSqlQuery q(m_db);
        if (!q.prepare(sql))
            return {q.lastError().text()};
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (!q.exec())
            return {q.lastError().text()};
        QStringList out;
        while (q.next())
            out << q.value(column).toString();
        return out;
    }

private:
    static inline int s_count = 0;
    QString m_name;
    QSqlDatabase m_db;
    bool m_ok = false;
};

inline OpsEvent makeEvent(const QString &deployment, qint64 ts, OpsEvent::Kind kind, const QString &node,
                   const QString &message, const QString &sentinelType = {})
{
    OpsEvent e;
    e.deploymentId = deployment;
    e.timestampMs = ts;
    e.kind = kind;
    e.sentinelType = sentinelType;
    e.nodeId = node;
    e.message = message;
    return e;
}

inline QStringList messages(const QList<OpsEvent> &events)
{
    QStringList m;
    for (const OpsEvent &e : events)
        m << e.message;
    return m;
}

inline QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeFile(const QString &path, const QByteArray &bytes, qint64 offset = -1)
{
    QFile f(path);
    if (!f.open(offset < 0 ? QIODevice::WriteOnly : QIODevice::ReadWrite))
        return false;
    if (offset >= 0 && !f.seek(offset))
        return false;
    return f.write(bytes) == bytes.size();
}

inline QString kindText(HistoryError::Kind kind) { return HistoryError::kindName(kind); }

} // namespace historytest
