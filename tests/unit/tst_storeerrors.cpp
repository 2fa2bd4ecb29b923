// How a driver error becomes a HistoryError (HistorySchema::fromSqlError): the kind decides
// whether the shared store's writer treats it as an outage (Io / Open: spool locally and go on)
// or as a failure of the statement (an action stops). Rows are the errors QPSQL and QSQLITE give.
#include "history/HistorySchema.h"

#include <QSqlError>
#include <QTest>

using namespace ops;

Q_DECLARE_METATYPE(ops::HistoryError::Kind)
Q_DECLARE_METATYPE(ops::StoreLocation::Driver)

class TestStoreErrors : public QObject
{
    Q_OBJECT
private slots:
    void kinds_data();
    void kinds();
};

void TestStoreErrors::kinds_data()
{
    using K = HistoryError::Kind;
    using D = StoreLocation::Driver;
    QTest::addColumn<D>("driver");
    QTest::addColumn<QString>("driverText");
    QTest::addColumn<QString>("databaseText");
    QTest::addColumn<QString>("code");
    QTest::addColumn<K>("fallback");
    QTest::addColumn<K>("expected");
    QTest::addColumn<QString>("inMessage");
    auto row = [](const char *name, D driver, const char *driverText, const char *databaseText, const char *code, K fallback,
                  K expected, const char *inMessage) {
        QTest::newRow(name) << driver << QString::fromUtf8(driverText) << QString::fromUtf8(databaseText)
                            << QString::fromUtf8(code) << fallback << expected << QString::fromUtf8(inMessage);
    };
    row("pg: connection failure (08006)", D::Postgres, "QPSQL: Unable to execute", "connection lost", "08006", K::Query, K::Io,
        "connection lost");
    row("pg: admin shutdown (57P01)", D::Postgres, "", "terminating connection due to administrator command", "57P01",
        K::Query, K::Io, "administrator");
    row("pg: server closed, no SQLSTATE", D::Postgres, "", "server closed the connection unexpectedly", "", K::Query, K::Io,
        "server closed");
    row("pg: closed connection, no error at all", D::Postgres, "", "", "", K::Query, K::Io, "connection to the store is closed");
    row("pg: closed connection while opening", D::Postgres, "", "", "", K::Open, K::Open, "closed");
    row("pg: unique violation (23505)", D::Postgres, "", "duplicate key value violates unique constraint", "23505", K::Query,
        K::Query, "duplicate key");
    row("pg: wrong password (28P01)", D::Postgres, "", "password authentication failed", "28P01", K::Query, K::Open,
        "password authentication failed");
    row("sqlite: disk full (13)", D::Sqlite, "", "database or disk is full", "13", K::Query, K::Io, "disk is full");
    row("sqlite: not a database (26)", D::Sqlite, "", "file is not a database", "26", K::Open, K::NotADatabase, "not a database");
    row("sqlite: constraint (19)", D::Sqlite, "", "UNIQUE constraint failed", "19", K::Query, K::Query, "UNIQUE");
}

void TestStoreErrors::kinds()
{
    QFETCH(StoreLocation::Driver, driver);
    QFETCH(QString, driverText);
    QFETCH(QString, databaseText);
    QFETCH(QString, code);
    QFETCH(HistoryError::Kind, fallback);
    QFETCH(HistoryError::Kind, expected);
    QFETCH(QString, inMessage);
    const QSqlError error(driverText, databaseText, QSqlError::StatementError, code);
    const HistoryError e = HistorySchema::fromSqlError(error, fallback, QStringLiteral("store"), driver);
    QCOMPARE(int(e.kind), int(expected));
    QVERIFY2(e.message.startsWith(QStringLiteral("store: ")) && e.message.contains(inMessage), qPrintable(e.message));
}

QTEST_GUILESS_MAIN(TestStoreErrors)
#include "tst_storeerrors.moc"
