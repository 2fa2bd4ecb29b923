// `redis-ops reshard`, `drain`, `rebalance` and `resume` interrupted by SIGINT (an operator's
// Ctrl-C) on a real cluster lab (3 masters, 20,000 seeded keys), each throttled so the signal
// lands in the middle of the move, once the CLI's own JSON says a slot has moved:
// - the CLI stops at the next safe point: the open windows finish, no new one opens, nothing is
//   left migrating or importing on any node, the move is verified as far as it went;
// - exit 4, the "finished" line names the signal, the journal reads the operation back as
//   cancelled with the signal in its outcome and fewer slots moved than planned;
// - every seeded key is read back from its current owner, with its value;
// - `resume` of a cancelled reshard, interrupted the same way, ends the same way, and a second
//   `resume` finishes it (exit 0, succeeded, verified).
#include "CliProcess.h"
#include "ClusterData.h"
#include "LabFixture.h"
#include "history/HistoryStore.h"

#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace ops;

namespace {
const QByteArray kPrefix = "ir:";
constexpr int kKeys = 20000;
constexpr int kBytes = 64;
bool isEvent(const QJsonObject &o, const char *event) { return o.value(QStringLiteral("event")).toString() == QLatin1String(event); }
// Slow enough that the signal always lands mid-move: a few hundred keys a second, 8 slots a window.
const QStringList kThrottle{QStringLiteral("--slots-in-flight"), QStringLiteral("8"), QStringLiteral("--batch"),
                            QStringLiteral("10"), QStringLiteral("--max-keys-per-s"), QStringLiteral("400"),
                            QStringLiteral("--yes"), QStringLiteral("--json")};
} // namespace

class TestCliInterruptReshard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void interruptedBetweenWindows_data();
    void interruptedBetweenWindows();
    void resumeInterruptedThenFinished();

private:
    /** Runs redis-ops with @p args, SIGINTs it once a slot has moved; the operation id, or empty. */
    QString interrupt(const QStringList &args);
    std::optional<OperationRecord> stored(const QString &id);
    void verifyClusterWhole();

    std::unique_ptr<LocalLab> m_lab;
    QTemporaryDir m_home;
    QString m_lastCancelled;
};

void TestCliInterruptReshard::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 0);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why, 60000), qPrintable(why));
    const QString seeded = labtest::seedKeys(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(seeded.isEmpty(), qPrintable(seeded));
}

void TestCliInterruptReshard::cleanupTestCase() { m_lab.reset(); }

std::optional<OperationRecord> TestCliInterruptReshard::stored(const QString &id)
{
    HistoryStore store(m_home.filePath(QStringLiteral("data/history.sqlite")));
    if (store.open().isError())
        return std::nullopt;
    return store.operation(id);
}

void TestCliInterruptReshard::verifyClusterWhole()
{
    const QStringList open = labtest::openSlots(*m_lab);
    QVERIFY2(open.isEmpty(), qPrintable(open.join(QStringLiteral("; "))));
    const QVector<Endpoint> owners = labtest::slotOwners(*m_lab);
    QCOMPARE(owners.size(), 16384);
    QVERIFY(std::all_of(owners.cbegin(), owners.cend(), [](const Endpoint &e) { return e.isValid(); }));
    const labtest::ReadBack rb = labtest::readBack(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(rb.present == kKeys && rb.missing == 0 && rb.wrong == 0, qPrintable(rb.toString()));
}

QString TestCliInterruptReshard::interrupt(const QStringList &args)
{
    CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), m_home.path(), args);
    const bool moving = QTest::qWaitFor([&cli] {
        // reshard/drain/rebalance report progress; resume (no progress lines) journals each closed window.
        return cli.sawLine([](const QJsonObject &l) {
            return (isEvent(l, "progress") && l.value(QStringLiteral("slotsDone")).toInt() > 0)
                || (isEvent(l, "step") && l.value(QStringLiteral("state")).toString() == QLatin1String("answered")
                    && l.value(QStringLiteral("command")).toString().startsWith(QStringLiteral("CLUSTER SETSLOT <slot> NODE")));
        });
    }, 60000);
    if (moving)
        ::kill(pid_t(cli.process().processId()), SIGINT);
    [&] { QVERIFY2(moving, (cli.out().right(3000) + cli.err()).constData()); }();
    if (!moving)
        return {};
    const bool ended = cli.finished(60000);
    [&] {
        QVERIFY2(ended, cli.out().right(3000).constData());
        QCOMPARE(cli.process().exitStatus(), QProcess::NormalExit);
        QVERIFY2(cli.process().exitCode() == 4, (cli.out().right(3000) + cli.err()).constData());
    }();
    QString operation;
    bool safePoint = false;
    QJsonObject finished;
    for (const QJsonObject &o : cli.lines()) {
        if (isEvent(o, "started"))
            operation = o.value(QStringLiteral("operation")).toString();
        safePoint = safePoint || (isEvent(o, "phase") && o.value(QStringLiteral("text")).toString().contains(QStringLiteral("next safe point")));
        if (isEvent(o, "finished"))
            finished = o;
    }
    [&] {
        QVERIFY2(safePoint, cli.out().right(3000).constData());
        QCOMPARE(finished.value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(finished.value(QStringLiteral("interrupted")).toString(), QStringLiteral("interrupted by SIGINT (Ctrl-C)"));
    }();
    return QTest::currentTestFailed() ? QString() : operation;
}

