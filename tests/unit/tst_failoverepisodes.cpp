// Unit tests of groupFailoverEpisodes() and HistoryTableModel. Sentinel rows are real Redis 7.0.15
// pub/sub lines (tests/fixtures/redis-7.0/sentinel-events-7.0.tsv), turned into OpsEvents the way
// Monitor::onSentinelEvent does, with the three Sentinels' streams interleaved as the console
// receives them; cluster rows are the TopologyDiff events of a `kill -9` of a master.
#include "discovery/SentinelEvent.h"
#include "viewmodels/FailoverEpisodes.h"
#include "viewmodels/HistoryTableModel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QtTest>

using namespace ops;

namespace {

const QString kCluster = QStringLiteral("cluster:0a1b");
const QString kSentinel = QStringLiteral("mymaster@127.0.0.1:26379");

/**
 * One event per line: `<ms> <S1|S2|S3> <channel> <payload>` for a Sentinel event (the label picks
 * the reporting Sentinel), `<ms> C <kind> <node-id> <host:port> [details JSON]` for a cluster event.
 */
OpsEvents script(const QString &deploymentId, const char *text)
{
    OpsEvents out;
    const QStringList lines = QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty())
            continue;
        const QStringList f = line.split(QLatin1Char(' '));
        OpsEvent e;
        e.id = 0;
        e.deploymentId = deploymentId;
        e.timestampMs = 1'700'000'000'000 + f.value(0).toLongLong();
        if (f.value(1) == QLatin1String("C")) {
            if (!OpsEvent::kindFromName(f.value(2), &e.kind))
                qFatal("bad kind in script");
            e.nodeId = f.value(3);
            e.endpoint = f.value(4);
            const qsizetype json = line.indexOf(QLatin1Char('{'));
            if (json >= 0)
                e.details = QJsonDocument::fromJson(line.mid(json).toUtf8()).object();
            e.severity = OpsEvent::Severity::Warning;
            e.message = line.mid(line.indexOf(f.value(2)));
        } else {
            const QByteArray channel = f.value(2).toUtf8();
            const QByteArray payload = QStringList(f.mid(3)).join(QLatin1Char(' ')).toUtf8();
            const Parsed<SentinelEvent> parsed = parseSentinelEvent(channel, payload);
            if (!parsed)
                qFatal("unparsable sentinel line: %s", qPrintable(line));
            const SentinelEvent &s = parsed.value();
            // Same mapping as Monitor::onSentinelEvent.
            e.kind = OpsEvent::Kind::Sentinel;
            e.sentinelType = QString::fromLatin1(s.type);
            e.source = OpsEvent::Source::Sentinel;
            QString host = s.host;
            quint16 port = s.port;
            if (s.type == "+switch-master") {
                host = s.newHost;
                port = s.newPort;
            }
            if (!host.isEmpty() && port != 0)
                e.nodeId = e.endpoint = QStringLiteral("%1:%2").arg(host).arg(port);
            e.message = QString::fromUtf8(channel + ' ' + payload);
            e.details.insert(QStringLiteral("sentinel"), QStringLiteral("127.0.0.1:2637%1").arg(f.value(1).mid(1)));
            e.details.insert(QStringLiteral("payload"), QString::fromUtf8(payload));
            if (!s.instanceType.isEmpty())
                e.details.insert(QStringLiteral("instanceType"), QString::fromLatin1(s.instanceType));
            if (!s.masterName.isEmpty())
                e.details.insert(QStringLiteral("masterName"), QString::fromUtf8(s.masterName));
            if (s.type == "+switch-master") {
                e.details.insert(QStringLiteral("oldMaster"), QStringLiteral("%1:%2").arg(s.oldHost).arg(s.oldPort));
                e.details.insert(QStringLiteral("newMaster"), QStringLiteral("%1:%2").arg(s.newHost).arg(s.newPort));
            }
            if (s.epoch > 0)
                e.details.insert(QStringLiteral("epoch"), qint64(s.epoch));
        }
        out.append(e);
    }
    return out;
}

