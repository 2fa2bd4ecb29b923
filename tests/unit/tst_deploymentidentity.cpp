// DeploymentIdentity: the id a deployment's history is stored under must be the same whichever
// node or sentinel a console is seeded from, and settled only when the observations prove it.
// Data-driven: each row is a set of observations (a server's role and master, a sentinel's peer
// list) and a seed; rows that describe one deployment seen from different seeds expect one id.
#include "monitor/DeploymentIdentity.h"

#include <QtTest>

using namespace ops;

namespace {

constexpr qint64 kNow = 1700000000000;

/**
 * Observations from a compact script, one server per item:
 *  "m 10.0.0.1:6379"                  a master
 *  "r 10.0.0.2:6379 > 10.0.0.1:6379"  a replica of the address after ">"
 *  "x 10.0.0.1:6379"                  tried, never answered
 *  "s 10.0.0.9:26379 = id1 10.0.0.8:26379, id2 10.0.0.7:26379"  a sentinel listing its peers (id address)
 *  "s 10.0.0.9:26379"                 a sentinel whose lists did not arrive yet
 *  "s 10.0.0.9:26379 #id0 = ..."      the same, with its own id (SENTINEL MYID)
 */
QHash<QString, NodeObservation> observations(const QStringList &script)
{
    QHash<QString, NodeObservation> result;
    for (const QString &item : script) {
        const QStringList words = item.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        NodeObservation o;
        o.endpoint = Endpoint::parse(words.at(1));
        o.firstAttemptMs = kNow - 1000;
        const QString kind = words.at(0);
        if (kind == QLatin1String("m") || kind == QLatin1String("r")) {
            QByteArray info = "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n# Replication\r\n";
            if (kind == QLatin1String("m")) {
                info += "role:master\r\nconnected_slaves:0\r\n";
            } else {
                const Endpoint master = Endpoint::parse(words.at(3));
                info += "role:slave\r\nmaster_host:" + master.host.toUtf8() + "\r\nmaster_port:" +
                        QByteArray::number(master.port) + "\r\nmaster_link_status:up\r\n";
            }
            o.info = InfoReply::parse(info);
            o.infoAtMs = o.lastSuccessMs = kNow;
        } else if (kind == QLatin1String("x")) {
            o.lastFailureMs = kNow;
            o.lastError = QStringLiteral("connection refused");
        } else if (kind == QLatin1String("s")) {
            o.isSentinel = true;
            o.lastSuccessMs = kNow;
            if (words.size() > 2 && words.at(2).startsWith(QLatin1Char('#')))
                o.sentinelMyId = words.at(2).mid(1).toLatin1();
            const qsizetype eq = item.indexOf(QLatin1Char('='));
            if (eq > 0) {
                QList<SentinelPeerState> peers;
                const QString rest = item.mid(eq + 1).trimmed();
                for (const QString &peer : rest.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                    const QStringList parts = peer.split(QLatin1Char(' '), Qt::SkipEmptyParts);
                    SentinelPeerState p;
                    p.runId = parts.at(0).toLatin1();
                    p.name = p.runId;
                    if (parts.size() > 1) {
                        const Endpoint at = Endpoint::parse(parts.at(1));
                        p.host = at.host;
                        p.port = at.port;
                    }
                    peers << p;
                }
                o.sentinelPeers = peers;
                o.sentinelListsAtMs = kNow;
            }
        }
        result.insert(o.endpoint.toString(), o);
    }
    return result;
}

// Three sentinels with persistent ids; each lists the other two.
const QString kS1 = QStringLiteral("s 10.0.0.11:26379 = b2222222222222222 10.0.0.12:26379, c3333333333333333 10.0.0.13:26379");
const QString kS2 = QStringLiteral("s 10.0.0.12:26379 = a1111111111111111 10.0.0.11:26379, c3333333333333333 10.0.0.13:26379");
const QString kS3 = QStringLiteral("s 10.0.0.13:26379 = a1111111111111111 10.0.0.11:26379, b2222222222222222 10.0.0.12:26379");

} // namespace

