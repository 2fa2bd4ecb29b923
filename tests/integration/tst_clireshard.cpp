// `redis-ops reshard` and `redis-ops resume` as an operator runs them, on a real cluster lab
// (3 masters, 1 replica each), with a cluster client writing into the very slots that move
// (following MOVED and ASK with ASKING) and recording every acknowledged write:
// - a reshard loses no acknowledged write and the writer sees no error but redirects;
// - the CLI is SIGKILLed in the middle of a reshard: the journal keeps the operation unfinished,
//   the next reshard warns about it and refuses the open slots, `resume` finishes it as the same
//   operation (exit 0, verified), and every seeded key and every acknowledged write is there.
#include "CliProcess.h"
#include "ClusterData.h"
#include "ClusterWriter.h"
#include "LabFixture.h"
#include "history/HistoryStore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace ops;

namespace {
const QByteArray kPrefix = "ck:";
constexpr int kKeys = 20000;
constexpr int kBytes = 100;
} // namespace

class TestCliReshard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void writerLosesNothingDuringReshard();
    void killedReshardIsResumed();

private:
    QStringList clusterArgs() const;
    ClusterWriter::Report stopAndVerify(ClusterWriter &writer);
    std::optional<OperationRecord> stored(const QString &id);

    std::unique_ptr<LocalLab> m_lab;
    QTemporaryDir m_home;
};

void TestCliReshard::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 1);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why, 60000), qPrintable(why));
    const QString seeded = labtest::seedKeys(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(seeded.isEmpty(), qPrintable(seeded));
}

void TestCliReshard::cleanupTestCase() { m_lab.reset(); }

QStringList TestCliReshard::clusterArgs() const
{
    return {QStringLiteral("--cluster"), labtest::mastersBySlot(*m_lab).value(0).toString()};
}

ClusterWriter::Report TestCliReshard::stopAndVerify(ClusterWriter &writer)
{
    QSignalSpy stopped(&writer, &ClusterWriter::stopped);
    QSignalSpy finished(&writer, &ClusterWriter::finished);
    writer.stop();
    if (!writer.isStopped() && !stopped.wait(30000))
        return {};
    writer.verify();
    if (!finished.wait(60000))
        return {};
    return writer.report();
}

std::optional<OperationRecord> TestCliReshard::stored(const QString &id)
{
    HistoryStore store(m_home.filePath(QStringLiteral("data/history.sqlite")));
    if (store.open().isError())
        return std::nullopt;
    return store.operation(id);
}

