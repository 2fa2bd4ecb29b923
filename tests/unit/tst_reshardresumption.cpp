// What the CLI's `resume` and the console's resume share (ReshardResumption) and the console's
// resume preview (ReshardResumePreview): which journaled operations are candidates, the refusals
// before any survey, the survey's seeds, and what the preview shows and asks to type.
#include "reshard/ReshardResumePreview.h"
#include "reshard/ReshardResumption.h"

#include <QTest>

using namespace ops;

namespace {
Endpoint at(quint16 port) { return Endpoint{QStringLiteral("127.0.0.1"), port}; }

OperationRecord op(const QString &id, const QString &kind, OperationRecord::State state, const QString &deployment = QStringLiteral("cluster:aaa"))
{
    OperationRecord r;
    r.id = id;
    r.kind = kind;
    r.state = state;
    r.deploymentId = deployment;
    r.target = QStringLiteral("127.0.0.1:7001");
    r.mode = QStringLiteral("move");
    return r;
}
} // namespace

class TestReshardResumption : public QObject
{
    Q_OBJECT
private slots:
    void candidates();
    void refusals();
    void seedsPlanMastersAfterTheGivenOnes();
    void previewSaysWhatIsLeft();
};

void TestReshardResumption::candidates()
{
    using S = OperationRecord::State;
    const QList<OperationRecord> all{op(QStringLiteral("a1"), QStringLiteral("cluster-reshard"), S::Running),
                                     op(QStringLiteral("a2"), QStringLiteral("cluster-failover"), S::Running),
                                     op(QStringLiteral("b1"), QStringLiteral("cluster-reshard"), S::Failed),
                                     op(QStringLiteral("b2"), QStringLiteral("cluster-reshard"), S::Succeeded),
                                     op(QStringLiteral("c1"), QStringLiteral("cluster-reshard"), S::Planned)};
    QStringList ids;
    for (const OperationRecord &o : ReshardResumption::candidates(all, {}))
        ids << o.id;
    QCOMPARE(ids, (QStringList{QStringLiteral("a1"), QStringLiteral("c1")})); // unfinished reshards only
    ids.clear();
    for (const OperationRecord &o : ReshardResumption::candidates(all, QStringLiteral("b")))
        ids << o.id;
    QCOMPARE(ids, QStringList{QStringLiteral("b1")}); // named: a failed one too, never a succeeded one
}

void TestReshardResumption::refusals()
{
    using S = OperationRecord::State;
    QVERIFY(ReshardResumption::refusal(op(QStringLiteral("x"), QStringLiteral("cluster-reshard"), S::Running), QStringLiteral("cluster:aaa")).isEmpty());
    QVERIFY(ReshardResumption::refusal(op(QStringLiteral("x"), QStringLiteral("cluster-failover"), S::Running), QStringLiteral("cluster:aaa"))
                .contains(QStringLiteral("not a reshard")));
    QVERIFY(ReshardResumption::refusal(op(QStringLiteral("x"), QStringLiteral("cluster-reshard"), S::Succeeded), QStringLiteral("cluster:aaa"))
                .contains(QStringLiteral("succeeded already")));
    const QString other = ReshardResumption::refusal(op(QStringLiteral("x"), QStringLiteral("cluster-reshard"), S::Running),
                                                     QStringLiteral("cluster:bbb"));
    QVERIFY2(other.contains(QStringLiteral("belongs to deployment cluster:aaa, not to cluster:bbb")), qPrintable(other));
    OperationRecord broken = op(QStringLiteral("x"), QStringLiteral("cluster-reshard"), S::Running);
    QString why;
    QVERIFY(!ReshardResumption::originalPlan(broken, &why));
    QVERIFY2(why.contains(QStringLiteral("cannot be read")), qPrintable(why));
}

void TestReshardResumption::seedsPlanMastersAfterTheGivenOnes()
{
    ReshardPlan plan;
    plan.masters = {ReshardNode{QByteArray(40, 'a'), at(7000)}, ReshardNode{QByteArray(40, 'b'), at(7001)}};
    QCOMPARE(ReshardResumption::seeds(plan, {at(7001), at(7005)}), (QList<Endpoint>{at(7001), at(7005), at(7000)}));
    QCOMPARE(ReshardResumption::seeds(plan), (QList<Endpoint>{at(7000), at(7001)}));
}

void TestReshardResumption::previewSaysWhatIsLeft()
{
    ReshardPlan rest;
    rest.deploymentId = QStringLiteral("cluster:aaa");
    const ReshardNode a{QByteArray(40, 'a'), at(7000)};
    const ReshardNode b{QByteArray(40, 'b'), at(7001)};
    rest.masters = {a, b};
    rest.pairs = {SlotMovePair{a, b, {10, 11, 12}, 30, {9}}};
    rest.alreadyMoved = {{0, b.id}, {1, b.id}};
    rest.checks << makePreCheck(QStringLiteral("resume"), QStringLiteral("What is left"), PreCheck::Status::Pass, QStringLiteral("ok"));
    const OperationRecord record = op(QStringLiteral("0123456789abcdef"), QStringLiteral("cluster-reshard"), OperationRecord::State::Running);
    const ActionPreview p = ReshardResumePreview::build(record, rest, {9, 10}, 1000);
    QCOMPARE(p.kind, QStringLiteral("cluster-reshard"));
    QCOMPARE(p.mode, QStringLiteral("resume"));
    QCOMPARE(p.confirmText, QStringLiteral("01234567"));
    QVERIFY2(p.title.contains(QStringLiteral("3 slot(s) to move again, 1 only to close, 2 done")), qPrintable(p.title));
    const QString text = p.plan.join(QLatin1Char('\n'));
    QVERIFY2(text.contains(QStringLiteral("only to close (keys on the target, SETSLOT NODE left): 1 slot(s): 9")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("to move again (still the source's; open ones are reopened): 3 slot(s): 10-12")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("open now (MIGRATING / IMPORTING left by the interrupted run): 2 slot(s): 9-10")), qPrintable(text));
    QVERIFY(!p.warnings.isEmpty()); // it was still "running" in the journal: not if another program runs it
}

QTEST_APPLESS_MAIN(TestReshardResumption)
#include "tst_reshardresumption.moc"
