// Unit tests of parseSentinelEvent / isSentinelEventChannel: every event captured from real
// redis-sentinel 7.0 (failovers, master stopped and killed, TILT, RESET/REMOVE/MONITOR, ...) is a
// data row; hand-written rows cover the types that could not be provoked (and older servers'
// types), unknown future types, and a table of malformed payloads.
#include "discovery/SentinelEvent.h"

#include <QFile>
#include <QSet>
#include <QtTest>

using ops::Parsed;
using ops::SentinelEvent;

namespace {

/** What a test expects of an event, compactly: only the parts that are set. */
QByteArray summary(const SentinelEvent &e)
{
    QByteArrayList parts;
    if (!e.instanceType.isEmpty())
        parts << "inst=" + e.instanceType << "name=" + e.instanceName
              << "at=" + e.host.toUtf8() + ':' + QByteArray::number(e.port);
    if (!e.masterName.isEmpty() || e.masterPort)
        parts << "master=" + e.masterName + '@' + e.masterHost.toUtf8() + ':' + QByteArray::number(e.masterPort);
    if (!e.oldHost.isEmpty() || e.oldPort)
        parts << "old=" + e.oldHost.toUtf8() + ':' + QByteArray::number(e.oldPort);
    if (!e.newHost.isEmpty() || e.newPort)
        parts << "new=" + e.newHost.toUtf8() + ':' + QByteArray::number(e.newPort);
    if (e.epoch)
        parts << "epoch=" + QByteArray::number(e.epoch);
    if (!e.leaderRunId.isEmpty())
        parts << "leader=" + e.leaderRunId;
    if (!e.extra.isEmpty())
        parts << "extra=" + e.extra;
    parts << "milestone=" + QByteArray::number(e.isFailoverMilestone());
    return parts.join(' ');
}

/** The payload rebuilt from the parsed fields: must equal what the server sent. */
QByteArray rebuild(const SentinelEvent &e)
{
    const QByteArray bare = e.bareType();
    QByteArrayList words;
    if (bare == "switch-master")
        return e.masterName + ' ' + e.oldHost.toUtf8() + ' ' + QByteArray::number(e.oldPort) + ' ' + e.newHost.toUtf8()
            + ' ' + QByteArray::number(e.newPort);
    if (bare == "new-epoch")
        return QByteArray::number(e.epoch);
    if (!e.instanceType.isEmpty()) {
        words << e.instanceType << e.instanceName << e.host.toUtf8() << QByteArray::number(e.port);
        if (e.instanceType != "master")
            words << "@" << e.masterName << e.masterHost.toUtf8() << QByteArray::number(e.masterPort);
    }
    if (bare == "vote-for-leader")
        words << e.leaderRunId << QByteArray::number(e.epoch);
    else if (!e.extra.isEmpty() || e.instanceType.isEmpty())
        words << e.extra;
    return words.join(' ');
}

struct CapturedLine
{
    QByteArray stream;
    int line = 0;
    QByteArray channel;
    QByteArray payload;
};

QList<CapturedLine> capturedEvents()
{
    QFile f(QStringLiteral(OPS_FIXTURE_DIR "/sentinel-events-7.0.tsv"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture sentinel-events-7.0.tsv");
    QList<CapturedLine> out;
    QByteArray stream;
    int lineNo = 0;
    for (const QByteArray &raw : f.readAll().split('\n')) {
        ++lineNo;
        if (raw.startsWith("# stream: sentinel on port "))
            stream = raw.mid(27).trimmed();
        if (raw.isEmpty() || raw.startsWith('#'))
            continue;
        const qsizetype tab = raw.indexOf('\t');
        if (tab <= 0)
            qFatal("fixture line %d has no tab", lineNo);
        out.append({stream, lineNo, raw.left(tab), raw.mid(tab + 1)});
    }
    return out;
}

} // namespace

class TestSentinelEvent : public QObject
{
    Q_OBJECT

private slots:
    void captured_data();
    void captured();
    void capturedCoverage();
    void exact_data();
    void exact();
    void channels_data();
    void channels();
    void malformed_data();
    void malformed();
    void truncatedCapturesNeverCrash();
};

void TestSentinelEvent::captured_data()
{
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QByteArray>("payload");
    for (const CapturedLine &l : capturedEvents())
        QTest::addRow("%s:%d %s", l.stream.constData(), l.line, l.channel.constData()) << l.channel << l.payload;
}

void TestSentinelEvent::captured()
{
    QFETCH(QByteArray, channel);
    QFETCH(QByteArray, payload);
    QVERIFY(ops::isSentinelEventChannel(channel));
    Parsed<SentinelEvent> p = ops::parseSentinelEvent(channel, payload);
    QVERIFY2(p.ok(), qPrintable(p ? QString() : p.error().toString()));
    const SentinelEvent &e = p.value();
    QCOMPARE(e.type, channel);
    QCOMPARE(e.payload, payload);
    QCOMPARE(rebuild(e), payload);
    const QByteArray first = payload.left(payload.indexOf(' '));
    if (first == "master" || first == "slave" || first == "sentinel") {
        QCOMPARE(e.instanceType, first);
        QVERIFY(e.port > 0);
        QCOMPARE(e.masterName, QByteArray("mymaster"));
        QVERIFY(e.masterPort > 0);
        if (e.instanceType == "slave")
            QCOMPARE(e.instanceName, e.host.toUtf8() + ':' + QByteArray::number(e.port));
        if (e.instanceType == "sentinel")
            QCOMPARE(e.instanceName.size(), 40);
    } else {
        QVERIFY(e.instanceType.isEmpty());
    }
    if (channel == "+switch-master") {
        QCOMPARE(e.masterName, QByteArray("mymaster"));
        QVERIFY(e.oldPort > 0 && e.newPort > 0 && e.oldPort != e.newPort);
        QCOMPARE(e.masterPort, e.newPort);
    }
    if (channel == "+new-epoch" || channel == "+vote-for-leader")
        QVERIFY(e.epoch > 0);
    if (channel == "+vote-for-leader")
        QCOMPARE(e.leaderRunId.size(), 40);
    if (channel == "+odown")
        QVERIFY(e.extra.startsWith("#quorum "));
    if (channel.endsWith("role-change"))
        QVERIFY(e.extra.startsWith("new reported role is "));
    if (channel.endsWith("tilt"))
        QVERIFY(e.extra.startsWith("#tilt mode "));
}

void TestSentinelEvent::capturedCoverage()
{
    // The capture exercised these types; a re-capture that loses one should be noticed.
    QSet<QByteArray> seen;
    for (const CapturedLine &l : capturedEvents())
        seen.insert(l.channel);
    for (const char *type :
         {"+sdown", "-sdown", "+odown", "-odown", "+new-epoch", "+try-failover", "+vote-for-leader", "+elected-leader",
          "+failover-state-select-slave", "+selected-slave", "+failover-state-send-slaveof-noone",
          "+failover-state-wait-promotion", "+promoted-slave", "+failover-state-reconf-slaves", "+slave-reconf-sent",
          "+slave-reconf-inprog", "+slave-reconf-done", "+failover-end", "+switch-master", "+slave", "+sentinel",
          "-role-change", "+role-change", "+convert-to-slave", "+config-update-from", "+fix-slave-config", "+tilt",
          "-tilt", "+reboot", "+reset-master", "+monitor", "-monitor", "+set", "-failover-abort-no-good-slave",
          "-failover-abort-not-elected"})
        QVERIFY2(seen.contains(QByteArray(type)), type);
}

void TestSentinelEvent::exact_data()
{
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray run = "44a7ac5013877a263cd7b1e10201ab3a5fbade10";
    const QByteArray m = "master mymaster 127.0.0.1 36895";
    const QByteArray mExp = "inst=master name=mymaster at=127.0.0.1:36895 master=mymaster@127.0.0.1:36895";
    const QByteArray s = "slave 127.0.0.1:38639 127.0.0.1 38639 @ mymaster 127.0.0.1 46593";
    const QByteArray sExp = "inst=slave name=127.0.0.1:38639 at=127.0.0.1:38639 master=mymaster@127.0.0.1:46593";
    const QByteArray sen = "sentinel " + run + " 127.0.0.1 46653 @ mymaster 127.0.0.1 36895";
    const QByteArray senExp = "inst=sentinel name=" + run + " at=127.0.0.1:46653 master=mymaster@127.0.0.1:36895";
    const auto row = [](const char *name, const QByteArray &channel, const QByteArray &payload, const QByteArray &exp) {
        QTest::newRow(name) << channel << payload << exp;
    };

    // Captured from 7.0 (copied here with their full expectations).
    row("+reset-master", "+reset-master", m, mExp + " milestone=0");
    row("+slave", "+slave", s, sExp + " milestone=0");
    row("+sentinel", "+sentinel", sen, senExp + " milestone=0");
    row("+sdown master", "+sdown", m, mExp + " milestone=0");
    row("+sdown slave", "+sdown", s, sExp + " milestone=0");
    row("+sdown sentinel", "+sdown", sen, senExp + " milestone=0");
    row("-sdown", "-sdown", s, sExp + " milestone=0");
    row("+odown", "+odown", m + " #quorum 3/2", mExp + " extra=#quorum 3/2 milestone=0");
    row("-odown", "-odown", m, mExp + " milestone=0");
    row("+new-epoch", "+new-epoch", "12", "epoch=12 milestone=0");
    row("+try-failover", "+try-failover", m, mExp + " milestone=1");
    row("+vote-for-leader (7.0: runid epoch)", "+vote-for-leader", run + " 4",
        "epoch=4 leader=" + run + " milestone=0");
    row("+elected-leader", "+elected-leader", m, mExp + " milestone=1");
    row("+failover-state-select-slave", "+failover-state-select-slave", m, mExp + " milestone=0");
    row("+selected-slave", "+selected-slave", s, sExp + " milestone=1");
    row("+failover-state-send-slaveof-noone", "+failover-state-send-slaveof-noone", s, sExp + " milestone=0");
    row("+failover-state-wait-promotion", "+failover-state-wait-promotion", s, sExp + " milestone=0");
    row("+promoted-slave", "+promoted-slave", s, sExp + " milestone=1");
    row("+failover-state-reconf-slaves", "+failover-state-reconf-slaves", m, mExp + " milestone=1");
    row("+slave-reconf-sent", "+slave-reconf-sent", s, sExp + " milestone=0");
    row("+slave-reconf-inprog", "+slave-reconf-inprog", s, sExp + " milestone=0");
    row("+slave-reconf-done", "+slave-reconf-done", s, sExp + " milestone=0");
    row("+failover-end", "+failover-end", m, mExp + " milestone=1");
    row("+switch-master", "+switch-master", "mymaster 127.0.0.1 36895 127.0.0.1 46593",
        "master=mymaster@127.0.0.1:46593 old=127.0.0.1:36895 new=127.0.0.1:46593 milestone=1");
    row("-role-change", "-role-change", s + " new reported role is master",
        sExp + " extra=new reported role is master milestone=0");
    row("+role-change", "+role-change", s + " new reported role is slave",
        sExp + " extra=new reported role is slave milestone=0");
    row("+convert-to-slave", "+convert-to-slave", s, sExp + " milestone=0");
    row("+fix-slave-config", "+fix-slave-config", s, sExp + " milestone=0");
    row("+config-update-from", "+config-update-from", sen, senExp + " milestone=0");
    row("+tilt", "+tilt", "#tilt mode entered", "extra=#tilt mode entered milestone=0");
    row("-tilt", "-tilt", "#tilt mode exited", "extra=#tilt mode exited milestone=0");
    row("+reboot", "+reboot", m, mExp + " milestone=0");
    row("+monitor", "+monitor", m + " quorum 2", mExp + " extra=quorum 2 milestone=0");
    row("-monitor", "-monitor", m, mExp + " milestone=0");
    row("+set", "+set", m + " down-after-milliseconds 1000", mExp + " extra=down-after-milliseconds 1000 milestone=0");
    row("-failover-abort-not-elected", "-failover-abort-not-elected", m, mExp + " milestone=1");
    row("-failover-abort-no-good-slave", "-failover-abort-no-good-slave", m, mExp + " milestone=1");

    // Not provoked (or from older servers / the documentation): hand-written from sentinel.c formats.
    row("+failover-detected (2.8)", "+failover-detected", m, mExp + " milestone=1");
    row("-dup-sentinel (2.8)", "-dup-sentinel", m + " #duplicate of 127.0.0.1:26380 or " + run,
        mExp + " extra=#duplicate of 127.0.0.1:26380 or " + run + " milestone=0");
    row("+failover-end-for-timeout", "+failover-end-for-timeout", m, mExp + " milestone=1");
    row("-failover-abort-slave-timeout", "-failover-abort-slave-timeout", m, mExp + " milestone=1");
    row("-failover-abort-x-sdown (2.6)", "-failover-abort-x-sdown", m, mExp + " milestone=1");
    row("+vote-for-leader (documented form with instance)", "+vote-for-leader", m + ' ' + run + " 7",
        mExp + " epoch=7 leader=" + run + " milestone=0");
    row("+slave-reconf-sent-be", "+slave-reconf-sent-be", s, sExp + " milestone=0");
    row("-slave-reconf-sent-timeout", "-slave-reconf-sent-timeout", s, sExp + " milestone=0");
    row("+script-child", "+script-child", "4242", "extra=4242 milestone=0");
    row("-script-child", "-script-child", "/opt/notify.sh 0 0", "extra=/opt/notify.sh 0 0 milestone=0");
    row("-script-error", "-script-error", "/opt/notify.sh 0 2", "extra=/opt/notify.sh 0 2 milestone=0");
    row("-script-timeout", "-script-timeout", "/opt/notify.sh 4242", "extra=/opt/notify.sh 4242 milestone=0");
    row("+sentinel-address-switch", "+sentinel-address-switch", m + " ip 10.0.0.9 port 26380 for " + run,
        mExp + " extra=ip 10.0.0.9 port 26380 for " + run + " milestone=0");
    row("+sentinel-invalid-addr", "+sentinel-invalid-addr", sen, senExp + " milestone=0");
    row("-cmd-link-reconnection", "-cmd-link-reconnection", s + " #Connection refused",
        sExp + " extra=#Connection refused milestone=0");
    row("-pubsub-link-reconnection", "-pubsub-link-reconnection", s + " #Failed to establish connection",
        sExp + " extra=#Failed to establish connection milestone=0");
    // The documentation lists these names without a sign.
    row("no-good-slave (doc)", "no-good-slave", m, mExp + " milestone=1");
    row("selected-slave (doc)", "selected-slave", s, sExp + " milestone=1");
    row("failover-state-send-slaveof-noone (doc)", "failover-state-send-slaveof-noone", s, sExp + " milestone=0");
    row("failover-end-for-timeout (doc)", "failover-end-for-timeout", m, mExp + " milestone=1");
    row("failover-end (doc)", "failover-end", m, mExp + " milestone=1");
    row("switch-master (doc)", "switch-master", "mymaster 10.0.0.1 6379 10.0.0.2 6380",
        "master=mymaster@10.0.0.2:6380 old=10.0.0.1:6379 new=10.0.0.2:6380 milestone=1");
    // IPv6 and ports at the edges.
    row("IPv6 replica", "+sdown", "slave [::1]:6380 ::1 6380 @ mymaster ::1 6379",
        "inst=slave name=[::1]:6380 at=::1:6380 master=mymaster@::1:6379 milestone=0");
    row("IPv6 switch-master", "+switch-master", "mymaster fe80::1 6379 fe80::2 65535",
        "master=mymaster@fe80::2:65535 old=fe80::1:6379 new=fe80::2:65535 milestone=1");
    row("port 0 (announced nothing)", "+sentinel", "sentinel " + run + " 10.0.0.3 0 @ mymaster 10.0.0.1 6379",
        "inst=sentinel name=" + run + " at=10.0.0.3:0 master=mymaster@10.0.0.1:6379 milestone=0");
    row("epoch 2^64-1", "+new-epoch", "18446744073709551615", "epoch=18446744073709551615 milestone=0");
    row("master name with utf-8", "+sdown", "master caf\xc3\xa9 127.0.0.1 6379",
        "inst=master name=caf\xc3\xa9 at=127.0.0.1:6379 master=caf\xc3\xa9@127.0.0.1:6379 milestone=0");
    // Types this parser does not know: parsed generically.
    row("unknown +x with instance", "+future-event", m + " some words", mExp + " extra=some words milestone=0");
    row("unknown -x with replica", "-future-event", s, sExp + " milestone=0");
    row("unknown with free text", "-mystery", "totally free text", "extra=totally free text milestone=0");
    row("unknown, broken instance kept as text", "+future-event", "slave x 1.2.3.4 notaport",
        "extra=slave x 1.2.3.4 notaport milestone=0");
    row("unknown, empty payload", "+ping-event", "", "milestone=0");
    row("unknown failover-abort reason", "-failover-abort-new-reason", m, mExp + " milestone=1");
    row("+tilt with empty payload", "+tilt", "", "milestone=0");
}

void TestSentinelEvent::exact()
{
    QFETCH(QByteArray, channel);
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, expected);
    QVERIFY(ops::isSentinelEventChannel(channel));
    Parsed<SentinelEvent> p = ops::parseSentinelEvent(channel, payload);
    QVERIFY2(p.ok(), qPrintable(p ? QString() : p.error().toString()));
    QCOMPARE(summary(p.value()), expected);
    QCOMPARE(p.value().type, channel);
    QCOMPARE(p.value().payload, payload);
    QCOMPARE(p.value().bareType(), channel.startsWith('+') || channel.startsWith('-') ? channel.mid(1) : channel);
    QCOMPARE(p.value().isFailoverAbort(), channel.startsWith("-failover-abort-"));
}

void TestSentinelEvent::channels_data()
{
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<bool>("isEvent");
    for (const char *yes : {"+sdown", "-odown", "+switch-master", "switch-master", "no-good-slave", "selected-slave",
                            "failover-end", "failover-end-for-timeout", "-failover-abort-not-elected",
                            "-failover-abort-anything", "+future-event", "-x", "+a1", "+tilt", "-script-error"})
        QTest::addRow("yes %s", yes) << QByteArray(yes) << true;
    for (const char *no : {"__sentinel__:hello", "", "+", "-", "+Sdown", "+s down", "+a_b", "+-x", "+x-", "--x",
                           "news", "mychannel", "__keyspace@0__:foo", "+sdown\n", "*"})
        QTest::addRow("no \"%s\"", QByteArray(no).replace('\n', "\\n").constData()) << QByteArray(no) << false;
}

void TestSentinelEvent::channels()
{
    QFETCH(QByteArray, channel);
    QFETCH(bool, isEvent);
    QCOMPARE(ops::isSentinelEventChannel(channel), isEvent);
    if (!isEvent) {
        Parsed<SentinelEvent> p = ops::parseSentinelEvent(channel, "master mymaster 127.0.0.1 6379");
        QVERIFY(!p.ok());
        QVERIFY2(p.error().what.startsWith(QStringLiteral("not a Sentinel event channel")), qPrintable(p.error().what));
    }
}

void TestSentinelEvent::malformed_data()
{
    QTest::addColumn<QByteArray>("channel");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<int>("position");

    const QByteArray run = "44a7ac5013877a263cd7b1e10201ab3a5fbade10";
    const auto row = [](const char *name, const QByteArray &channel, const QByteArray &payload, const char *fragment,
                        int position) {
        QTest::newRow(name) << channel << payload << QString::fromUtf8(fragment) << position;
    };
    row("empty payload", "+sdown", "", "missing instance type", 1);
    row("type only", "+sdown", "master", "missing instance name", 2);
    row("no ip", "+sdown", "master mymaster", "missing instance ip", 3);
    row("no port", "+sdown", "master mymaster 127.0.0.1", "missing instance port", 4);
    row("port not numeric", "+sdown", "master mymaster 127.0.0.1 63x79", "instance port: expected a port number", 4);
    row("port > 65535", "+odown", "master mymaster 127.0.0.1 65536 #quorum 2/2", "instance port", 4);
    row("negative port", "+sdown", "master mymaster 127.0.0.1 -1", "instance port", 4);
    row("unknown instance type", "+sdown", "replica 127.0.0.1:6380 127.0.0.1 6380 @ m h 1",
        "expected instance type master, slave or sentinel, got \"replica\"", 1);
    row("replica without @", "+slave", "slave 127.0.0.1:6380 127.0.0.1 6380", "without \"@", 5);
    row("sentinel without @", "+config-update-from", "sentinel " + run + " 127.0.0.1 26379", "without \"@", 5);
    row("@ then nothing", "+slave", "slave a 127.0.0.1 6380 @", "missing master name", 6);
    row("no master port", "+slave", "slave a 127.0.0.1 6380 @ mymaster 127.0.0.1", "missing master port", 8);
    row("master port too big", "+slave", "slave a 127.0.0.1 6380 @ mymaster 127.0.0.1 99999", "master port", 8);
    row("double space", "+slave", "slave a  127.0.0.1 6380 @ m h 1", "empty instance ip", 3);
    row("abort without port", "-failover-abort-not-elected", "master mymaster 127.0.0.1", "missing instance port", 4);
    row("odown with only quorum", "+odown", "#quorum 2/2", "expected instance type", 1);
    row("switch-master short", "+switch-master", "mymaster 127.0.0.1 6379 127.0.0.1", "missing new port", 5);
    row("switch-master bad new port", "+switch-master", "mymaster 127.0.0.1 6379 127.0.0.1 x", "new port", 5);
    row("switch-master old port 70000", "+switch-master", "mymaster 127.0.0.1 70000 127.0.0.1 6380", "old port", 3);
    row("switch-master trailing", "+switch-master", "mymaster 127.0.0.1 6379 127.0.0.1 6380 extra",
        "unexpected text after the last field", 6);
    row("switch-master empty", "+switch-master", "", "missing master name", 1);
    row("new-epoch empty", "+new-epoch", "", "missing epoch", 1);
    row("new-epoch word", "+new-epoch", "x", "epoch: expected a non-negative integer", 1);
    row("new-epoch negative", "+new-epoch", "-1", "epoch", 1);
    row("new-epoch two numbers", "+new-epoch", "1 2", "unexpected text", 2);
    row("new-epoch overflow", "+new-epoch", "18446744073709551616", "epoch", 1);
    row("vote runid only", "+vote-for-leader", run, "missing epoch", 2);
    row("vote bad epoch", "+vote-for-leader", run + " e", "epoch: expected", 2);
    row("vote trailing", "+vote-for-leader", run + " 1 extra", "unexpected text", 3);
    row("vote instance without runid", "+vote-for-leader", "master m h 1", "missing leader run id", 5);
    row("vote instance without epoch", "+vote-for-leader", "master m h 1 " + run, "missing epoch", 6);
    row("newline in payload", "+sdown", "master m h 1\nmaster n h 2", "control character", 0);
    row("NUL in payload", "+sdown", QByteArray("master m h\0 1", 13), "control character", 0);
    row("carriage return", "+tilt", "#tilt mode entered\r", "control character", 0);
    row("hello channel", "__sentinel__:hello", "127.0.0.1,26379," + run + ",0,mymaster,127.0.0.1,6379,0",
        "not a Sentinel event channel", 0);
}

void TestSentinelEvent::malformed()
{
    QFETCH(QByteArray, channel);
    QFETCH(QByteArray, payload);
    QFETCH(QString, fragment);
    QFETCH(int, position);
    Parsed<SentinelEvent> p = ops::parseSentinelEvent(channel, payload);
    QVERIFY2(!p.ok(), qPrintable(QString::fromUtf8(p ? summary(p.value()) : QByteArray())));
    QVERIFY2(p.error().what.contains(fragment), qPrintable(p.error().toString()));
    QCOMPARE(p.error().position, position);
    if (ops::isSentinelEventChannel(channel))
        QVERIFY2(p.error().what.startsWith(QString::fromUtf8(channel) + QStringLiteral(": ")), qPrintable(p.error().what));
}

void TestSentinelEvent::truncatedCapturesNeverCrash()
{
    // Every prefix of every captured payload: an error, or an event that rebuilds to that prefix.
    int errors = 0;
    for (const CapturedLine &l : capturedEvents()) {
        for (qsizetype n = 0; n < l.payload.size(); ++n) {
            const QByteArray cut = l.payload.left(n);
            Parsed<SentinelEvent> p = ops::parseSentinelEvent(l.channel, cut);
            if (!p.ok()) {
                ++errors;
                QVERIFY(!p.error().what.isEmpty());
                continue;
            }
            if (!cut.endsWith(' ')) // "a b " keeps an empty extra word: nothing to rebuild it from
                QCOMPARE(rebuild(p.value()), cut);
        }
    }
    QVERIFY(errors > 1000);
}

QTEST_APPLESS_MAIN(TestSentinelEvent)
#include "tst_sentinelevent.moc"