void TestCliReshard::writerLosesNothingDuringReshard()
{
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    ClusterWriter::Options o;
    o.connection = m_lab->topology().connectionOptions(masters[0]);
    o.prefix = "w1:";
    o.inFlight = 8;
    o.slotRanges = {{0, 2999}};
    ClusterWriter writer(o);
    QSignalSpy started(&writer, &ClusterWriter::started);
    writer.start();
    QVERIFY(started.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(writer.report().acknowledged > 200, 10000);

    CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                   QStringList{QStringLiteral("reshard")} + clusterArgs()
                       + QStringList{QStringLiteral("--from"), masters[0].toString(), QStringLiteral("--to"),
                                     masters[1].toString(), QStringLiteral("--range"), QStringLiteral("0-2999"),
                                     QStringLiteral("--slots-in-flight"), QStringLiteral("16"), QStringLiteral("--yes"),
                                     QStringLiteral("--json")});
    QVERIFY2(cli.finished(120000), cli.err().constData());
    const qint64 ackedAtEnd = writer.report().acknowledged;
    QVERIFY2(cli.process().exitCode() == 0, cli.err().constData());
    QVERIFY(std::any_of(cli.lines().cbegin(), cli.lines().cend(), [](const QJsonObject &l) {
        return l.value(QStringLiteral("event")) == QLatin1String("finished")
            && l.value(QStringLiteral("state")) == QLatin1String("succeeded");
    }));
    const ClusterWriter::Report r = stopAndVerify(writer);
    QVERIFY2(r.acknowledged > ackedAtEnd / 2 && r.checked == r.acknowledged, qPrintable(r.toString()));
    QVERIFY2(r.missing == 0 && r.wrongValue == 0 && r.errors == 0 && r.readErrors == 0, qPrintable(r.toString()));
    QVERIFY2(r.ask + r.moved > 0, qPrintable(r.toString())); // it did write into the moving slots
    qInfo().noquote() << "writer during the reshard:" << r.toString();
    const labtest::ReadBack rb = labtest::readBack(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(rb.present == kKeys, qPrintable(rb.toString()));
}

void TestCliReshard::killedReshardIsResumed()
{
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    ClusterWriter::Options o;
    o.connection = m_lab->topology().connectionOptions(masters[2]);
    o.prefix = "w2:";
    o.inFlight = 8;
    o.slotRanges = {{10923, 16383}};
    ClusterWriter writer(o);
    QSignalSpy started(&writer, &ClusterWriter::started);
    writer.start();
    QVERIFY(started.wait(10000));

    QString operation;
    {
        CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                       QStringList{QStringLiteral("reshard")} + clusterArgs()
                           + QStringList{QStringLiteral("--from"), masters[2].toString(), QStringLiteral("--to"),
                                         masters[0].toString(), QStringLiteral("--slots"), QStringLiteral("3000"),
                                         QStringLiteral("--slots-in-flight"), QStringLiteral("8"), QStringLiteral("--batch"),
                                         QStringLiteral("10"), QStringLiteral("--max-keys-per-s"), QStringLiteral("2500"),
                                         QStringLiteral("--yes"), QStringLiteral("--json")});
        const bool progressed = QTest::qWaitFor([&cli] {
            return cli.sawLine([](const QJsonObject &l) {
                return l.value(QStringLiteral("event")) == QLatin1String("progress")
                    && l.value(QStringLiteral("slotsDone")).toInt() > 0;
            });
        }, 60000);
        QVERIFY2(progressed, (cli.out().right(3000) + cli.err()).constData());
        operation = cli.lastMatch().value(QStringLiteral("operationId")).toString();
        QVERIFY(!operation.isEmpty());
        ::kill(qint64(cli.process().processId()), SIGKILL);
        QVERIFY(cli.finished(10000));
        QCOMPARE(cli.process().exitStatus(), QProcess::CrashExit);
    }
    std::optional<OperationRecord> op = stored(operation);
    QVERIFY(op.has_value());
    QVERIFY2(!op->isFinished(), qPrintable(OperationRecord::stateName(op->state)));
    const int stepsBefore = int(op->steps.size());
    QVERIFY(stepsBefore > 0);

    // The next reshard of this cluster sees it: a warning that names the resume command.
    CliProcess another(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                       QStringList{QStringLiteral("reshard")} + clusterArgs()
                           + QStringList{QStringLiteral("--from"), masters[1].toString(), QStringLiteral("--to"),
                                         masters[0].toString(), QStringLiteral("--slots"), QStringLiteral("5"),
                                         QStringLiteral("--dry-run")});
    QVERIFY(another.finished(60000));
    QVERIFY2(another.err().contains("redis-ops resume " + operation.toUtf8()), another.err().constData());

    CliProcess resume(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                      {QStringLiteral("resume"), operation.left(8), QStringLiteral("--yes"), QStringLiteral("--json")});
    QVERIFY2(resume.finished(120000), resume.err().constData());
    QVERIFY2(resume.process().exitCode() == 0, (resume.out().right(2000) + resume.err()).constData());
    op = stored(operation);
    QVERIFY(op.has_value());
    QCOMPARE(op->state, OperationRecord::State::Succeeded);
    QVERIFY(op->steps.size() > stepsBefore);
    QCOMPARE(op->details.value(QStringLiteral("slotsMoved")).toInt(), 3000);
    QCOMPARE(op->details.value(QStringLiteral("resumed")).toBool(), true);
    const QStringList open = labtest::openSlots(*m_lab);
    QVERIFY2(open.isEmpty(), qPrintable(open.join(QStringLiteral("; "))));

    const ClusterWriter::Report r = stopAndVerify(writer);
    QVERIFY2(r.missing == 0 && r.wrongValue == 0 && r.errors == 0 && r.readErrors == 0 && r.acknowledged > 0,
             qPrintable(r.toString()));
    qInfo().noquote() << "writer across the kill and the resume:" << r.toString();
    const labtest::ReadBack rb = labtest::readBack(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(rb.present == kKeys, qPrintable(rb.toString()));
}

QTEST_MAIN(TestCliReshard)
#include "tst_clireshard.moc"
