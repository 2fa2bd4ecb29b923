// AboutDialog: the server versions of a snapshot, data-driven (roles counted per version, mixed
// versions during an upgrade, servers that have not answered INFO, sentinels apart), and the
// dialog's trees: libraries as given, one entry per deployment, server text shown as plain text.
#include "AboutDialog.h"
#include "TestPaths.h"

#include <QTreeWidget>
#include <QtTest>

using namespace ops;

namespace {

Node node(Node::Role role, const char *version)
{
    Node n;
    n.role = role;
    n.version = QString::fromLatin1(version);
    return n;
}

} // namespace

class TestAboutDialog : public QObject
{
    Q_OBJECT
private slots:
    void serverVersions_data();
    void serverVersions();
    void dialogShowsLibrariesAndDeployments();
};

void TestAboutDialog::serverVersions_data()
{
    // Servers as "role version" words (no version: INFO not answered yet).
    QTest::addColumn<QStringList>("servers");
    QTest::addColumn<QStringList>("rows");
    auto l = [](std::initializer_list<const char *> words) {
        QStringList out;
        for (const char *w : words)
            out << QString::fromLatin1(w);
        return out;
    };
    QTest::newRow("one version")
        << l({"master 7.0.15", "replica 7.0.15", "replica 7.0.15", "sentinel 7.0.15", "sentinel 7.0.15", "sentinel 7.0.15"})
        << l({"Redis 7.0.15: 1 master, 2 replicas", "Sentinel 7.0.15: 3 sentinels"});
    QTest::newRow("upgrade half done")
        << l({"master 7.2.4", "master 7.0.15", "replica 7.2.4", "replica 7.2.4"})
        << l({"Redis 7.0.15: 1 master", "Redis 7.2.4: 1 master, 2 replicas"});
    QTest::newRow("not answered yet")
        << l({"master 7.0.15", "replica", "sentinel"})
        << l({"Redis 7.0.15: 1 master", "Redis, version unknown: 1 replica", "Sentinel, version unknown: 1 sentinel"});
    QTest::newRow("empty") << QStringList{} << QStringList{};
}

void TestAboutDialog::serverVersions()
{
    QFETCH(QStringList, servers);
    TopologySnapshot snapshot;
    for (const QString &s : servers) {
        const QString role = s.section(QLatin1Char(' '), 0, 0);
        const QByteArray version = s.section(QLatin1Char(' '), 1, 1).toLatin1();
        if (role == QStringLiteral("sentinel"))
            snapshot.sentinels << node(Node::Role::Sentinel, version.constData());
        else
            snapshot.nodes << node(role == QStringLiteral("master") ? Node::Role::Master : Node::Role::Replica, version.constData());
    }
    QStringList rows;
    for (const auto &[label, where] : AboutDialog::serverVersions(snapshot))
        rows << label + QStringLiteral(": ") + where;
    QTEST(rows, "rows");
}

void TestAboutDialog::dialogShowsLibrariesAndDeployments()
{
    auto cluster = std::make_shared<TopologySnapshot>();
    cluster->kind = TopologySnapshot::Kind::Cluster;
    cluster->nodes = {node(Node::Role::Master, "<b>7.0.15</b>"), node(Node::Role::Replica, "<b>7.0.15</b>")};
    const AboutDialog::Versions libraries{{QStringLiteral("Qt"), QStringLiteral("6.4.2")}, {QStringLiteral("hiredis"), QStringLiteral("0.14.1")}};
    AboutDialog dialog(libraries, {{QStringLiteral("orders"), cluster}, {QStringLiteral("lab sentinel"), nullptr}});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.libraries()->topLevelItemCount(), 2);
    QCOMPARE(dialog.libraries()->topLevelItem(1)->text(1), QStringLiteral("0.14.1"));
    QTreeWidget *servers = dialog.servers();
    QCOMPARE(servers->topLevelItemCount(), 2);
    QCOMPARE(servers->topLevelItem(0)->text(1), QStringLiteral("cluster"));
    // Server-provided text stays text: the markup is shown, not interpreted.
    QCOMPARE(servers->topLevelItem(0)->child(0)->text(0), QStringLiteral("Redis <b>7.0.15</b>"));
    QCOMPARE(servers->topLevelItem(1)->text(1), QStringLiteral("not seen yet"));
    QCOMPARE(servers->topLevelItem(1)->childCount(), 0);
    QVERIFY(dialog.grab().save(testOutputDir() + QStringLiteral("/aboutdialog.png")));
}

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
