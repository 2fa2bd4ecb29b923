// Discovery keeps TLS for every node it finds. The TLS labs listen on TLS ports only (port 0), so a
// discovered node reached in plaintext could not answer: `redis-ops topology` from one seed (a
// cluster node, or the sentinels) must show every data node and sentinel answering, with its
// version (read over the connection), no error and no stale flag. Then `redis-ops lag` and
// `check` on the same deployment, the other monitoring paths.
#include "CliProcess.h"
#include "LabFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

class TestTlsDiscovery : public QObject
{
    Q_OBJECT
private slots:
    void everyDiscoveredNodeSpeaksTls_data();
    void everyDiscoveredNodeSpeaksTls();
};

void TestTlsDiscovery::everyDiscoveredNodeSpeaksTls_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("sentinel") << int(LabSpec::Kind::Sentinel);
    QTest::newRow("cluster") << int(LabSpec::Kind::Cluster);
}

void TestTlsDiscovery::everyDiscoveredNodeSpeaksTls()
{
    QFETCH(int, kind);
    LocalLab lab;
    LabSpec spec;
    spec.kind = LabSpec::Kind(kind);
    spec.masters = 3;
    spec.replicasPerMaster = 1;
    spec.tls = true;
    QString error;
    QVERIFY2(labtest::startLab(lab, spec, error), qPrintable(error));
    const LabTopology &t = lab.topology();
    QStringList args{QStringLiteral("--tls"), QStringLiteral("--cacert"), t.caFile, QStringLiteral("--cert"), t.clientCertFile,
                     QStringLiteral("--key"), t.clientKeyFile, QStringLiteral("--json")};
    if (spec.kind == LabSpec::Kind::Sentinel)
        args << QStringLiteral("--sentinel") << t.nodesWithRole(LabNode::Role::Sentinel).first().endpoint.toString()
             << QStringLiteral("--master") << spec.masterName;
    else
        args << QStringLiteral("-p") << QString::number(t.nodesWithRole(LabNode::Role::Master).first().endpoint.port);

    QTemporaryDir home;
    QVERIFY(home.isValid());
    CliProcess topology(QStringLiteral(REDIS_OPS_BINARY), home.path(), QStringList{QStringLiteral("topology")} + args);
    QVERIFY(topology.finished(60000));
    QVERIFY2(topology.process().exitCode() == 0, topology.err().constData());
    const QJsonObject snapshot = QJsonDocument::fromJson(topology.out()).object(); // one indented document
    QJsonArray nodes = snapshot.value(QStringLiteral("nodes")).toArray();
    const auto sentinels = snapshot.value(QStringLiteral("sentinels")).toArray();
    for (const QJsonValue &s : sentinels)
        nodes.append(s);
    QVERIFY2(nodes.size() == t.nodes.size(), (QJsonDocument(snapshot).toJson() + topology.err()).constData()); // every node, the seed's peers included
    for (const QJsonValue &v : std::as_const(nodes)) {
        const QJsonObject n = v.toObject();
        const QByteArray what = QJsonDocument(n).toJson(QJsonDocument::Compact);
        QVERIFY2(n.value(QStringLiteral("health")) == QLatin1String("ok"), what.constData());
        QVERIFY2(!n.value(QStringLiteral("version")).toString().isEmpty(), what.constData());
        QVERIFY2(!n.contains(QStringLiteral("lastError")), what.constData());
    }

    CliProcess lag(QStringLiteral(REDIS_OPS_BINARY), home.path(), QStringList{QStringLiteral("lag")} + args);
    QVERIFY(lag.finished(60000));
    QVERIFY2(lag.process().exitCode() == 0, lag.err().constData());
    CliProcess check(QStringLiteral(REDIS_OPS_BINARY), home.path(), QStringList{QStringLiteral("check")} + args);
    QVERIFY(check.finished(60000));
    QVERIFY2(check.process().exitCode() == 0 || check.process().exitCode() == 1, check.err().constData());
    QVERIFY2(!check.out().contains("timed out") && !check.out().contains("TLS"), check.out().constData());
}

QTEST_GUILESS_MAIN(TestTlsDiscovery)
#include "tst_tlsdiscovery.moc"