class TestDeploymentIdentity : public QObject
{
    Q_OBJECT

private slots:
    void resolve_data();
    void resolve();
    void clusterIdIsTheLowestNodeId();
};

void TestDeploymentIdentity::resolve_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("seed");
    QTest::addColumn<QStringList>("script");
    QTest::addColumn<QString>("explicitId");
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("settled");

    const int standalone = int(TopologySnapshot::Kind::Standalone);
    const int sentinel = int(TopologySnapshot::Kind::Sentinel);
    const QStringList chain{QStringLiteral("m 10.0.0.1:6379"), QStringLiteral("r 10.0.0.2:6379 > 10.0.0.1:6379"),
                            QStringLiteral("r 10.0.0.3:6379 > 10.0.0.2:6379")};
    const QString root = QStringLiteral("standalone@10.0.0.1:6379");

    // Standalone: one deployment (master 1, replica 2, replica 3 of replica 2) from each server.
    QTest::newRow("standalone from the master") << standalone << "10.0.0.1:6379" << chain << QString() << root << true;
    QTest::newRow("standalone from a replica") << standalone << "10.0.0.2:6379" << chain << QString() << root << true;
    QTest::newRow("standalone from a replica of a replica")
        << standalone << "10.0.0.3:6379" << chain << QString() << root << true;
    QTest::newRow("standalone: the master a replica names not polled yet")
        << standalone << "10.0.0.3:6379" << QStringList{chain.at(2)} << QString()
        << QStringLiteral("standalone@10.0.0.2:6379") << false;
    QTest::newRow("standalone: the middle answered, the root not yet")
        << standalone << "10.0.0.3:6379" << QStringList{chain.at(1), chain.at(2)} << QString() << root << false;
    QTest::newRow("standalone: the root does not answer (named by the address the chain leads to)")
        << standalone << "10.0.0.3:6379"
        << QStringList{QStringLiteral("x 10.0.0.1:6379"), chain.at(1), chain.at(2)} << QString() << root << true;
    QTest::newRow("standalone: the seed is a master that does not answer")
        << standalone << "10.0.0.1:6379" << QStringList{QStringLiteral("x 10.0.0.1:6379")} << QString() << root << true;
    QTest::newRow("standalone: seed not answered yet")
        << standalone << "10.0.0.1:6379" << QStringList{} << QString() << root << false;
    QTest::newRow("standalone: a replication loop is named by its lowest address, from either member")
        << standalone << "10.0.0.5:6379"
        << QStringList{QStringLiteral("r 10.0.0.5:6379 > 10.0.0.4:6379"), QStringLiteral("r 10.0.0.4:6379 > 10.0.0.5:6379")}
        << QString() << QStringLiteral("standalone@10.0.0.4:6379") << true;
    QTest::newRow("standalone: an explicit id wins")
        << standalone << "10.0.0.3:6379" << chain << QStringLiteral("prod-cache") << QStringLiteral("prod-cache") << true;

    // Sentinel: three sentinels a1…, b2…, c3…; any two lists name all three.
    const QString byId = QStringLiteral("sentinel:mymaster/a11111111111");
    QTest::newRow("sentinel seeded from s1, every list") << sentinel << "10.0.0.11:26379" << QStringList{kS1, kS2, kS3}
                                                         << QString() << byId << true;
    QTest::newRow("sentinel seeded from s3, two lists") << sentinel << "10.0.0.13:26379" << QStringList{kS3, kS2}
                                                        << QString() << byId << true;
    QTest::newRow("sentinel seeded from s2, lists of s2 and s3") << sentinel << "10.0.0.12:26379"
                                                                 << QStringList{kS2, kS3} << QString() << byId << true;
    // s1 does not list itself: from its list alone the lowest is b2… — not settled.
    QTest::newRow("sentinel: one list of three sentinels is not enough")
        << sentinel << "10.0.0.11:26379" << QStringList{kS1} << QString()
        << QStringLiteral("sentinel:mymaster/b22222222222") << false;
    QTest::newRow("sentinel: one list, the others polled without lists yet")
        << sentinel << "10.0.0.11:26379"
        << QStringList{kS1, QStringLiteral("s 10.0.0.12:26379"), QStringLiteral("s 10.0.0.13:26379")} << QString()
        << QStringLiteral("sentinel:mymaster/b22222222222") << false;
    QTest::newRow("sentinel: nothing listed yet")
        << sentinel << "10.0.0.11:26379" << QStringList{QStringLiteral("s 10.0.0.11:26379")} << QString()
        << QStringLiteral("sentinel:mymaster@10.0.0.11:26379") << false;
    QTest::newRow("sentinel: a lone sentinel is named by its address")
        << sentinel << "10.0.0.11:26379" << QStringList{QStringLiteral("s 10.0.0.11:26379 =")} << QString()
        << QStringLiteral("sentinel:mymaster@10.0.0.11:26379") << true;
    // With SENTINEL MYID (6.2+) one sentinel's own id and its list name all three.
    const QString s1Own = QStringLiteral("s 10.0.0.11:26379 #a1111111111111111 = b2222222222222222 10.0.0.12:26379, c3333333333333333 10.0.0.13:26379");
    const QString s3Own = QStringLiteral("s 10.0.0.13:26379 #c3333333333333333 = a1111111111111111 10.0.0.11:26379, b2222222222222222 10.0.0.12:26379");
    QTest::newRow("sentinel: s1's own id and list (the lowest is its own)")
        << sentinel << "10.0.0.11:26379" << QStringList{s1Own} << QString() << byId << true;
    QTest::newRow("sentinel: s3's own id and list, the others without lists")
        << sentinel << "10.0.0.13:26379"
        << QStringList{s3Own, QStringLiteral("s 10.0.0.11:26379"), QStringLiteral("s 10.0.0.12:26379")} << QString() << byId
        << true;
    QTest::newRow("sentinel: an own id without a list yet is named by the seed")
        << sentinel << "10.0.0.11:26379" << QStringList{QStringLiteral("s 10.0.0.11:26379 #a1111111111111111")} << QString()
        << QStringLiteral("sentinel:mymaster@10.0.0.11:26379") << false;
    QTest::newRow("sentinel: a lone sentinel with its own id is named by it")
        << sentinel << "10.0.0.11:26379" << QStringList{QStringLiteral("s 10.0.0.11:26379 #d4444444444444444 =")} << QString()
        << QStringLiteral("sentinel:mymaster/d44444444444") << true;
}

