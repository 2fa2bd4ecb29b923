// The runbooks' check language: parse errors with their column, type errors against a vocabulary,
// units, and three-valued evaluation (a value the deployment cannot give never makes a check pass).
#include "runbooks/RunbookExpression.h"

#include <QtTest>

using namespace ops;
using Value = RunbookExpression::Value;
using Type = RunbookExpression::Type;

namespace {
RunbookExpression::Vocabulary vocabulary()
{
    return {{QStringLiteral("cluster.state"), Type::String},
            {QStringLiteral("cluster.open_slots"), Type::Number},
            {QStringLiteral("replication.max_lag_seconds"), Type::Number},
            {QStringLiteral("replication.max_lag_bytes"), Type::Number},
            {QStringLiteral("sentinel.agree"), Type::Bool},
            {QStringLiteral("input.force"), Type::Bool}};
}

// Live values: "unknown" stands for a value the deployment could not give.
Value live(const QString &name)
{
    static const QHash<QString, Value> values{
        {QStringLiteral("cluster.state"), Value::ofString(QStringLiteral("ok"))},
        {QStringLiteral("cluster.open_slots"), Value::ofNumber(0)},
        {QStringLiteral("replication.max_lag_seconds"), Value::ofNumber(2.5)},
        {QStringLiteral("replication.max_lag_bytes"), Value::ofNumber(3 * 1024 * 1024)},
        {QStringLiteral("input.force"), Value::ofBool(false)},
        {QStringLiteral("health:cluster.coverage"), Value::ofString(QStringLiteral("pass"))}};
    return values.value(name); // sentinel.agree: Unknown
}
} // namespace

class TestRunbookExpression : public QObject
{
    Q_OBJECT
private slots:
    void parseErrors_data();
    void parseErrors();
    void typeErrors_data();
    void typeErrors();
    void evaluate_data();
    void evaluate();
    void names();
};

void TestRunbookExpression::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QString() << 1 << "expression ends too early";
    QTest::newRow("single =") << "cluster.state = \"ok\"" << 15 << "'=' is not a comparison: use '=='";
    QTest::newRow("open string") << "cluster.state == \"ok" << 18 << "string not closed";
    QTest::newRow("unknown unit") << "replication.max_lag_seconds < 5d" << 32 << "unknown unit 'd'";
    QTest::newRow("chained comparison") << "1 < cluster.open_slots < 3" << 24 << "comparisons do not chain: use 'and'";
    QTest::newRow("missing paren") << "(cluster.open_slots == 0" << 25 << "')' expected";
    QTest::newRow("dangling and") << "cluster.open_slots == 0 and" << 28 << "expression ends too early";
    QTest::newRow("and first") << "and true" << 1 << "'and' needs a value before it";
    QTest::newRow("unknown function") << "shell(\"rm -rf /\")" << 1 << "unknown function 'shell'";
    QTest::newRow("health without quotes") << "health(cluster.coverage) == \"pass\"" << 8 << "health() takes a rule id in quotes";
    QTest::newRow("backtick") << "`id`" << 1 << "unexpected character '`'";
    QTest::newRow("semicolon") << "true; false" << 5 << "unexpected character ';'";
    QTest::newRow("trailing term") << "true false" << 6 << "unexpected 'false'";
    QTest::newRow("control character in a string") << QStringLiteral("cluster.state == \"o\x01k\"") << 20 << "control character in a string";
}

void TestRunbookExpression::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(int, column);
    QFETCH(QString, message);
    RunbookExpression::Error error;
    const RunbookExpression e = RunbookExpression::parse(text, &error);
    QVERIFY(e.isEmpty());
    QCOMPARE(error.message.left(message.size()), message);
    QCOMPARE(error.column, column);
}

