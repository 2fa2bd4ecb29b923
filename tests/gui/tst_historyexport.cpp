// The History page's CSV and JSON exports with hostile server text (a sentinel message, a node id,
// an address, details): every cell reads back as written, a cell a spreadsheet would run as a
// formula ("=HYPERLINK(…)", "+cmd", "-1+1", "@SUM") starts with an apostrophe in the CSV only,
// line breaks and quotes stay inside their cell, and the JSON keeps the exact text.
#include "history/HistoryExporter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

namespace {

/** RFC 4180 records of @p text: quoted cells may hold commas, quotes ("") and line breaks. */
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString cell;
    bool inQuotes = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                cell += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                inQuotes = false;
            } else {
                cell += c;
            }
        } else if (c == QLatin1Char('"')) {
            inQuotes = true;
        } else if (c == QLatin1Char(',')) {
            row << cell;
            cell.clear();
        } else if (c == QLatin1Char('\n')) {
            rows << (row << cell);
            row.clear();
            cell.clear();
        } else {
            cell += c;
        }
    }
    if (!cell.isEmpty() || !row.isEmpty())
        rows << (row << cell);
    return rows;
}

} // namespace

class TestHistoryExport : public QObject
{
    Q_OBJECT
private slots:
    void hostileCellsReadBackAsWritten_data();
    void hostileCellsReadBackAsWritten();
};

void TestHistoryExport::hostileCellsReadBackAsWritten_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("inCsv"); // what the CSV cell holds
    QTest::newRow("plain") << QStringLiteral("127.0.0.1:7000 is down") << QStringLiteral("127.0.0.1:7000 is down");
    QTest::newRow("formula") << QStringLiteral("=HYPERLINK(\"https://evil.invalid\",\"open\")")
                             << QStringLiteral("'=HYPERLINK(\"https://evil.invalid\",\"open\")");
    QTest::newRow("plus") << QStringLiteral("+cmd|' /C calc'!A0") << QStringLiteral("'+cmd|' /C calc'!A0");
    QTest::newRow("minus") << QStringLiteral("-1+1") << QStringLiteral("'-1+1");
    QTest::newRow("at") << QStringLiteral("@SUM(1,2)") << QStringLiteral("'@SUM(1,2)");
    QTest::newRow("leading tab") << QStringLiteral("\t=1") << QStringLiteral("'\t=1");
    QTest::newRow("CR LF and a fake row") << QStringLiteral("a\r\n\"9\",\"fake\"") << QStringLiteral("a\r\n\"9\",\"fake\"");
    QTest::newRow("markup and ANSI") << QStringLiteral("<b>x</b> \x1b[31mred") << QStringLiteral("<b>x</b> \x1b[31mred");
    QTest::newRow("a formula later in the text") << QStringLiteral("node =1") << QStringLiteral("node =1");
}

void TestHistoryExport::hostileCellsReadBackAsWritten()
{
    QFETCH(QString, text);
    QFETCH(QString, inCsv);
    OpsEvent e;
    e.id = 7;
    e.timestampMs = 1'700'000'000'000;
    e.deploymentId = QStringLiteral("cluster:") + text;
    e.kind = OpsEvent::Kind::Sentinel;
    e.sentinelType = QStringLiteral("+sdown");
    e.nodeId = text;
    e.endpoint = text;
    e.message = text;
    e.details.insert(QStringLiteral("note"), text);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString csvPath = dir.filePath(QStringLiteral("h.csv")), jsonPath = dir.filePath(QStringLiteral("h.json"));
    QString error;
    QVERIFY2(HistoryExporter::writeCsv(csvPath, {e}, &error), qPrintable(error));
    QVERIFY2(HistoryExporter::writeJson(jsonPath, {e}, &error), qPrintable(error));

    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(csv.readAll()));
    QCOMPARE(rows.size(), 2); // the header and the one event: no line break made a row
    const QStringList header = rows.at(0);
    const QStringList row = rows.at(1);
    QCOMPARE(row.size(), header.size());
    QCOMPARE(row.at(header.indexOf(QStringLiteral("message"))), inCsv);
    QCOMPARE(row.at(header.indexOf(QStringLiteral("node"))), inCsv);
    QCOMPARE(row.at(header.indexOf(QStringLiteral("endpoint"))), inCsv);
    QCOMPARE(row.at(header.indexOf(QStringLiteral("deployment"))), QStringLiteral("cluster:") + text); // starts with a letter
    const QJsonObject details = QJsonDocument::fromJson(row.at(header.indexOf(QStringLiteral("details"))).toUtf8()).object();
    QCOMPARE(details.value(QStringLiteral("note")).toString(), text); // JSON in a cell starts with '{'

    QFile json(jsonPath);
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonObject back = QJsonDocument::fromJson(json.readAll()).array().first().toObject();
    QCOMPARE(back.value(QStringLiteral("message")).toString(), text);
    QCOMPARE(back.value(QStringLiteral("endpoint")).toString(), text);
}

QTEST_GUILESS_MAIN(TestHistoryExport)
#include "tst_historyexport.moc"
