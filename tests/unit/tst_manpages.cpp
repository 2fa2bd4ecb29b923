// The man pages written at build time list every option the programs' --help lists, and no other:
// `redis-ops --help` and `redis-ops-console --help` are run, their option names collected, and
// the installed-to-be pages (build/man/*.1.gz) rendered with `man -l` (the troff text when man
// is missing) must name each one. Both are generated from the same option objects, so a
// hand-written page or a forgotten option shows here.
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtTest>

namespace {

QString run(const QString &program, const QStringList &args, int *exitCode = nullptr)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("MANWIDTH"), QStringLiteral("200")); // no option name broken across lines
    env.insert(QStringLiteral("MANPAGER"), QStringLiteral("cat"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(30000))
        return {};
    if (exitCode)
        *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput());
}

/** Option names in help text: the first column of lines starting with "  -". */
QStringList helpOptions(const QString &help)
{
    static const QRegularExpression name(QStringLiteral("(?:^|[ ,])(--?[a-z][a-z-]*)"));
    QStringList out;
    for (const QString &line : help.split(QLatin1Char('\n')))
        if (line.startsWith(QStringLiteral("  -")))
            for (auto it = name.globalMatch(line.section(QStringLiteral("  "), 1, 1)); it.hasNext();)
                out << it.next().captured(1);
    out.removeDuplicates();
    return out;
}

/** The page as a reader sees it: man -l, or the troff source with escapes undone. */
QString renderedPage(const QString &gzFile, bool *rendered)
{
    *rendered = !QStandardPaths::findExecutable(QStringLiteral("man")).isEmpty();
    if (*rendered) {
        int rc = -1;
        const QString text = run(QStringLiteral("man"), {QStringLiteral("-l"), gzFile}, &rc);
        if (rc == 0 && !text.isEmpty())
            return text;
        *rendered = false;
    }
    QString troff = run(QStringLiteral("gzip"), {QStringLiteral("-dc"), gzFile});
    troff.replace(QStringLiteral("\\-"), QStringLiteral("-"));
    troff.remove(QRegularExpression(QStringLiteral("\\\\f[BIRP]")));
    return troff;
}

bool names(const QString &text, const QString &option)
{
    const QRegularExpression word(QStringLiteral("(^|[\\s,\\[])") + QRegularExpression::escape(option) + QStringLiteral("($|[\\s,=\\]])"));
    return word.match(text).hasMatch();
}

} // namespace

class TestManPages : public QObject
{
    Q_OBJECT
private slots:
    void pageListsEveryHelpOption_data();
    void pageListsEveryHelpOption();
};

void TestManPages::pageListsEveryHelpOption_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("page");
    QTest::addColumn<QStringList>("expected"); // options that must be there (the shared deployment ones)
    const QStringList deployment{QStringLiteral("--sentinel"), QStringLiteral("--master"), QStringLiteral("--user"),
                                 QStringLiteral("--askpass"), QStringLiteral("--tls"), QStringLiteral("--cacert"),
                                 QStringLiteral("--cert"), QStringLiteral("--key"), QStringLiteral("--read-only"),
                                 QStringLiteral("-h"), QStringLiteral("-p")};
    QTest::newRow("redis-ops") << QStringLiteral(CLI_BINARY) << QStringLiteral(MAN_DIR "/redis-ops.1.gz")
                               << deployment + QStringList{QStringLiteral("--data-dir"), QStringLiteral("--version")};
    QTest::newRow("redis-ops-console") << QStringLiteral(CONSOLE_BINARY) << QStringLiteral(MAN_DIR "/redis-ops-console.1.gz")
                                       << deployment + QStringList{QStringLiteral("--lab"), QStringLiteral("--screenshot")};
}

void TestManPages::pageListsEveryHelpOption()
{
    QFETCH(QString, program);
    QFETCH(QString, page);
    QFETCH(QStringList, expected);
    QVERIFY2(QFile::exists(page), qPrintable(page + QStringLiteral(" missing: build the 'manpages' target")));
    int rc = -1;
    const QStringList inHelp = helpOptions(run(program, {QStringLiteral("--help")}, &rc));
    QCOMPARE(rc, 0);
    for (const QString &o : expected)
        QVERIFY2(inHelp.contains(o), qPrintable(o + QStringLiteral(" not in --help: ") + inHelp.join(QLatin1Char(' '))));
    QVERIFY(!inHelp.contains(QStringLiteral("--help-man"))); // hidden
    bool rendered = false;
    const QString text = renderedPage(page, &rendered);
    qInfo("%s checked in %s", qPrintable(page), rendered ? "man -l output" : "troff text (no man)");
    QVERIFY(text.contains(QStringLiteral("SYNOPSIS")));
    for (const QString &o : inHelp)
        QVERIFY2(names(text, o), qPrintable(o + QStringLiteral(" is in --help but not in the man page")));
    // And nothing but them: every option the page's source sets as a term (\fB\-\-name\fR) is one
    // --help lists.
    const QString troff = run(QStringLiteral("gzip"), {QStringLiteral("-dc"), page});
    static const QRegularExpression term(QStringLiteral("\\\\fB(\\\\-(?:\\\\-)?[a-z](?:[a-z]|\\\\-)*)\\\\fR"));
    int terms = 0;
    for (auto it = term.globalMatch(troff); it.hasNext(); ++terms) {
        const QString option = it.next().captured(1).replace(QStringLiteral("\\-"), QStringLiteral("-"));
        QVERIFY2(inHelp.contains(option), qPrintable(option + QStringLiteral(" is in the man page only")));
    }
    QVERIFY(terms >= inHelp.size());
}

QTEST_APPLESS_MAIN(TestManPages)
#include "tst_manpages.moc"
