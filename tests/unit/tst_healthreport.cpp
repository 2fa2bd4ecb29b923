// HealthChecker and HealthReport: one passing finding per silent rule, the rule's id/title/
// explanation on every finding, the exit decision per minimum severity, markers per node, JSON.
#include "HealthTestSupport.h"

#include <QJsonArray>
#include <QTest>

using namespace healthtest;

class TestHealthReport : public QObject
{
    Q_OBJECT
private slots:
    void rulesApplyPerKind_data();
    void rulesApplyPerKind();
    void stampsTheRule();
    void failsPerMinimumSeverity_data();
    void failsPerMinimumSeverity();
    void firingOnNode();
    void json();
    void parseSeverity_data();
    void parseSeverity();
};

void TestHealthReport::rulesApplyPerKind_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("prefixes");
    QTest::newRow("sentinel") << int(TopologySnapshot::Kind::Sentinel) << "failover,memory,replication,sentinel";
    QTest::newRow("cluster") << int(TopologySnapshot::Kind::Cluster) << "cluster,failover,memory,replication";
    QTest::newRow("standalone") << int(TopologySnapshot::Kind::Standalone) << "memory,replication";
}

void TestHealthReport::rulesApplyPerKind()
{
    QFETCH(int, kind);
    QFETCH(QString, prefixes);
    const auto k = TopologySnapshot::Kind(kind);
    const TopologySnapshot s = k == TopologySnapshot::Kind::Cluster ? cluster()
        : k == TopologySnapshot::Kind::Sentinel                    ? sentinelDeployment()
                                                                   : standalone();
    const HealthReport report = HealthChecker(soundThresholds()).check(s, soundContext(s));
    QSet<QString> seen;
    for (const HealthFinding &f : report.findings)
        seen.insert(f.ruleId.section(QLatin1Char('.'), 0, 0));
    QStringList sorted(seen.begin(), seen.end());
    sorted.sort();
    QCOMPARE(sorted.join(QLatin1Char(',')), prefixes);
    // One passing finding per applicable rule on a sound deployment.
    int applicable = 0;
    for (const HealthRule &r : HealthChecker::allRules())
        applicable += r.appliesTo(k) ? 1 : 0;
    QCOMPARE(report.findings.size(), applicable);
    QVERIFY(!report.worst());
    QCOMPARE(report.deploymentId, s.deploymentId);
}

void TestHealthReport::stampsTheRule()
{
    TopologySnapshot s = sentinelDeployment(2);
    const QList<HealthFinding> found = HealthChecker().check(s).ofRule(QStringLiteral("sentinel.count"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().title, QStringLiteral("Sentinel count"));
    QVERIFY(found.first().explanation.contains(QLatin1String("majority")));
    QVERIFY(!found.first().fix.isEmpty());
    QCOMPARE(found.first().evidenceText(), QStringLiteral("sentinels=2, minimum=3"));
}

void TestHealthReport::failsPerMinimumSeverity_data()
{
    QTest::addColumn<QString>("breakage");
    QTest::addColumn<QString>("minimum");
    QTest::addColumn<bool>("fails");
    QTest::newRow("sound, info") << "none" << "info" << false;
    QTest::newRow("warning, at warning") << "min-replicas" << "warning" << true;
    QTest::newRow("warning, at critical") << "min-replicas" << "critical" << false;
    QTest::newRow("warning, at info") << "min-replicas" << "info" << true;
    QTest::newRow("critical, at critical") << "persistence" << "critical" << true;
    QTest::newRow("unknown never fails") << "unreadable" << "info" << false;
}

void TestHealthReport::failsPerMinimumSeverity()
{
    QFETCH(QString, breakage);
    QFETCH(QString, minimum);
    QFETCH(bool, fails);
    TopologySnapshot s = sentinelDeployment();
    Node &master = s.nodes[0];
    if (breakage == QLatin1String("min-replicas"))
        master.config.values.insert("min-replicas-to-write", "0");
    else if (breakage == QLatin1String("persistence"))
        master.config.values.insert("save", "");
    else if (breakage == QLatin1String("unreadable"))
        master.config = NodeConfig{{}, QStringLiteral("CONFIG GET failed: renamed"), 0};
    HealthFinding::Severity min{};
    QVERIFY(HealthFinding::parseSeverity(minimum, min));
    const HealthReport report = HealthChecker(soundThresholds()).check(s, soundContext(s));
    QCOMPARE(report.fails(min), fails);
    QCOMPARE(report.toJson(min).value(QStringLiteral("ok")).toBool(), !fails);
    if (breakage == QLatin1String("unreadable"))
        QCOMPARE(report.unknown().size(), 2); // min-replicas-to-write and persistence
}

void TestHealthReport::firingOnNode()
{
    TopologySnapshot s = sentinelDeployment();
    s.nodes[0].config.values.insert("min-replicas-to-write", "0");
    s.nodes[1].masterLinkUp = 0;
    const HealthReport report = HealthChecker().check(s);
    QCOMPARE(report.firingOn(s.nodes[0].id).size(), 1);
    QCOMPARE(report.firingOn(s.nodes[1].id).size(), 1);
    QCOMPARE(report.firingOn(s.nodes[2].id).size(), 0);
    QCOMPARE(*report.worst(), HealthFinding::Severity::Critical);
}

void TestHealthReport::json()
{
    TopologySnapshot s = sentinelDeployment(4);
    const QJsonObject o = HealthChecker().check(s).toJson(HealthFinding::Severity::Warning);
    QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("sentinel"));
    QCOMPARE(o.value(QStringLiteral("worst")).toString(), QStringLiteral("warning"));
    QCOMPARE(o.value(QStringLiteral("ok")).toBool(), false);
    QCOMPARE(o.value(QStringLiteral("minSeverity")).toString(), QStringLiteral("warning"));
    QJsonObject count;
    for (const QJsonValue &v : o.value(QStringLiteral("findings")).toArray())
        if (v.toObject().value(QStringLiteral("rule")).toString() == QLatin1String("sentinel.count"))
            count = v.toObject();
    QCOMPARE(count.value(QStringLiteral("status")).toString(), QStringLiteral("fire"));
    QCOMPARE(count.value(QStringLiteral("severity")).toString(), QStringLiteral("warning"));
    QCOMPARE(count.value(QStringLiteral("evidence")).toObject().value(QStringLiteral("sentinels")).toString(), QStringLiteral("4"));
    QVERIFY(!count.value(QStringLiteral("fix")).toString().isEmpty());
}

void TestHealthReport::parseSeverity_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("severity");
    QTest::newRow("info") << "info" << true << int(HealthFinding::Severity::Info);
    QTest::newRow("Warning") << "Warning" << true << int(HealthFinding::Severity::Warning);
    QTest::newRow("CRITICAL") << "CRITICAL" << true << int(HealthFinding::Severity::Critical);
    QTest::newRow("error") << "error" << false << 0;
    QTest::newRow("empty") << "" << false << 0;
}

void TestHealthReport::parseSeverity()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, severity);
    HealthFinding::Severity out = HealthFinding::Severity::Info;
    QCOMPARE(HealthFinding::parseSeverity(text, out), valid);
    if (valid)
        QCOMPARE(int(out), severity);
}

QTEST_APPLESS_MAIN(TestHealthReport)
#include "tst_healthreport.moc"