void TestDeploymentIdentity::resolve()
{
    QFETCH(int, kind);
    QFETCH(QString, seed);
    QFETCH(QStringList, script);
    QFETCH(QString, explicitId);
    QFETCH(QString, id);
    QFETCH(bool, settled);

    DeploymentIdentity::Input input;
    input.kind = TopologySnapshot::Kind(kind);
    input.explicitId = explicitId;
    input.masterName = QStringLiteral("mymaster");
    input.seeds = {Endpoint::parse(seed)};
    input.observations = observations(script);
    const DeploymentIdentity::Result r = DeploymentIdentity::resolve(input);
    QCOMPARE(r.id, id);
    QVERIFY2(r.settled == settled, qPrintable(r.basis));
    QVERIFY(!r.basis.isEmpty());
}

void TestDeploymentIdentity::clusterIdIsTheLowestNodeId()
{
    DeploymentIdentity::Input input;
    input.kind = TopologySnapshot::Kind::Cluster;
    input.seeds = {Endpoint::parse(QStringLiteral("10.0.0.1:7000"))};
    DeploymentIdentity::Result r = DeploymentIdentity::resolve(input);
    QCOMPARE(r.id, QStringLiteral("cluster@10.0.0.1:7000"));
    QVERIFY(!r.settled);
    input.clusterNodeIds = {QString(40, QLatin1Char('e')), QStringLiteral("10.0.0.1:7000"), QString(40, QLatin1Char('3'))};
    r = DeploymentIdentity::resolve(input);
    QCOMPARE(r.id, QStringLiteral("cluster:333333333333"));
    QVERIFY(r.settled);
}

QTEST_APPLESS_MAIN(TestDeploymentIdentity)
#include "tst_deploymentidentity.moc"