void TestCliInterruptReshard::interruptedBetweenWindows_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("reshard") << QStringLiteral("reshard");
    QTest::newRow("drain") << QStringLiteral("drain");
    QTest::newRow("rebalance") << QStringLiteral("rebalance");
}

void TestCliInterruptReshard::interruptedBetweenWindows()
{
    QFETCH(QString, command);
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    QCOMPARE(masters.size(), 3);
    QStringList args{command};
    if (command == QLatin1String("reshard"))
        args << QStringLiteral("--from") << masters[2].toString() << QStringLiteral("--to") << masters[0].toString()
             << QStringLiteral("--slots") << QStringLiteral("3000");
    else if (command == QLatin1String("drain"))
        args << masters[1].toString() << QStringLiteral("--to") << masters[0].toString();
    else // the first master, grown by the rows before, is emptied
        args << QStringLiteral("--weight") << masters[0].toString() + QStringLiteral("=0");
    args << QStringLiteral("--cluster") << masters[0].toString() << kThrottle;

    const QString operation = interrupt(args);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!operation.isEmpty());
    const std::optional<OperationRecord> op = stored(operation);
    QVERIFY(op.has_value());
    QCOMPARE(op->state, OperationRecord::State::Cancelled);
    QVERIFY2(op->outcome.startsWith(QStringLiteral("interrupted by SIGINT (Ctrl-C) after ")), qPrintable(op->outcome));
    const int moved = op->details.value(QStringLiteral("slotsMoved")).toInt();
    QVERIFY2(moved > 0 && !op->outcome.contains(QStringLiteral("NOT verified")), qPrintable(op->outcome));
    qInfo().noquote() << command << "stopped:" << op->outcome;
    verifyClusterWhole();
    m_lastCancelled = operation;
}

void TestCliInterruptReshard::resumeInterruptedThenFinished()
{
    QVERIFY(!m_lastCancelled.isEmpty());
    // The throttle is the journaled plan's: resume takes no tuning options.
    const QString resumed = interrupt({QStringLiteral("resume"), m_lastCancelled.left(8), QStringLiteral("--yes"), QStringLiteral("--json")});
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(resumed, m_lastCancelled); // the same operation goes on
    std::optional<OperationRecord> op = stored(m_lastCancelled);
    QVERIFY(op.has_value());
    QCOMPARE(op->state, OperationRecord::State::Cancelled);
    QVERIFY2(op->outcome.startsWith(QStringLiteral("interrupted by SIGINT (Ctrl-C) after ")), qPrintable(op->outcome));
    verifyClusterWhole();

    CliProcess finish(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                      {QStringLiteral("resume"), m_lastCancelled.left(8), QStringLiteral("--yes"), QStringLiteral("--json")});
    QVERIFY(finish.finished(180000));
    QVERIFY2(finish.process().exitCode() == 0, (finish.out().right(3000) + finish.err()).constData());
    op = stored(m_lastCancelled);
    QVERIFY(op.has_value());
    QCOMPARE(op->state, OperationRecord::State::Succeeded);
    verifyClusterWhole();
}

QTEST_MAIN(TestCliInterruptReshard)
#include "tst_cli_interrupt_reshard.moc"
