// ReportText: what an incident report does to text it did not write (host names, key names, event
// messages, operator notes) — every hostile string shown literally, with the exact expected form
// for plain text, Markdown and HTML.
#include "reports/ReportText.h"

#include <QtTest>

using namespace ops;

class TestReportText : public QObject
{
    Q_OBJECT
private slots:
    void escapes_data();
    void escapes();
    void fileName_data();
    void fileName();
};

void TestReportText::escapes_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("visible");
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("html");

    QTest::newRow("plain host") << QStringLiteral("10.0.0.5:6379") << QStringLiteral("10.0.0.5:6379")
                                << QStringLiteral("10.0.0.5:6379") << QStringLiteral("10.0.0.5:6379");
    QTest::newRow("bold tag") << QStringLiteral("<b>key</b>") << QStringLiteral("<b>key</b>")
                              << QStringLiteral("\\<b\\>key\\</b\\>") << QStringLiteral("&lt;b&gt;key&lt;/b&gt;");
    QTest::newRow("img onerror") << QStringLiteral("<img src=x onerror=\"alert('1')\">")
                                 << QStringLiteral("<img src=x onerror=\"alert('1')\">")
                                 << QStringLiteral("\\<img src=x onerror=\"alert('1')\"\\>")
                                 << QStringLiteral("&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;");
    QTest::newRow("CR LF") << QStringLiteral("line1\r\nline2") << QStringLiteral("line1\\r\\nline2")
                           << QStringLiteral("line1\\\\r\\\\nline2") << QStringLiteral("line1\\r\\nline2");
    QTest::newRow("ANSI colour") << QStringLiteral("\x1b[31mred\x1b[0m") << QStringLiteral("\\e[31mred\\e[0m")
                                 << QStringLiteral("\\\\e\\[31mred\\\\e\\[0m") << QStringLiteral("\\e[31mred\\e[0m");
    QTest::newRow("NUL BEL DEL C1") << QString::fromUtf8("a\0b\x07" "c\x7f" "d\xc2\x85", 9)
                                    << QStringLiteral("a\\x00b\\x07c\\x7fd\\x85")
                                    << QStringLiteral("a\\\\x00b\\\\x07c\\\\x7fd\\\\x85")
                                    << QStringLiteral("a\\x00b\\x07c\\x7fd\\x85");
    QTest::newRow("tab") << QStringLiteral("a\tb") << QStringLiteral("a\\tb") << QStringLiteral("a\\\\tb") << QStringLiteral("a\\tb");
    QTest::newRow("backslash") << QStringLiteral("C:\\new") << QStringLiteral("C:\\\\new")
                               << QStringLiteral("C:\\\\\\\\new") << QStringLiteral("C:\\\\new");
    QTest::newRow("bidi override") << QString::fromUtf8("admin\xe2\x80\xae" "txt.exe")
                                   << QStringLiteral("admin\\u{202E}txt.exe") << QStringLiteral("admin\\\\u{202E}txt.exe")
                                   << QStringLiteral("admin\\u{202E}txt.exe");
    QTest::newRow("markdown table breaker") << QStringLiteral("a | b") << QStringLiteral("a | b") << QStringLiteral("a \\| b")
                                            << QStringLiteral("a | b");
    QTest::newRow("markdown emphasis link code")
        << QStringLiteral("*x* _y_ [l](http://e) `c` ~~s~~")
        << QStringLiteral("*x* _y_ [l](http://e) `c` ~~s~~")
        << QStringLiteral("\\*x\\* \\_y\\_ \\[l\\](http://e) \\`c\\` \\~\\~s\\~\\~")
        << QStringLiteral("*x* _y_ [l](http://e) `c` ~~s~~");
    QTest::newRow("entity") << QStringLiteral("&lt;b&gt;") << QStringLiteral("&lt;b&gt;") << QStringLiteral("\\&lt;b\\&gt;")
                            << QStringLiteral("&amp;lt;b&amp;gt;");
    QTest::newRow("unicode kept") << QString::fromUtf8("clé→ü") << QString::fromUtf8("clé→ü") << QString::fromUtf8("clé→ü")
                                  << QString::fromUtf8("clé→ü");
}

void TestReportText::escapes()
{
    QFETCH(QString, input);
    QFETCH(QString, visible);
    QFETCH(QString, markdown);
    QFETCH(QString, html);
    QCOMPARE(ReportText::visible(input), visible);
    QCOMPARE(ReportText::markdown(input), markdown);
    QCOMPARE(ReportText::html(input), html);
}

void TestReportText::fileName_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("host:port") << QStringLiteral("127.0.0.1:6379") << QStringLiteral("127.0.0.1_6379");
    QTest::newRow("traversal") << QStringLiteral("../../etc/passwd") << QStringLiteral("_._.._etc_passwd");
    QTest::newRow("markup") << QStringLiteral("\"><script>") << QStringLiteral("___script_");
    QTest::newRow("empty") << QString() << QStringLiteral("_");
}

void TestReportText::fileName()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(ReportText::fileName(input), expected);
}

QTEST_APPLESS_MAIN(TestReportText)
#include "tst_reporttext.moc"