// kill -9 of master A (7000); its replica D (7003) wins the election; A restarted a minute later.
const char *kClusterKill = R"(
    1000 C pfail-set aaaa 127.0.0.1:7000
    3000 C fail-set aaaa 127.0.0.1:7000
    3900 C promoted dddd 127.0.0.1:7003 {"oldMaster":"aaaa","oldMasterAddress":"127.0.0.1:7000","newMaster":"dddd","newMasterAddress":"127.0.0.1:7003","configEpoch":7}
    3900 C config-epoch-changed dddd 127.0.0.1:7003 {"oldEpoch":4,"newEpoch":7}
    61000 C fail-cleared aaaa 127.0.0.1:7000
    61000 C demoted aaaa 127.0.0.1:7000 {"oldMaster":"aaaa","oldMasterAddress":"127.0.0.1:7000","newMaster":"dddd","newMasterAddress":"127.0.0.1:7003"}
)";

// The second failover of the capture (kill -STOP of master 46593), S1 the leader; S2 and S3 vote
// and report +switch-master once they learn the new configuration.
const char *kSentinelFailover = R"(
    1000 S1 +sdown master mymaster 127.0.0.1 46593
    1050 S2 +sdown master mymaster 127.0.0.1 46593
    1080 S3 +sdown master mymaster 127.0.0.1 46593
    1100 S1 +odown master mymaster 127.0.0.1 46593 #quorum 2/2
    1101 S1 +new-epoch 2
    1102 S1 +try-failover master mymaster 127.0.0.1 46593
    1103 S1 +vote-for-leader 44a7ac5013877a263cd7b1e10201ab3a5fbade10 2
    1120 S2 +new-epoch 2
    1121 S2 +vote-for-leader 44a7ac5013877a263cd7b1e10201ab3a5fbade10 2
    1130 S3 +odown master mymaster 127.0.0.1 46593 #quorum 3/2
    1200 S1 +elected-leader master mymaster 127.0.0.1 46593
    1201 S1 +failover-state-select-slave master mymaster 127.0.0.1 46593
    1300 S1 +selected-slave slave 127.0.0.1:36895 127.0.0.1 36895 @ mymaster 127.0.0.1 46593
    1301 S1 +failover-state-send-slaveof-noone slave 127.0.0.1:36895 127.0.0.1 36895 @ mymaster 127.0.0.1 46593
    1400 S1 +failover-state-wait-promotion slave 127.0.0.1:36895 127.0.0.1 36895 @ mymaster 127.0.0.1 46593
    2100 S1 +promoted-slave slave 127.0.0.1:36895 127.0.0.1 36895 @ mymaster 127.0.0.1 46593
    2101 S1 +failover-state-reconf-slaves master mymaster 127.0.0.1 46593
    2200 S1 +slave-reconf-sent slave 127.0.0.1:38639 127.0.0.1 38639 @ mymaster 127.0.0.1 46593
    3100 S1 +slave-reconf-inprog slave 127.0.0.1:38639 127.0.0.1 38639 @ mymaster 127.0.0.1 46593
    3200 S1 +slave-reconf-done slave 127.0.0.1:38639 127.0.0.1 38639 @ mymaster 127.0.0.1 46593
    3300 S1 -odown master mymaster 127.0.0.1 46593
    3301 S1 +failover-end master mymaster 127.0.0.1 46593
    3302 S1 +switch-master mymaster 127.0.0.1 46593 127.0.0.1 36895
    3303 S1 +slave slave 127.0.0.1:38639 127.0.0.1 38639 @ mymaster 127.0.0.1 36895
    3304 S1 +slave slave 127.0.0.1:46593 127.0.0.1 46593 @ mymaster 127.0.0.1 36895
    3500 S2 +switch-master mymaster 127.0.0.1 46593 127.0.0.1 36895
    3600 S3 +switch-master mymaster 127.0.0.1 46593 127.0.0.1 36895
    4300 S1 +sdown slave 127.0.0.1:46593 127.0.0.1 46593 @ mymaster 127.0.0.1 36895
)";

