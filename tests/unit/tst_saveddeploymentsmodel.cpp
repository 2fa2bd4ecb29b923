// SavedDeploymentsModel (the Overview's saved deployments): what each column says of each kind of
// profile (cluster/standalone seed, Sentinel, TLS, read-only, user), the health column for a
// profile not open, opening and open with its badge, exact updates (one row's dataChanged), and
// QAbstractItemModelTester over resets and live changes.
#include "viewmodels/SavedDeploymentsModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace ops;

namespace {

ConnectionProfile seedProfile(const QString &name)
{
    ConnectionProfile p;
    p.name = name;
    p.options.endpoint = Endpoint{QStringLiteral("redis-1.internal"), 7000};
    return p;
}

ConnectionProfile sentinelProfile(const QString &name)
{
    ConnectionProfile p = seedProfile(name);
    p.sentinels = {Endpoint{QStringLiteral("10.0.0.1"), 26379}, Endpoint{QStringLiteral("10.0.0.2"), 26380}};
    p.masterName = "mymaster";
    p.options.user = QStringLiteral("ops");
    p.options.tls.enabled = true;
    p.options.tls.caFile = QStringLiteral("/etc/ssl/ca.pem");
    p.readOnly = true;
    return p;
}

QStringList words(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *w : list)
        out << QString::fromUtf8(w);
    return out;
}

QStringList rowText(const SavedDeploymentsModel &m, int row)
{
    QStringList out;
    for (int c = 0; c < m.columnCount(); ++c)
        out << m.index(row, c).data().toString();
    return out;
}

} // namespace

Q_DECLARE_METATYPE(ops::ConnectionProfile)
Q_DECLARE_METATYPE(ops::SavedDeploymentsModel::Live)

class TestSavedDeploymentsModel : public QObject
{
    Q_OBJECT

private slots:
    void columns_data();
    void columns();
    void healthRank_data();
    void healthRank();
    void liveUpdatesAreExact();
    void liveStateSurvivesAReload();
};

void TestSavedDeploymentsModel::columns_data()
{
    QTest::addColumn<ConnectionProfile>("profile");
    QTest::addColumn<bool>("open");
    QTest::addColumn<SavedDeploymentsModel::Live>("live");
    QTest::addColumn<QStringList>("expected"); // Name, Kind, Address, User, TLS, Read-only, Health
    QTest::addColumn<int>("healthRaw");

    const SavedDeploymentsModel::Live none;
    QTest::newRow("seed, not open") << seedProfile(QStringLiteral("prod")) << false << none
                                    << words({"prod", "cluster or standalone", "redis-1.internal:7000", "default", "off", "no", "not open"})
                                    << -2;
    QTest::newRow("seed, opening") << seedProfile(QStringLiteral("prod")) << true << none
                                   << words({"prod", "cluster or standalone", "redis-1.internal:7000", "default", "off", "no",
                                                  "open, waiting for the first refresh"})
                                   << -1;
    QTest::newRow("seed, open cluster, critical")
        << seedProfile(QStringLiteral("prod")) << true
        << SavedDeploymentsModel::Live{QStringLiteral("cluster"), QStringLiteral("critical"), QStringLiteral("CRITICAL — 1 critical · 12 passing")}
        << words({"prod", "cluster", "redis-1.internal:7000", "default", "off", "no", "CRITICAL — 1 critical · 12 passing"}) << 4;
    QTest::newRow("seed, open standalone, healthy")
        << seedProfile(QStringLiteral("cache")) << true
        << SavedDeploymentsModel::Live{QStringLiteral("standalone"), QStringLiteral("pass"), QStringLiteral("HEALTHY — 13 passing")}
        << words({"cache", "standalone", "redis-1.internal:7000", "default", "off", "no", "HEALTHY — 13 passing"}) << 0;
    QTest::newRow("sentinel, TLS, read-only, user")
        << sentinelProfile(QStringLiteral("payments")) << false << none
        << words({"payments", "sentinel", "mymaster via 10.0.0.1:26379, 10.0.0.2:26380", "ops", "on", "yes", "not open"}) << -2;
    ConnectionProfile insecure = sentinelProfile(QStringLiteral("lab"));
    insecure.options.tls.insecure = true;
    QTest::newRow("sentinel, open, warning")
        << insecure << true
        << SavedDeploymentsModel::Live{QStringLiteral("sentinel"), QStringLiteral("warning"), QStringLiteral("WARNING — 1 warning")}
        << words({"lab", "sentinel", "mymaster via 10.0.0.1:26379, 10.0.0.2:26380", "ops", "on (insecure)", "yes", "WARNING — 1 warning"})
        << 3;
}

