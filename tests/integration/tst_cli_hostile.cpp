// redis-ops against a node that turns hostile mid-session (issue 13): `watch` on a real
// redis-server behind TamperingProxy. Once it watches, the node's INFO replies become a wrong
// type, then a 600 MB bulk string announced, then are cut half-way with a reset, then every reply
// is garbage with escape sequences (the node goes stale); finally the node behaves again. Each
// gets its own error, the process neither crashes nor grows (the announced 600 MB is never
// allocated), no escape sequence reaches the terminal, and it recovers (node-recovered: a node
// that was Redis once is retried after answering garbage) and ends normally at --duration.
#include "CliProcess.h"
#include "HeapInUse.h"
#include "LabFixture.h"
#include "TamperingProxy.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ops;

class TestCliHostile : public QObject
{
    Q_OBJECT
private slots:
    void watchSurvivesANodeTurningHostile();
};

void TestCliHostile::watchSurvivesANodeTurningHostile()
{
    std::unique_ptr<LocalLab> lab = labtest::startedLab(LabSpec::Kind::Standalone, 0);
    QVERIFY(lab);
    const Endpoint node = lab->topology().nodesWithRole(LabNode::Role::Master).value(0).endpoint;
    TamperingProxy proxy(node.port);
    QVERIFY(proxy.start());
    QTemporaryDir home;
    CliProcess watch(QStringLiteral(REDIS_OPS_BINARY), home.path(),
                     {QStringLiteral("watch"), QStringLiteral("-p"), QString::number(proxy.port()), QStringLiteral("--interval"),
                      QStringLiteral("200"), QStringLiteral("--duration"), QStringLiteral("30")});
    const auto never = [](const QJsonObject &) { return false; };
    const auto stderrSays = [&](const char *text) {
        return QTest::qWaitFor([&] { return watch.sawLine(never), watch.err().contains(text); }, 15000);
    };
    QVERIFY2(stderrSays("watching standalone@"), watch.err().constData());
    const qint64 pid = watch.process().processId();
    const qint64 peakBefore = testmem::procStatusKb("VmHWM", pid);
    QVERIFY(peakBefore > 0);

    proxy.replaceReplies("INFO", QByteArrayLiteral(":42\r\n"));
    QVERIFY2(stderrSays("INFO reply unusable: not an INFO reply"), watch.err().constData());
    proxy.replaceReplies("INFO", QByteArrayLiteral("$600000000\r\nxxxxxxxx"));
    QVERIFY2(stderrSays("reply too large: bulk string of 600000000 bytes exceeds the limit"), watch.err().constData());
    proxy.resetMidReply("INFO");
    QVERIFY2(stderrSays("closed the connection in the middle of a reply"), watch.err().constData());
    proxy.garbage(QByteArrayLiteral("\x00\xff\xfe<html>\x1b[2J HELLO\r\n\r\n%%%"));
    // The reconnection meets garbage before any reply: not a Redis server, a warning on stderr
    // (once); the operator sees the node go stale.
    QVERIFY2(stderrSays("not a Redis server"), watch.err().constData());
    QVERIFY2(QTest::qWaitFor([&] { return watch.sawLine([](const QJsonObject &e) {
                                   return e.value(QStringLiteral("kind")).toString() == QLatin1String("node-stale"); }); }, 20000),
             (watch.out() + watch.err()).constData());
    const qint64 peakHostile = testmem::procStatusKb("VmHWM", pid);

    // Back to normal: it was Redis before, so it is retried (with backoff), answers and recovers.
    proxy.pass();
    QVERIFY2(QTest::qWaitFor([&] { return watch.sawLine([](const QJsonObject &e) {
                                   return e.value(QStringLiteral("kind")).toString() == QLatin1String("node-recovered"); }); }, 20000),
             (watch.out() + watch.err()).constData());
    QVERIFY(watch.finished(60000));
    QCOMPARE(watch.process().exitStatus(), QProcess::NormalExit);
    QVERIFY2(watch.process().exitCode() == 0, watch.err().constData());
    qInfo("peak resident %lld KB after connecting, %lld KB after the hostile replies; %d replies tampered",
          static_cast<long long>(peakBefore), static_cast<long long>(peakHostile), proxy.tampered());
    // Never the 600 MB (nor a fraction of it): the reader refuses the header. ASan's quarantine
    // and shadow memory leave more slack than glibc.
    const qint64 slackKb = testmem::underAddressSanitizer() ? 128 * 1024 : 32 * 1024;
    QVERIFY2(peakHostile - peakBefore < slackKb, qPrintable(QStringLiteral("grew by %1 KB").arg(peakHostile - peakBefore)));
    for (const char c : watch.err() + watch.out())
        QVERIFY2(c != '\x1b' && c != '\0', "a control byte from the server reached the terminal");
}

QTEST_GUILESS_MAIN(TestCliHostile)
#include "tst_cli_hostile.moc"