// quorum 1, two Sentinels and the master stopped: S1 cannot get elected.
const char *kSentinelAbort = R"(
    1000 S1 +sdown master mymaster 127.0.0.1 36895
    1001 S1 +odown master mymaster 127.0.0.1 36895 #quorum 1/1
    1002 S1 +new-epoch 4
    1003 S1 +try-failover master mymaster 127.0.0.1 36895
    1004 S1 +vote-for-leader 44a7ac5013877a263cd7b1e10201ab3a5fbade10 4
    11000 S1 -failover-abort-not-elected master mymaster 127.0.0.1 36895
    12000 S1 -sdown master mymaster 127.0.0.1 36895
    12001 S1 -odown master mymaster 127.0.0.1 36895
)";

// S1 votes for another Sentinel's attempt, then the master comes back (kill -CONT).
const char *kSentinelRecovered = R"(
    1000 S1 +sdown master mymaster 127.0.0.1 36895
    1001 S1 +new-epoch 3
    1002 S1 +vote-for-leader 083c69eabb0ad43460baabfbe62de2703b0a5a5d 3
    1003 S1 +odown master mymaster 127.0.0.1 36895 #quorum 3/2
    2500 S1 -sdown master mymaster 127.0.0.1 36895
    2501 S1 -odown master mymaster 127.0.0.1 36895
)";

QString summary(const FailoverEpisode &ep)
{
    return QStringLiteral("%1 %2->%3 %4 %5 %6..%7 epoch=%8 events=%9")
        .arg(ep.deploymentId == kCluster ? QStringLiteral("C") : QStringLiteral("S"), ep.oldMasterAddress,
             ep.newMasterAddress, FailoverEpisode::outcomeName(ep.outcome), ep.endReason)
        .arg(ep.startMs - 1'700'000'000'000)
        .arg(ep.endMs - 1'700'000'000'000)
        .arg(ep.epoch)
        .arg(ep.eventIds.size());
}

OpsEvents shifted(OpsEvents events, qint64 by)
{
    for (OpsEvent &e : events)
        e.timestampMs += by;
    return events;
}

} // namespace

class TestFailoverEpisodes : public QObject
{
    Q_OBJECT

private slots:
    void episodes_data();
    void episodes();
    void inputOrderDoesNotMatter();
    void eventIndexesPointAtTheirEvents();
    void incrementalEqualsFull_data();
    void incrementalEqualsFull();
    void incrementalRefusesOlderEvents();
    void model();
    void durationText_data();
    void durationText();
};

void TestFailoverEpisodes::durationText_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("same poll") << qint64(0) << QStringLiteral("within one poll");
    QTest::newRow("negative (clock step)") << qint64(-5) << QStringLiteral("within one poll");
    QTest::newRow("ms") << qint64(850) << QStringLiteral("850 ms");
    QTest::newRow("seconds") << qint64(2400) << QStringLiteral("2.4 s");
    QTest::newRow("minutes") << qint64(192'000) << QStringLiteral("3 min 12 s");
    QTest::newRow("hours") << qint64(3'900'000) << QStringLiteral("1 h 05 min");
}

void TestFailoverEpisodes::durationText()
{
    QFETCH(qint64, ms);
    QTEST(FailoverEpisode::durationText(ms), "text");
}