void TestSavedDeploymentsModel::columns()
{
    QFETCH(ConnectionProfile, profile);
    QFETCH(bool, open);
    QFETCH(SavedDeploymentsModel::Live, live);
    QFETCH(QStringList, expected);
    QFETCH(int, healthRaw);
    SavedDeploymentsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setProfiles({seedProfile(QStringLiteral("other")), profile});
    if (open)
        model.setLive(profile.name, live);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(SavedDeploymentsModel::ColumnCount));
    QCOMPARE(rowText(model, 1), expected);
    QCOMPARE(model.isOpen(1), open);
    QCOMPARE(model.index(1, 0).data(SavedDeploymentsModel::OpenRole).toBool(), open);
    QCOMPARE(model.index(1, SavedDeploymentsModel::Health).data(SavedDeploymentsModel::RawRole).toInt(), healthRaw);
    QCOMPARE(model.index(1, SavedDeploymentsModel::Health).data(SavedDeploymentsModel::HealthWordRole).toString(), live.healthWord);
    QCOMPARE(model.index(1, SavedDeploymentsModel::Name).data(SavedDeploymentsModel::RawRole).toString(), profile.name);
    QCOMPARE(rowText(model, 0).last(), QStringLiteral("not open")); // the other row is not touched
    QCOMPARE(model.headerData(SavedDeploymentsModel::Address, Qt::Horizontal).toString(), QStringLiteral("Seed / sentinels"));
    if (profile.options.tls.enabled)
        QCOMPARE(model.index(1, SavedDeploymentsModel::Tls).data(Qt::ToolTipRole).toString(), QStringLiteral("/etc/ssl/ca.pem"));
}

void TestSavedDeploymentsModel::healthRank_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<int>("rank");
    QTest::newRow("critical") << "critical" << 4;
    QTest::newRow("warning") << "warning" << 3;
    QTest::newRow("info") << "info" << 2;
    QTest::newRow("unknown") << "unknown" << 1;
    QTest::newRow("pass") << "pass" << 0;
}

void TestSavedDeploymentsModel::healthRank()
{
    QFETCH(QString, word);
    QFETCH(int, rank);
    QCOMPARE(SavedDeploymentsModel::healthRank(word), rank);
}

void TestSavedDeploymentsModel::liveUpdatesAreExact()
{
    SavedDeploymentsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setProfiles({seedProfile(QStringLiteral("a")), seedProfile(QStringLiteral("b")), sentinelProfile(QStringLiteral("c"))});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setLive(QStringLiteral("b"), {QStringLiteral("cluster"), QStringLiteral("info"), QStringLiteral("INFO — 1 info")});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(1, SavedDeploymentsModel::Kind));
    QCOMPARE(changed.at(0).at(1).toModelIndex(), model.index(1, SavedDeploymentsModel::Health));
    QCOMPARE(model.kindText(1), QStringLiteral("cluster"));
    model.clearLive(QStringLiteral("b"));
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 1);
    QCOMPARE(rowText(model, 1).last(), QStringLiteral("not open"));
    model.clearLive(QStringLiteral("b")); // not open: nothing to say
    model.setLive(QStringLiteral("not saved"), {}); // a name not in the list: no row changes
    QCOMPARE(changed.size(), 2);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowOf(QStringLiteral("c")), 2);
    QCOMPARE(model.rowOf(QStringLiteral("zz")), -1);
    QVERIFY(model.profile(3) == nullptr);
}

void TestSavedDeploymentsModel::liveStateSurvivesAReload()
{
    SavedDeploymentsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setProfiles({seedProfile(QStringLiteral("a"))});
    model.setLive(QStringLiteral("a"), {QStringLiteral("standalone"), QStringLiteral("pass"), QStringLiteral("HEALTHY — 13 passing")});
    // A profile saved meanwhile (the connection dialog): the list is read again, "a" stays open.
    model.setProfiles({seedProfile(QStringLiteral("a")), seedProfile(QStringLiteral("new"))});
    QVERIFY(model.isOpen(0));
    QVERIFY(!model.isOpen(1));
    QCOMPARE(rowText(model, 0).last(), QStringLiteral("HEALTHY — 13 passing"));
    model.setProfiles({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestSavedDeploymentsModel)
#include "tst_saveddeploymentsmodel.moc"
