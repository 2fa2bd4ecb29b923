// RunbookCommandProbe::format: a runbook step's reply as the operator reads it (console details
// pane, `redis-ops runbook run`). Text replies keep their lines; a string inside an array is one
// value on one line, quoted with escapes when it holds control characters (a key named
// "a\r\nRole: master" in the slow log must not read as another line of the reply).
#include "runbooks/RunbookCommandProbe.h"
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

QTEST_GUILESS_MAIN(TestRunbookReplyFormat)
#include "tst_runbookreplyformat.moc"