void TestRunbookExpression::typeErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message"); // empty: well typed
    QTest::newRow("fine") << "cluster.state == \"ok\" and replication.max_lag_seconds < 5s" << 0 << QString();
    QTest::newRow("health") << "health(\"cluster.coverage\") != \"critical\"" << 0 << QString();
    QTest::newRow("unknown name") << "cluster.sate == \"ok\"" << 1 << "unknown name 'cluster.sate'";
    QTest::newRow("string against number") << "cluster.state == 0" << 15 << "compares a string with a number";
    QTest::newRow("string ordered") << "cluster.state < \"ok\"" << 15 << "a string compares only with == or !=";
    QTest::newRow("number as a check") << "cluster.open_slots" << 1 << "a check must be true or false, this is a number";
    QTest::newRow("and on numbers") << "cluster.open_slots and true" << 20 << "'and' needs booleans on both sides";
    QTest::newRow("not on a string") << "not cluster.state" << 1 << "'not' needs a boolean, not a string";
}

void TestRunbookExpression::typeErrors()
{
    QFETCH(QString, text);
    QFETCH(int, column);
    QFETCH(QString, message);
    RunbookExpression::Error error;
    const RunbookExpression e = RunbookExpression::parse(text, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    const RunbookExpression::Error typed = e.check(vocabulary());
    QCOMPARE(typed.message, message);
    QCOMPARE(typed.column, column);
}

void TestRunbookExpression::evaluate_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // true, false or unknown
    QTest::newRow("string equal") << "cluster.state == \"ok\"" << "true";
    QTest::newRow("seconds unit") << "replication.max_lag_seconds < 2s" << "false";
    QTest::newRow("milliseconds unit") << "replication.max_lag_seconds <= 2500ms" << "true";
    QTest::newRow("megabytes unit") << "replication.max_lag_bytes >= 3mb" << "true";
    QTest::newRow("kilobytes unit") << "replication.max_lag_bytes > 3073kb" << "false";
    QTest::newRow("precedence: and before or") << "true or false and false" << "true";
    QTest::newRow("parentheses") << "(true or false) and false" << "false";
    QTest::newRow("not") << "not input.force" << "true";
    QTest::newRow("health") << "health(\"cluster.coverage\") == \"pass\"" << "true";
    QTest::newRow("unknown health rule") << "health(\"no.such\") == \"pass\"" << "unknown";
    QTest::newRow("unknown spreads") << "sentinel.agree" << "unknown";
    QTest::newRow("not unknown") << "not sentinel.agree" << "unknown";
    QTest::newRow("unknown and true") << "sentinel.agree and true" << "unknown";
    QTest::newRow("false and unknown") << "false and sentinel.agree" << "false";
    QTest::newRow("unknown and false") << "sentinel.agree and false" << "false";
    QTest::newRow("true or unknown") << "true or sentinel.agree" << "true";
    QTest::newRow("unknown or false") << "sentinel.agree or false" << "unknown";
    QTest::newRow("escaped quote") << "cluster.state != \"o\\\"k\"" << "true";
}

void TestRunbookExpression::evaluate()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    RunbookExpression::Error error;
    const RunbookExpression e = RunbookExpression::parse(text, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    const Value v = e.evaluate(live);
    const QString got = v.kind == Value::Kind::Unknown ? QStringLiteral("unknown")
        : v.kind == Value::Kind::Bool                  ? (v.boolean ? QStringLiteral("true") : QStringLiteral("false"))
                                                        : QStringLiteral("not a boolean");
    QCOMPARE(got, expected);
}

void TestRunbookExpression::names()
{
    RunbookExpression::Error error;
    const RunbookExpression e = RunbookExpression::parse(
        QStringLiteral("cluster.state == \"ok\" and health(\"cluster.coverage\") == \"pass\" and cluster.state != \"fail\""), &error);
    QVERIFY(!error.isError());
    QCOMPARE(e.names(), QStringList({QStringLiteral("cluster.state"), QStringLiteral("health:cluster.coverage")}));
}

QTEST_APPLESS_MAIN(TestRunbookExpression)
#include "tst_runbookexpression.moc"
