// RunbookInputs: what an operator gives (--input k=v, the console's form) against the runbook's
// inputs: types, choices, bounds, required ones, defaults, control characters; ${inputs.x}
// substitution; name=value parsing.
#include "runbooks/RunbookInputs.h"
#include "runbooks/RunbookLoader.h"

#include <QtTest>

using namespace ops;

namespace {
const char kRunbook[] = "id: t\ntitle: T\napplies_to: both\n"
                        "inputs:\n"
                        "  - {name: node, type: node, required: true}\n"
                        "  - {name: target, type: node}\n"
                        "  - {name: count, type: integer, default: 3, min: 1, max: 10}\n"
                        "  - {name: share, type: number, min: 0, max: 1}\n"
                        "  - {name: wait, type: duration, default: 30s}\n"
                        "  - {name: force, type: boolean, default: \"false\"}\n"
                        "  - {name: mode, type: string, default: graceful, choices: [graceful, standard]}\n"
                        "steps:\n  - {id: a, title: A, check: input.count > 0}\n";

Runbook runbook()
{
    RunbookLoader::Result r = RunbookLoader::parse(kRunbook, QStringLiteral("t.yaml"));
    if (!r.runbook)
        qWarning() << r.errors;
    return r.runbook.value_or(Runbook{});
}

QString shown(const RunbookExpression::Value &v)
{
    switch (v.kind) {
    case RunbookExpression::Value::Kind::Bool: return v.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case RunbookExpression::Value::Kind::Number: return QString::number(v.number);
    case RunbookExpression::Value::Kind::String: return QLatin1Char('"') + v.text + QLatin1Char('"');
    default: return QStringLiteral("unknown");
    }
}
} // namespace

class TestRunbookInputs : public QObject
{
    Q_OBJECT
private slots:
    void resolve_data();
    void resolve();
    void substitute_data();
    void substitute();
    void assignment_data();
    void assignment();
};

void TestRunbookInputs::resolve_data()
{
    QTest::addColumn<QStringList>("given");  // name=value
    QTest::addColumn<QString>("name");       // the value looked at
    QTest::addColumn<QString>("value");      // its typed value, or the error expected
    QTest::newRow("defaults") << QStringList{QStringLiteral("node=10.0.0.1:6379")} << "count" << "3";
    QTest::newRow("duration default in seconds") << QStringList{QStringLiteral("node=a")} << "wait" << "30";
    QTest::newRow("duration given in ms") << QStringList{QStringLiteral("node=a"), QStringLiteral("wait=1500ms")} << "wait" << "1.5";
    QTest::newRow("boolean") << QStringList{QStringLiteral("node=a"), QStringLiteral("force=true")} << "force" << "true";
    QTest::newRow("optional node left out is empty") << QStringList{QStringLiteral("node=a")} << "target" << "\"\"";
    QTest::newRow("optional number left out is unknown") << QStringList{QStringLiteral("node=a")} << "share" << "unknown";
    QTest::newRow("choice") << QStringList{QStringLiteral("node=a"), QStringLiteral("mode=standard")} << "mode" << "\"standard\"";
    QTest::newRow("required missing") << QStringList{} << "node" << "error: input 'node' is required";
    QTest::newRow("not an integer") << QStringList{QStringLiteral("node=a"), QStringLiteral("count=two")} << "count"
                                    << "error: input 'count': 'two' is not an integer";
    QTest::newRow("below min") << QStringList{QStringLiteral("node=a"), QStringLiteral("count=0")} << "count"
                               << "error: input 'count': 0 is below its minimum 1";
    QTest::newRow("above max") << QStringList{QStringLiteral("node=a"), QStringLiteral("share=1.5")} << "share"
                               << "error: input 'share': 1.5 is above its maximum 1";
    QTest::newRow("not a choice") << QStringList{QStringLiteral("node=a"), QStringLiteral("mode=takeover")} << "mode"
                                  << "error: input 'mode': 'takeover' is not one of graceful, standard";
    QTest::newRow("bad duration") << QStringList{QStringLiteral("node=a"), QStringLiteral("wait=soon")} << "wait"
                                  << "error: input 'wait': 'soon' is not a duration (500ms, 30s, 2m, 1h)";
    QTest::newRow("boolean spelled yes") << QStringList{QStringLiteral("node=a"), QStringLiteral("force=yes")} << "force"
                                         << "error: input 'force': 'yes' is not a boolean";
    QTest::newRow("CR LF injection") << QStringList{QStringLiteral("node=a\r\nFLUSHALL")} << "node"
                                     << "error: input 'node': the value holds a control character (CR, LF, escape, ...)";
    QTest::newRow("escape sequence") << QStringList{QStringLiteral("node=a\x1b[31m")} << "node"
                                     << "error: input 'node': the value holds a control character (CR, LF, escape, ...)";
    QTest::newRow("empty node") << QStringList{QStringLiteral("node= ")} << "node" << "error: input 'node': ' ' is not a node (id, id prefix or host:port)";
    QTest::newRow("unknown input") << QStringList{QStringLiteral("node=a"), QStringLiteral("colour=red")} << "colour"
                                   << "error: input 'colour': runbook 't' has no such input (node, target, count, share, wait, force, mode)";
}

