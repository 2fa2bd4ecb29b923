// RunbookJournal: a run's rows in the operations journal read back, and where a run goes on —
// after the last step that ended well (following its branch), at the same step when it failed or
// was cut off; notes attach to their step; rows of other operations are ignored.
#include "runbooks/RunbookJournal.h"
#include "runbooks/RunbookLoader.h"

#include <QtTest>

using namespace ops;
using Status = RunbookStepState::Status;

namespace {
const char kRunbook[] = "id: t\ntitle: T\napplies_to: both\nsteps:\n"
                        "  - {id: look, title: Look, command: [INFO]}\n"
                        "  - id: fork\n    title: Fork\n    branch: {if: nodes.down > 0, then: fix, else: end}\n"
                        "  - {id: wait, title: Wait, wait: {until: nodes.down == 0, timeout: 5s}}\n"
                        "  - {id: fix, title: Fix, manual: Restart it}\n"
                        "  - {id: act, title: Act, action: {name: failover}}\n";

Runbook runbook() { return RunbookLoader::parse(kRunbook, QStringLiteral("t.yaml")).runbook.value_or(Runbook{}); }

/**
 * Rows from a compact script, one per word: "<step>:<status>[><next>]" ends an attempt,
 * "<step>:open" is an attempt cut off, "<step>:op=<id>" an action that started an operation,
 * "<step>:note" a note, "junk" a row that is not a runbook's.
 */
OperationRecord record(const Runbook &rb, const QString &script)
{
    OperationRecord r;
    r.id = QStringLiteral("op");
    int seq = 0;
    for (const QString &word : script.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        OperationStep row;
        row.operationId = r.id;
        row.seq = ++seq;
        row.plannedMs = 1000 * seq;
        if (word == QLatin1String("junk")) {
            row.commandText = QStringLiteral("127.0.0.1:7000: CLUSTER SETSLOT 5 STABLE");
            row.state = OperationStep::State::Answered;
            r.steps << row;
            continue;
        }
        const QString id = word.section(QLatin1Char(':'), 0, 0);
        const QString what = word.section(QLatin1Char(':'), 1);
        const RunbookStep *step = rb.step(id);
        if (what == QLatin1String("note")) {
            row.commandText = RunbookJournal::noteText(id, QStringLiteral("looked at it"));
            row.state = OperationStep::State::Answered;
            row.replySummary = QStringLiteral("note");
        } else {
            row.commandText = RunbookJournal::commandText(*step, QStringLiteral("x"));
            if (what == QLatin1String("open")) {
                row.state = OperationStep::State::Planned;
            } else if (what.startsWith(QLatin1String("op="))) {
                row.state = OperationStep::State::Sent;
                row.replySummary = RunbookJournal::startedSummary(what.mid(3));
            } else {
                Status status{};
                const QString name = what.section(QLatin1Char('>'), 0, 0);
                if (!RunbookStepState::statusFromName(name, &status))
                    qFatal("bad status in the script");
                row.state = status == Status::Failed ? OperationStep::State::Failed : OperationStep::State::Answered;
                row.replySummary = RunbookJournal::summary(status, what.section(QLatin1Char('>'), 1), QStringLiteral("because"));
                row.doneMs = row.plannedMs + 500;
            }
        }
        r.steps << row;
    }
    return r;
}
} // namespace

class TestRunbookJournal : public QObject
{
    Q_OBJECT
private slots:
    void replay_data();
    void replay();
    void notesAndOperations();
    void planKeepsInputs();
};

void TestRunbookJournal::replay_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("statuses"); // per step, in order
    QTest::addColumn<int>("resumeAt");
    QTest::newRow("nothing yet") << "" << "pending pending pending pending pending" << 0;
    QTest::newRow("cut off in the first step") << "look:open" << "running pending pending pending pending" << 0;
    QTest::newRow("first done") << "look:done" << "done pending pending pending pending" << 1;
    QTest::newRow("branch to fix") << "look:done fork:passed>fix" << "done passed pending pending pending" << 3;
    QTest::newRow("branch to end") << "look:done fork:passed>end" << "done passed pending pending pending" << 5;
    QTest::newRow("failed: same step again") << "look:done fork:passed>wait wait:failed" << "done passed failed pending pending" << 2;
    QTest::newRow("failed, retried, passed") << "look:done fork:passed>wait wait:failed wait:passed"
                                             << "done passed passed pending pending" << 3;
    QTest::newRow("failed then skipped") << "look:done fork:passed>wait wait:failed wait:skipped"
                                         << "done passed skipped pending pending" << 3;
    QTest::newRow("action started, cut off") << "look:done fork:passed>fix fix:done act:op=abc"
                                             << "done passed pending done running" << 4;
    QTest::newRow("all done") << "look:done fork:passed>fix fix:done act:done" << "done passed pending done done" << 5;
    QTest::newRow("rows of another kind ignored") << "junk look:done junk" << "done pending pending pending pending" << 1;
    QTest::newRow("a note is not a step's end") << "look:done fork:open fork:note" << "done running pending pending pending" << 1;
}

void TestRunbookJournal::replay()
{
    QFETCH(QString, script);
    QFETCH(QString, statuses);
    QFETCH(int, resumeAt);
    const Runbook rb = runbook();
    QCOMPARE(rb.steps.size(), 5);
    const RunbookJournal::Position p = RunbookJournal::replay(rb, record(rb, script));
    QStringList got;
    for (const RunbookStepState &s : p.steps)
        got << RunbookStepState::statusName(s.status);
    QCOMPARE(got.join(QLatin1Char(' ')), statuses);
    QCOMPARE(p.resumeAt, resumeAt);
}

void TestRunbookJournal::notesAndOperations()
{
    const Runbook rb = runbook();
    const RunbookJournal::Position p = RunbookJournal::replay(rb, record(rb, QStringLiteral("look:note look:done fix:note act:op=1234")));
    QCOMPARE(p.steps.at(0).notes.size(), 1);
    QVERIFY(p.steps.at(0).notes.first().endsWith(QLatin1String(" looked at it")));
    QCOMPARE(p.steps.at(3).notes.size(), 1);
    QCOMPARE(p.steps.at(4).operationId, QStringLiteral("1234"));
    QCOMPARE(p.steps.at(0).detail, QStringLiteral("because"));
    QCOMPARE(p.steps.at(4).detail, QStringLiteral("cut off before it ended"));
    // A note's text that looks like a summary never ends the step.
    const std::optional<RunbookJournal::Row> note = RunbookJournal::decode(record(rb, QStringLiteral("fix:note")).steps.first());
    QVERIFY(note && note->note && !note->ended);
}

void TestRunbookJournal::planKeepsInputs()
{
    const Runbook rb = runbook();
    const QJsonObject plan = RunbookJournal::plan(rb, {{QStringLiteral("node"), QStringLiteral("10.0.0.1:6379")}}, QByteArray("\x01\xff", 2));
    QCOMPARE(plan.value(QStringLiteral("runbook")).toString(), QStringLiteral("t"));
    QCOMPARE(plan.value(QStringLiteral("sha256")).toString(), QStringLiteral("01ff"));
    QCOMPARE(RunbookJournal::inputsOf(plan), (QHash<QString, QString>{{QStringLiteral("node"), QStringLiteral("10.0.0.1:6379")}}));
    QCOMPARE(plan.value(QStringLiteral("steps")).toArray().size(), 5);
}

QTEST_APPLESS_MAIN(TestRunbookJournal)
#include "tst_runbookjournal.moc"
