// RunbookCommandProbe::format: a runbook step's reply as the operator reads it (console details
// pane, `redis-ops runbook run`). Text replies keep their lines; a string inside an array is one
// value on one line, quoted with escapes when it holds control characters (a key named
// "a\r\nRole: master" in the slow log must not read as another line of the reply).
#include "runbooks/RunbookCommandProbe.h"
#include "resp/Redaction.h"
#include "resp/RespValue.h"

#include <QTest>

using namespace ops;

Q_DECLARE_METATYPE(ops::RespValue)

class TestRunbookReplyFormat : public QObject
{
    Q_OBJECT
private slots:
    void format_data();
    void format();
    void secretsRedacted_data();
    void secretsRedacted();
};

void TestRunbookReplyFormat::format_data()
{
    QTest::addColumn<RespValue>("reply");
    QTest::addColumn<QString>("shown");
    using V = RespValue;
    QTest::newRow("integer") << V::integer(3) << QStringLiteral("(integer) 3");
    QTest::newRow("nil") << V::nil() << QStringLiteral("(nil)");
    QTest::newRow("error") << V::error("ERR nope") << QStringLiteral("(error) ERR nope");
    QTest::newRow("text reply keeps its lines") << V::string("# Server\r\nredis_version:7.0.15\r\n")
                                                << QStringLiteral("# Server\nredis_version:7.0.15");
    QTest::newRow("empty array") << V::array({}) << QStringLiteral("(empty array)");
    QTest::newRow("plain elements") << V::array({V::string("SET"), V::string("k"), V::integer(1)})
                                    << QStringLiteral("1) SET\n2) k\n3) (integer) 1");
    QTest::newRow("CR LF in an element") << V::array({V::string("SET"), V::string("a\r\nRole: master")})
                                         << QStringLiteral("1) SET\n2) \"a\\r\\nRole: master\"");
    QTest::newRow("ESC, tab, quote, backslash") << V::array({V::string("\x1b[31mk\t\"\\")})
                                                << QStringLiteral("1) \"\\x1b[31mk\\t\\\"\\\\\"");
    QTest::newRow("DEL and NUL") << V::array({V::string(QByteArray("a\x7f", 2) + QByteArray(1, '\0'))})
                                 << QStringLiteral("1) \"a\\x7f\\x00\"");
    QTest::newRow("nested array indented") << V::array({V::array({V::string("x"), V::string("y\nz")})})
                                           << QStringLiteral("1) 1) x\n   2) \"y\\nz\"");
    QTest::newRow("ten elements align") << V::array(std::vector<RespValue>(10, V::integer(0)))
                                        << QStringLiteral(" 1) (integer) 0\n 2) (integer) 0\n 3) (integer) 0\n 4) (integer) 0\n"
                                                          " 5) (integer) 0\n 6) (integer) 0\n 7) (integer) 0\n 8) (integer) 0\n"
                                                          " 9) (integer) 0\n10) (integer) 0");
}

void TestRunbookReplyFormat::format()
{
    QFETCH(RespValue, reply);
    QFETCH(QString, shown);
    QCOMPARE(RunbookCommandProbe::format(reply), shown);
}

// A step's reply is journaled and reported: the values of secret parameters never are.
void TestRunbookReplyFormat::secretsRedacted_data()
{
    QTest::addColumn<QList<QByteArray>>("args");
    QTest::addColumn<RespValue>("reply");
    QTest::addColumn<QString>("shown");
    using V = RespValue;
    using L = QList<QByteArray>;
    QTest::newRow("CONFIG GET *") << L{"CONFIG", "GET", "*"}
                                  << V::array({V::string("requirepass"), V::string("pw-1"), V::string("maxmemory"), V::string("0"),
                                               V::string("masterauth"), V::string("pw-2")})
                                  << QStringLiteral("1) requirepass\n2) (redacted)\n3) maxmemory\n4) 0\n5) masterauth\n6) (redacted)");
    QTest::newRow("lower case, TLS key pass") << L{"config", "get", "tls-*"}
                                              << V::array({V::string("tls-key-file-pass"), V::string("pw-3")})
                                              << QStringLiteral("1) tls-key-file-pass\n2) (redacted)");
    QTest::newRow("no password set stays empty") << L{"CONFIG", "GET", "requirepass"} << V::array({V::string("requirepass"), V::string("")})
                                                 << QStringLiteral("1) requirepass\n2) ");
    QTest::newRow("SENTINEL CONFIG GET") << L{"SENTINEL", "CONFIG", "GET", "*"}
                                         << V::array({V::string("sentinel-pass"), V::string("pw-4"), V::string("resolve-hostnames"), V::string("no")})
                                         << QStringLiteral("1) sentinel-pass\n2) (redacted)\n3) resolve-hostnames\n4) no");
    QTest::newRow("other commands untouched") << L{"INFO", "replication"} << V::string("role:master\r\nmasterauth:x")
                                              << QStringLiteral("role:master\nmasterauth:x");
}

void TestRunbookReplyFormat::secretsRedacted()
{
    QFETCH(QList<QByteArray>, args);
    QFETCH(RespValue, reply);
    QFETCH(QString, shown);
    QCOMPARE(RunbookCommandProbe::format(redactReply(args, reply)), shown);
}

QTEST_GUILESS_MAIN(TestRunbookReplyFormat)
#include "tst_runbookreplyformat.moc"
