// PlainText::terminal / singleLine: what redis-ops prints of server data (keys, hostnames, replies, runbook
// output) never carries a control sequence to the operator's terminal; text stays as it is.
#include "core/PlainText.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using ops::PlainText;

class TestPlainTextTerminal : public QObject
{
    Q_OBJECT
private slots:
    void terminal_data();
    void terminal();
    void jsonLineKeepsItsMeaning();
    void singleLine_data();
    void singleLine();
};

void TestPlainTextTerminal::terminal_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("plain") << QStringLiteral("master 127.0.0.1:6379 up") << QStringLiteral("master 127.0.0.1:6379 up");
    QTest::newRow("line feed and tab kept") << QStringLiteral("a\tb\nc") << QStringLiteral("a\tb\nc");
    QTest::newRow("letters beyond ASCII kept") << QStringLiteral("clé 中文 ключ") << QStringLiteral("clé 中文 ключ");
    QTest::newRow("colour (CSI)") << QStringLiteral("\x1b[31mred\x1b[0m") << QStringLiteral("\\u001b[31mred\\u001b[0m");
    QTest::newRow("clear screen") << QStringLiteral("k\x1b[2J\x1b[H") << QStringLiteral("k\\u001b[2J\\u001b[H");
    QTest::newRow("window title (OSC, BEL)") << QStringLiteral("\x1b]0;pwned\x07") << QStringLiteral("\\u001b]0;pwned\\u0007");
    QTest::newRow("carriage return overwrites") << QStringLiteral("ok\rFAIL") << QStringLiteral("ok\\u000dFAIL");
    QTest::newRow("backspace and DEL") << QStringLiteral("a\bb\x7f") << QStringLiteral("a\\u0008b\\u007f");
    QTest::newRow("NUL") << QString(QStringLiteral("a")) + QChar(0) + QStringLiteral("b") << QStringLiteral("a\\u0000b");
    QTest::newRow("C1 CSI") << QString(QChar(0x9b)) + QStringLiteral("31m") << QStringLiteral("\\u009b31m");
    QTest::newRow("bidi override") << QStringLiteral("user\u202Egnp.exe") << QStringLiteral("user\\u202egnp.exe");
    QTest::newRow("bidi isolate") << QStringLiteral("\u2066x\u2069") << QStringLiteral("\\u2066x\\u2069");
    QTest::newRow("empty") << QString() << QString();
}

void TestPlainTextTerminal::terminal()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(PlainText::terminal(in), out);
}

// redis-ops --json prints through the same path: JSON leaves DEL, C1 and U+202E raw, and the
// escapes added are JSON's own, so the line still parses to the same value.
void TestPlainTextTerminal::jsonLineKeepsItsMeaning()
{
    const QString hostile = QStringLiteral("a\x7f") + QChar(0x9b) + QStringLiteral("31m\u202Eb\x1b[2J");
    const QByteArray line = QJsonDocument(QJsonObject{{QStringLiteral("message"), hostile}}).toJson(QJsonDocument::Compact);
    const QString printed = PlainText::terminal(QString::fromUtf8(line));
    for (const QChar c : printed)
        QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f && (c.unicode() < 0x80 || c.unicode() > 0x9f) && c.unicode() != 0x202e,
                 qPrintable(QStringLiteral("U+%1 printed").arg(int(c.unicode()), 4, 16, QLatin1Char('0'))));
    QJsonParseError error;
    const QJsonDocument back = QJsonDocument::fromJson(printed.toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(back.object().value(QStringLiteral("message")).toString(), hostile);
}

void TestPlainTextTerminal::singleLine_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("plain") << QStringLiteral("redis-1.example") << QStringLiteral("redis-1.example");
    QTest::newRow("a fake second row") << QStringLiteral("h\nRole:    master") << QStringLiteral("h\\u000aRole:    master");
    QTest::newRow("CR LF") << QStringLiteral("a\r\nb") << QStringLiteral("a\\u000d\\u000ab");
    QTest::newRow("tab") << QStringLiteral("a\tb") << QStringLiteral("a\\u0009b");
    QTest::newRow("colour") << QStringLiteral("\x1b[31mh") << QStringLiteral("\\u001b[31mh");
    QTest::newRow("bidi override") << QStringLiteral("\u202Eh") << QStringLiteral("\\u202eh");
    QTest::newRow("markup stays text") << QStringLiteral("<b>h</b>") << QStringLiteral("<b>h</b>");
}

void TestPlainTextTerminal::singleLine()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(PlainText::singleLine(in), out);
}

QTEST_GUILESS_MAIN(TestPlainTextTerminal)
#include "tst_plaintextterminal.moc"