void TestRunbookInputs::resolve()
{
    QFETCH(QStringList, given);
    QFETCH(QString, name);
    QFETCH(QString, value);
    const Runbook rb = runbook();
    QVERIFY(!rb.id.isEmpty());
    QHash<QString, QString> texts;
    for (const QString &g : given) {
        QString n, v, why;
        QVERIFY(RunbookInputs::parseAssignment(g, &n, &v, &why));
        texts.insert(n, v);
    }
    const RunbookInputs::Result r = RunbookInputs::resolve(rb, texts);
    if (value.startsWith(QLatin1String("error: "))) {
        QVERIFY(!r.ok());
        QCOMPARE(r.errors, QStringList{value.mid(7)});
        QVERIFY(!r.values.contains(name));
        return;
    }
    QVERIFY2(r.ok(), qPrintable(r.errors.join(QLatin1Char('\n'))));
    QCOMPARE(shown(r.values.value(name)), value);
}

void TestRunbookInputs::substitute_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("one") << "${inputs.node}" << "10.0.0.1:6379";
    QTest::newRow("in a text") << "from ${inputs.node} to ${inputs.target}!" << "from 10.0.0.1:6379 to !";
    QTest::newRow("twice") << "${inputs.count},${inputs.count}" << "3,3";
    QTest::newRow("not a reference") << "$inputs.node ${node} ${inputs.Node}" << "$inputs.node ${node} ${inputs.Node}";
    QTest::newRow("no reference") << "INFO" << "INFO";
}

void TestRunbookInputs::substitute()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const RunbookInputs::Result r = RunbookInputs::resolve(runbook(), {{QStringLiteral("node"), QStringLiteral("10.0.0.1:6379")}});
    QVERIFY(r.ok());
    QCOMPARE(RunbookInputs::substitute(text, r.texts), expected);
}

void TestRunbookInputs::assignment_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::newRow("plain") << "node=10.0.0.1:6379" << "node" << "10.0.0.1:6379";
    QTest::newRow("value with =") << "weights=a=1" << "weights" << "a=1";
    QTest::newRow("empty value") << "target=" << "target" << "";
    QTest::newRow("no =") << "node" << QString() << "'node' is not name=value";
    QTest::newRow("no name") << "=x" << QString() << "'=x' is not name=value";
}

void TestRunbookInputs::assignment()
{
    QFETCH(QString, argument);
    QFETCH(QString, name);
    QFETCH(QString, value);
    QString n, v, why;
    const bool ok = RunbookInputs::parseAssignment(argument, &n, &v, &why);
    QCOMPARE(ok, !name.isEmpty());
    if (ok) {
        QCOMPARE(n, name);
        QCOMPARE(v, value);
    } else {
        QCOMPARE(why, value);
    }
}

QTEST_APPLESS_MAIN(TestRunbookInputs)
#include "tst_runbookinputs.moc"
