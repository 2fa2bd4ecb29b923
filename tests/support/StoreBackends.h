#pragma once

#include "PostgresServer.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

/**
 * @brief One store test suite, two backends: the suite declares the backends as Qt Test global
 * data (addRows() in initTestCase_data()), and every test function runs once per backend on a
 * fresh store from freshStore(): a new SQLite file, or a new database on one PostgreSQL server
 * started on first use (PostgresServer) and stopped with this object.
 */
class StoreBackends
{
public:
    static QString sqlite() { return QStringLiteral("sqlite"); }
    static QString postgresql() { return QStringLiteral("postgresql"); }

    /** Adds the global data column "backend" with rows "sqlite" and "postgresql". */
    static void addRows();

    /**
     * The location of a new, empty store of @p backend (a file path or a postgresql:// URL);
     * empty with @p error if it cannot be made. @p owner: the PostgreSQL role owning the
     * database (the URL logs in as it); ignored for SQLite.
     */
    QString freshStore(const QString &backend, QString *error, const QString &owner = {});
    /** The PostgreSQL server (started by the first PostgreSQL store), or null. */
    PostgresServer *server() const { return m_server.get(); }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<PostgresServer> m_server;
    int m_files = 0;
};