void TestFailoverEpisodes::episodes_data()
{
    QTest::addColumn<OpsEvents>("events");
    QTest::addColumn<qint64>("nowOffset"); // options.nowMs relative to the script's epoch; 0 = last event
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("cluster kill -9: pfail, fail, promoted, demoted")
        << script(kCluster, kClusterKill) << qint64(0)
        << QStringList{QStringLiteral("C 127.0.0.1:7000->127.0.0.1:7003 completed promoted 1000..3900 epoch=7 events=5")};
    QTest::newRow("sentinel failover, three sentinels")
        << script(kSentinel, kSentinelFailover) << qint64(0)
        << QStringList{QStringLiteral("S 127.0.0.1:46593->127.0.0.1:36895 completed +switch-master 1000..3302 epoch=2 events=28")};
    QTest::newRow("sentinel abort not elected")
        << script(kSentinel, kSentinelAbort) << qint64(0)
        << QStringList{QStringLiteral("S 127.0.0.1:36895-> aborted -failover-abort-not-elected 1000..11000 epoch=4 events=8")};
    QTest::newRow("sentinel attempt, master came back")
        << script(kSentinel, kSentinelRecovered) << qint64(600'000)
        << QStringList{QStringLiteral("S 127.0.0.1:36895-> aborted recovered 1000..2500 epoch=3 events=6")};
    QTest::newRow("two overlapping deployments")
        << (script(kCluster, kClusterKill) + shifted(script(kSentinel, kSentinelFailover), 2000)) << qint64(0)
        << QStringList{QStringLiteral("C 127.0.0.1:7000->127.0.0.1:7003 completed promoted 1000..3900 epoch=7 events=5"),
                       QStringLiteral("S 127.0.0.1:46593->127.0.0.1:36895 completed +switch-master 3000..5302 epoch=2 events=28")};
    QTest::newRow("two failovers of one master name")
        << (shifted(script(kSentinel, kSentinelFailover), -5000)
            + script(kSentinel, R"(
                1000 S1 +sdown master mymaster 127.0.0.1 36895
                1001 S1 +try-failover master mymaster 127.0.0.1 36895
                1002 S1 +promoted-slave slave 127.0.0.1:38639 127.0.0.1 38639 @ mymaster 127.0.0.1 36895
                1900 S1 +switch-master mymaster 127.0.0.1 36895 127.0.0.1 38639
            )"))
        << qint64(0)
        << QStringList{QStringLiteral("S 127.0.0.1:46593->127.0.0.1:36895 completed +switch-master -4000..-1698 epoch=2 events=28"),
                       QStringLiteral("S 127.0.0.1:36895->127.0.0.1:38639 completed +switch-master 1000..1900 epoch=0 events=4")};
    QTest::newRow("cluster restart after the demotion")
        << script(kCluster, R"(
                1000 C pfail-set aaaa 127.0.0.1:7000
                3900 C promoted dddd 127.0.0.1:7003 {"oldMaster":"aaaa","newMaster":"dddd","newMasterAddress":"127.0.0.1:7003","configEpoch":7}
                900000 C demoted aaaa 127.0.0.1:7000 {"oldMaster":"aaaa","newMaster":"dddd"}
            )") << qint64(0)
        << QStringList{QStringLiteral("C 127.0.0.1:7000->127.0.0.1:7003 completed promoted 1000..3900 epoch=7 events=3")};
    QTest::newRow("pfail that clears is no failover")
        << script(kCluster, R"(
                1000 C pfail-set eeee 127.0.0.1:7004
                4000 C pfail-cleared eeee 127.0.0.1:7004
            )") << qint64(0) << QStringList{};
    QTest::newRow("replica sdown is no failover")
        << script(kSentinel, "1000 S1 +sdown slave 127.0.0.1:38639 127.0.0.1 38639 @ mymaster 127.0.0.1 36895")
        << qint64(0) << QStringList{};
    QTest::newRow("suspicion only, timed out: dropped")
        << script(kSentinel, "1000 S1 +sdown master mymaster 127.0.0.1 36895") << qint64(500'000) << QStringList{};
    QTest::newRow("in progress")
        << script(kSentinel, R"(
                1000 S1 +sdown master mymaster 127.0.0.1 36895
                1100 S1 +odown master mymaster 127.0.0.1 36895 #quorum 2/2
                1200 S1 +try-failover master mymaster 127.0.0.1 36895
            )") << qint64(5000)
        << QStringList{QStringLiteral("S 127.0.0.1:36895-> in progress  1000..5000 epoch=0 events=3")};
    QTest::newRow("attempt timed out")
        << script(kSentinel, R"(
                1000 S1 +try-failover master mymaster 127.0.0.1 36895
                1100 S1 +elected-leader master mymaster 127.0.0.1 36895
            )") << qint64(400'000)
        << QStringList{QStringLiteral("S 127.0.0.1:36895-> aborted timeout 1000..181000 epoch=0 events=2")};
    QTest::newRow("cluster fail cleared before promotion")
        << script(kCluster, R"(
                1000 C pfail-set aaaa 127.0.0.1:7000
                2000 C fail-set aaaa 127.0.0.1:7000
                9000 C fail-cleared aaaa 127.0.0.1:7000
            )") << qint64(0)
        << QStringList{QStringLiteral("C 127.0.0.1:7000-> aborted recovered 1000..9000 epoch=0 events=3")};
    QTest::newRow("manual CLUSTER FAILOVER")
        << script(kCluster, R"(
                5000 C promoted dddd 127.0.0.1:7003 {"oldMaster":"aaaa","oldMasterAddress":"127.0.0.1:7000","newMaster":"dddd","newMasterAddress":"127.0.0.1:7003","configEpoch":9}
                5000 C demoted aaaa 127.0.0.1:7000 {"oldMaster":"aaaa","newMaster":"dddd"}
            )") << qint64(0)
        << QStringList{QStringLiteral("C 127.0.0.1:7000->127.0.0.1:7003 completed promoted 5000..5000 epoch=9 events=2")};
    QTest::newRow("empty") << OpsEvents{} << qint64(0) << QStringList{};
}

void TestFailoverEpisodes::episodes()
{
    QFETCH(OpsEvents, events);
    QFETCH(qint64, nowOffset);
    QFETCH(QStringList, expected);
    FailoverEpisodeOptions options;
    options.nowMs = nowOffset == 0 ? 0 : 1'700'000'000'000 + nowOffset;
    QStringList actual;
    for (const FailoverEpisode &ep : groupFailoverEpisodes(events, options))
        actual << summary(ep);
    QCOMPARE(actual, expected);
}

void TestFailoverEpisodes::inputOrderDoesNotMatter()
{
    OpsEvents events = script(kCluster, kClusterKill) + shifted(script(kSentinel, kSentinelFailover), 2000);
    for (int i = 0; i < events.size(); ++i)
        events[i].id = i + 1; // stored order breaks timestamp ties
    const QList<FailoverEpisode> reference = groupFailoverEpisodes(events);
    QRandomGenerator rng(42);
    for (int round = 0; round < 20; ++round) {
        OpsEvents shuffled = events;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        const QList<FailoverEpisode> got = groupFailoverEpisodes(shuffled);
        QCOMPARE(got.size(), reference.size());
        for (int i = 0; i < got.size(); ++i) {
            QCOMPARE(summary(got[i]), summary(reference[i]));
            QCOMPARE(got[i].eventIds, reference[i].eventIds);
        }
    }
}

void TestFailoverEpisodes::eventIndexesPointAtTheirEvents()
{
    const OpsEvents events = script(kCluster, kClusterKill) + shifted(script(kSentinel, kSentinelFailover), 2000);
    const QList<FailoverEpisode> episodes = groupFailoverEpisodes(events);
    QCOMPARE(episodes.size(), 2);
    for (const FailoverEpisode &ep : episodes) {
        QCOMPARE(ep.eventIndexes.size(), ep.eventIds.size());
        for (int index : ep.eventIndexes)
            QCOMPARE(events.at(index).deploymentId, ep.deploymentId);
    }
    // The cluster episode holds the dead master's events, not the new master's epoch change.
    QStringList kinds;
    for (int index : episodes[0].eventIndexes)
        kinds << events.at(index).kindName();
    QCOMPARE(kinds, (QStringList{QStringLiteral("pfail-set"), QStringLiteral("fail-set"), QStringLiteral("promoted"),
                                 QStringLiteral("fail-cleared"), QStringLiteral("demoted")}));
}

void TestFailoverEpisodes::incrementalEqualsFull_data()
{
    episodes_data();
}

void TestFailoverEpisodes::incrementalEqualsFull()
{
    // The history page appends live batches: grouping batch by batch gives what grouping
    // everything at once gives, for every batch size.
    QFETCH(OpsEvents, events);
    QFETCH(qint64, nowOffset);
    FailoverEpisodeOptions options;
    options.nowMs = nowOffset == 0 ? 0 : 1'700'000'000'000 + nowOffset;
    const QList<FailoverEpisode> full = groupFailoverEpisodes(events, options);
    for (qsizetype batch : {1, 2, 3, 7, 1000}) {
        FailoverEpisodeGrouper grouper(options);
        OpsEvents appended;
        for (qsizetype i = 0; i < events.size(); i += batch) {
            const qsizetype before = appended.size();
            appended += events.mid(i, batch);
            if (!grouper.append(appended, before)) { // an older event: group everything again
                QCOMPARE(grouper.groupedCount(), before);
                grouper.reset();
                QVERIFY(grouper.append(appended, 0));
            }
            QCOMPARE(grouper.groupedCount(), appended.size());
            grouper.episodes(); // asked between batches, as the page does
        }
        const QList<FailoverEpisode> got = grouper.episodes();
        QCOMPARE(got.size(), full.size());
        for (qsizetype i = 0; i < got.size(); ++i) {
            QCOMPARE(summary(got[i]), summary(full[i]));
            QCOMPARE(got[i].eventIds, full[i].eventIds);
            QCOMPARE(got[i].eventIndexes, full[i].eventIndexes);
        }
    }
}

void TestFailoverEpisodes::incrementalRefusesOlderEvents()
{
    OpsEvents events = script(kCluster, kClusterKill);
    QVERIFY(events.size() >= 3);
    FailoverEpisodeGrouper grouper;
    const OpsEvents head = events.mid(1);
    QVERIFY(grouper.append(head, 0));
    const QList<FailoverEpisode> before = grouper.episodes();
    // The first event is older than everything grouped: refused, nothing changes.
    OpsEvents all = head;
    all.append(events.first());
    QVERIFY(!grouper.append(all, head.size()));
    QCOMPARE(grouper.groupedCount(), head.size());
    QCOMPARE(grouper.episodes().size(), before.size());
    grouper.reset();
    QCOMPARE(grouper.groupedCount(), 0);
    QVERIFY(grouper.append(all, 0));
    QCOMPARE(grouper.episodes().size(), groupFailoverEpisodes(all).size());
}

void TestFailoverEpisodes::model()
{
    HistoryTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    OpsEvents events = script(kCluster, kClusterKill);
    for (int i = 0; i < events.size(); ++i)
        events[i].id = 100 + i;
    model.setEvents(events.mid(0, 3));
    QCOMPARE(model.rowCount(), 3);
    model.addEvents(events.mid(2)); // id 102 is already there
    QCOMPARE(model.rowCount(), events.size());
    QCOMPARE(model.rowOfId(105), 5);
    QCOMPARE(model.rowOfId(999), -1);
    const QModelIndex time = model.index(1, HistoryTableModel::Time);
    QCOMPARE(time.data(HistoryTableModel::RawRole).toLongLong(), events[1].timestampMs);
    QCOMPARE(time.data().toString(), HistoryTableModel::timeText(events[1].timestampMs));
    QCOMPARE(model.index(1, HistoryTableModel::Kind).data().toString(), QStringLiteral("fail-set"));
    QCOMPARE(model.index(1, HistoryTableModel::Severity).data(HistoryTableModel::RawRole).toInt(),
             int(OpsEvent::Severity::Warning));
    QCOMPARE(model.index(1, HistoryTableModel::Node).data().toString(), QStringLiteral("127.0.0.1:7000"));
    QCOMPARE(model.index(1, HistoryTableModel::Node).data(HistoryTableModel::RawRole).toString(), QStringLiteral("aaaa"));
    QCOMPARE(model.index(1, HistoryTableModel::Message).data(HistoryTableModel::EventIdRole).toLongLong(), 101);
    QCOMPARE(model.headerData(HistoryTableModel::Message, Qt::Horizontal).toString(), QStringLiteral("Message"));
    model.setEvents({});
    QCOMPARE(model.rowCount(), 0);
    model.addEvents(events);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_APPLESS_MAIN(TestFailoverEpisodes)
#include "tst_failoverepisodes.moc"
