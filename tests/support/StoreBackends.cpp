#include "StoreBackends.h"

#include <QDir>
#include <QtTest>

void StoreBackends::addRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << sqlite();
    QTest::newRow("postgresql") << postgresql();
}

QString StoreBackends::freshStore(const QString &backend, QString *error, const QString &owner)
{
    if (backend == sqlite()) {
        if (!m_dir)
            m_dir = std::make_unique<QTemporaryDir>();
        if (!m_dir->isValid()) {
            *error = QStringLiteral("cannot create a temporary directory");
            return {};
        }
        const QString dir = m_dir->filePath(QStringLiteral("store-%1").arg(++m_files));
        QDir().mkpath(dir); // a raw connection may set the file up before the store creates it
        return dir + QStringLiteral("/history.db");
    }
    if (!m_server) {
        auto server = std::make_unique<PostgresServer>();
        if (!server->start(error))
            return {};
        m_server = std::move(server);
    }
    const QString role = owner.isEmpty() ? PostgresServer::superuser() : owner;
    const QString database = m_server->createDatabase(error, role);
    return database.isEmpty() ? QString() : m_server->url(database, role);
}
