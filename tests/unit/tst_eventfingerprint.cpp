// EventFingerprint: what makes two consoles' observations one event. Data-driven pairs: the
// same change seen by two consoles (times, messages and measured values differ) must have one
// fingerprint; a different change of the same kind must not.
#include "history/EventFingerprint.h"

#include <QJsonArray>
#include <QtTest>

using namespace ops;


namespace {

OpsEvent opsEvent(OpsEvent::Kind kind, const QString &node, const QJsonObject &details, const QString &message = {},
               const QString &sentinelType = {})
{
    OpsEvent e;
    e.kind = kind;
    e.sentinelType = sentinelType;
    e.nodeId = node;
    e.details = details;
    e.message = message;
    e.timestampMs = 1700000000000;
    e.deploymentId = QStringLiteral("sentinel:mymaster/a11111111111");
    return e;
}

OpsEvent switchMaster(const QString &sentinel, const QString &payload)
{
    return opsEvent(OpsEvent::Kind::Sentinel, QStringLiteral("10.0.0.2:6379"),
                 {{QStringLiteral("sentinel"), sentinel}, {QStringLiteral("payload"), payload}},
                 QStringLiteral("+switch-master ") + payload, QStringLiteral("+switch-master"));
}

} // namespace

class TestEventFingerprint : public QObject
{
    Q_OBJECT

private slots:
    void pairs_data();
    void pairs();
    void operatorEventsAreNeverMerged();
    void kindAndNodeAlwaysCount();
};

void TestEventFingerprint::pairs_data()
{
    QTest::addColumn<OpsEvent>("a");
    QTest::addColumn<OpsEvent>("b");
    QTest::addColumn<bool>("same");

    const QString s1 = QStringLiteral("10.0.0.11:26379");
    const QString toB = QStringLiteral("mymaster 10.0.0.1 6379 10.0.0.2 6379");
    QTest::newRow("+switch-master from one sentinel, two consoles") << switchMaster(s1, toB) << switchMaster(s1, toB) << true;
    QTest::newRow("+switch-master to another master")
        << switchMaster(s1, toB) << switchMaster(s1, QStringLiteral("mymaster 10.0.0.1 6379 10.0.0.3 6379")) << false;
    QTest::newRow("+switch-master published by another sentinel")
        << switchMaster(s1, toB) << switchMaster(QStringLiteral("10.0.0.12:26379"), toB) << false;
    OpsEvent epoch7 = opsEvent(OpsEvent::Kind::Sentinel, {}, {{QStringLiteral("sentinel"), s1},
                                                           {QStringLiteral("payload"), QStringLiteral("7")}},
                            {}, QStringLiteral("+new-epoch"));
    OpsEvent epoch8 = epoch7;
    epoch8.details[QStringLiteral("payload")] = QStringLiteral("8");
    QTest::newRow("+new-epoch, another epoch") << epoch7 << epoch8 << false;
    OpsEvent sdown = epoch7;
    sdown.sentinelType = QStringLiteral("+sdown");
    QTest::newRow("another Sentinel event type, same payload") << epoch7 << sdown << false;

    // Poll-derived: messages and measured values differ between consoles.
    const QJsonObject promotedDetails{{QStringLiteral("newMaster"), QStringLiteral("b")},
                                      {QStringLiteral("oldMaster"), QStringLiteral("a")},
                                      {QStringLiteral("configEpoch"), 9}};
    OpsEvent promoted = opsEvent(OpsEvent::Kind::Promoted, QStringLiteral("b"), promotedDetails, QStringLiteral("b promoted"));
    OpsEvent promotedLater = promoted;
    promotedLater.timestampMs += 1700;
    promotedLater.message = QStringLiteral("b is now a master (seen 1.7 s later)");
    promotedLater.details[QStringLiteral("lagBytes")] = 4096;
    QTest::newRow("promoted: seen by two consoles") << promoted << promotedLater << true;
    OpsEvent promotedAgain = promoted;
    promotedAgain.details[QStringLiteral("configEpoch")] = 10;
    QTest::newRow("promoted: another config epoch (another failover)") << promoted << promotedAgain << false;
    OpsEvent otherNode = promoted;
    otherNode.nodeId = QStringLiteral("c");
    QTest::newRow("promoted: another node") << promoted << otherNode << false;

    const OpsEvent moved = opsEvent(OpsEvent::Kind::SlotOwnerChanged, {},
                                 {{QStringLiteral("slots"), QStringLiteral("0-99")},
                                  {QStringLiteral("from"), QStringLiteral("a")},
                                  {QStringLiteral("to"), QStringLiteral("b")},
                                  {QStringLiteral("count"), 100}});
    OpsEvent movedBack = moved;
    movedBack.details[QStringLiteral("from")] = QStringLiteral("b");
    movedBack.details[QStringLiteral("to")] = QStringLiteral("a");
    QTest::newRow("slots moved, and moved back") << moved << movedBack << false;

    const OpsEvent alert = opsEvent(OpsEvent::Kind::HealthAlert, QStringLiteral("a"),
                                 {{QStringLiteral("rule"), QStringLiteral("replication.lag")},
                                  {QStringLiteral("nodes"), QJsonArray{QStringLiteral("a")}},
                                  {QStringLiteral("severity"), QStringLiteral("warning")},
                                  {QStringLiteral("evidence"), QJsonObject{{QStringLiteral("lag"), 12}}}});
    OpsEvent alertOther = alert;
    alertOther.details[QStringLiteral("evidence")] = QJsonObject{{QStringLiteral("lag"), 14}};
    QTest::newRow("health alert, other evidence measured") << alert << alertOther << true;
    OpsEvent alertEscalated = alert;
    alertEscalated.details[QStringLiteral("severity")] = QStringLiteral("critical");
    QTest::newRow("health alert, another severity") << alert << alertEscalated << false;
    OpsEvent cleared = alert;
    cleared.kind = OpsEvent::Kind::HealthAlertCleared;
    cleared.details[QStringLiteral("durationMs")] = 5000;
    OpsEvent clearedOther = cleared;
    clearedOther.details[QStringLiteral("durationMs")] = 6200;
    clearedOther.details[QStringLiteral("severity")] = QStringLiteral("critical");
    QTest::newRow("alert cleared, durations differ") << cleared << clearedOther << true;

    const OpsEvent stale = opsEvent(OpsEvent::Kind::NodeStale, QStringLiteral("a"), {}, QStringLiteral("a stale for 3 s"));
    OpsEvent staleLater = stale;
    staleLater.message = QStringLiteral("a stale for 4 s");
    QTest::newRow("node stale, messages differ") << stale << staleLater << true;

    OpsEvent state = opsEvent(OpsEvent::Kind::ClusterStateChanged, {},
                           {{QStringLiteral("from"), QStringLiteral("ok")}, {QStringLiteral("to"), QStringLiteral("fail")}});
    OpsEvent stateBack = state;
    stateBack.details = {{QStringLiteral("from"), QStringLiteral("fail")}, {QStringLiteral("to"), QStringLiteral("ok")}};
    QTest::newRow("cluster state fail vs ok") << state << stateBack << false;
}

void TestEventFingerprint::pairs()
{
    QFETCH(OpsEvent, a);
    QFETCH(OpsEvent, b);
    QFETCH(bool, same);
    const QString fa = EventFingerprint::of(a);
    const QString fb = EventFingerprint::of(b);
    QVERIFY(!fa.isEmpty());
    QCOMPARE(fa.size(), 40); // SHA-1, hex
    QVERIFY2((fa == fb) == same,
             qPrintable(EventFingerprint::essentials(a) + QStringLiteral(" vs ") + EventFingerprint::essentials(b)));
}

void TestEventFingerprint::operatorEventsAreNeverMerged()
{
    const OpsEvent note = opsEvent(OpsEvent::Kind::Operator, {}, {}, QStringLiteral("failover requested"));
    QVERIFY(EventFingerprint::of(note).isEmpty());
    QVERIFY(EventFingerprint::essentials(note).isEmpty());
}

void TestEventFingerprint::kindAndNodeAlwaysCount()
{
    const OpsEvent added = opsEvent(OpsEvent::Kind::NodeAdded, QStringLiteral("a"), {});
    OpsEvent removed = added;
    removed.kind = OpsEvent::Kind::NodeRemoved;
    QVERIFY(EventFingerprint::of(added) != EventFingerprint::of(removed));
    QCOMPARE(EventFingerprint::essentials(added), QStringLiteral("node-added|a"));
}

QTEST_APPLESS_MAIN(TestEventFingerprint)
#include "tst_eventfingerprint.moc"
