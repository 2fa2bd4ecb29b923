// The console (its backend, ConsoleRuntime, as redis-ops-console runs it) with the least-privilege
// roles of docs/security.md, read from the document and applied on a real Sentinel lab: connected
// as ops-monitor it watches the whole deployment — every node and sentinel answers, the settings
// are read (CONFIG GET, SENTINEL CKQUORUM) — and not one ACL LOG entry appears on any server. A
// guided failover asked with that role is refused, naming the command ACL denied, and the master
// stays where it was; the same console connected as ops-operator fails over with no ACL LOG entry.
#include "AclRoles.h"
#include "ConsoleRuntime.h"
#include "LabFixture.h"
#include "LabSeeding.h"
#include "actions/FailoverIntent.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

namespace {
constexpr char kPassword[] = "console-acl-test-pw";
} // namespace

class TestConsoleAcl : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void monitoringRoleWatchesAndIsRefusedTheFailover();
    void operatorRoleFailsOver();

private:
    MonitorConfig configAs(const QString &user) const;
    /** Starts watching as @p user; the monitor id once every node answered with its settings read. */
    int watch(ConsoleRuntime &runtime, const QString &user);
    /** Previews a standard failover and executes it; the refusal or the outcome, as text. */
    QString failover(ConsoleRuntime &runtime, int id, bool *verified);

    QTemporaryDir m_home;
    AclRoles m_roles{kPassword};
    std::unique_ptr<LocalLab> m_lab;
};

void TestConsoleAcl::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY2(m_roles.isValid(), "docs/security.md is not readable");
    m_lab = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(m_roles.apply(*m_lab, why), qPrintable(why));
}

void TestConsoleAcl::cleanupTestCase()
{
    const QList<qint64> left = labtest::stopLabs({&m_lab});
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("still running: %1").arg(left.size())));
}

MonitorConfig TestConsoleAcl::configAs(const QString &user) const
{
    MonitorConfig c = labtest::sentinelMonitorConfig(m_lab->topology());
    c.dataOptions.user = user;
    c.dataOptions.password = kPassword;
    c.sentinelOptions = c.dataOptions;
    return c;
}

int TestConsoleAcl::watch(ConsoleRuntime &runtime, const QString &user)
{
    const int id = runtime.startMonitor(configAs(user));
    SnapshotPtr last;
    connect(&runtime, &ConsoleRuntime::snapshotChanged, this, [&last, id](int monitorId, const SnapshotPtr &s) {
        if (monitorId == id)
            last = s;
    });
    const bool complete = QTest::qWaitFor([&] {
        if (!last || last->nodes.size() != 3 || last->sentinels.size() != 3)
            return false;
        for (const Node &n : last->nodes)
            if (n.lastSeenMs == 0 || !n.lastError.isEmpty() || n.config.readAtMs == 0)
                return false;
        for (const Node &s : last->sentinels)
            if (s.lastSeenMs == 0 || !s.lastError.isEmpty())
                return false;
        return true;
    }, 30000);
    disconnect(&runtime, &ConsoleRuntime::snapshotChanged, this, nullptr);
    if (!complete && last) {
        for (const Node &n : last->nodes + last->sentinels)
            qWarning("%s: seen %lld, error '%s', settings read %lld", qPrintable(n.endpoint.toString()), n.lastSeenMs,
                     qPrintable(n.lastError), n.config.readAtMs);
    }
    return complete ? id : -1;
}

QString TestConsoleAcl::failover(ConsoleRuntime &runtime, int id, bool *verified)
{
    QSignalSpy previews(&runtime, &ConsoleRuntime::actionPreview);
    QSignalSpy finished(&runtime, &ConsoleRuntime::actionFinished);
    runtime.previewFailover(id, FailoverIntent{});
    if (!previews.wait(30000))
        return QStringLiteral("no preview");
    const ActionPreview p = previews.last().at(1).value<ActionPreview>();
    if (!p.allowed())
        return QStringLiteral("refused: ") + p.blockingReasons().join(QStringLiteral("; "));
    runtime.executeAction(id, p.id);
    if (!finished.wait(90000))
        return QStringLiteral("no outcome");
    const ActionOutcome o = finished.last().at(1).value<ActionOutcome>();
    *verified = o.verified;
    return o.state + QStringLiteral(": ") + o.outcome + QStringLiteral(" ") + o.details.join(QLatin1Char(' '));
}

void TestConsoleAcl::monitoringRoleWatchesAndIsRefusedTheFailover()
{
    ConsoleRuntime runtime;
    runtime.openHistory(m_home.filePath(QStringLiteral("history.sqlite")));
    const Endpoint master = labtest::sentinelMaster(*m_lab);
    const int id = watch(runtime, QStringLiteral("ops-monitor"));
    QVERIFY2(id >= 0, "the console did not see every node answer as ops-monitor");
    QStringList denials = AclRoles::denials(*m_lab);
    QVERIFY2(denials.isEmpty(), qPrintable(denials.join(QLatin1Char('\n'))));

    bool verified = false;
    const QString result = failover(runtime, id, &verified);
    qInfo("failover as ops-monitor: %s", qPrintable(result));
    QVERIFY(!verified);
    QVERIFY2(result.contains(QLatin1String("NOPERM")) || result.contains(QLatin1String("permission")), qPrintable(result));
    QVERIFY2(QRegularExpression(QStringLiteral("'[a-z-]+(\\|[a-z-]+)?' command")).match(result).hasMatch(), qPrintable(result));
    QCOMPARE(labtest::sentinelMaster(*m_lab), master);
    for (const LabNode &n : m_lab->topology().nodes) // what follows must be the operator's alone
        QVERIFY(labtest::execute(*m_lab->control(n.endpoint), RespCommand{"ACL", "LOG", "RESET"}).ok());
}

void TestConsoleAcl::operatorRoleFailsOver()
{
    ConsoleRuntime runtime;
    runtime.openHistory(m_home.filePath(QStringLiteral("history.sqlite")));
    const Endpoint master = labtest::sentinelMaster(*m_lab);
    const int id = watch(runtime, QStringLiteral("ops-operator"));
    QVERIFY2(id >= 0, "the console did not see every node answer as ops-operator");
    bool verified = false;
    const QString result = failover(runtime, id, &verified);
    QVERIFY2(verified, qPrintable(result));
    QVERIFY(labtest::sentinelMaster(*m_lab) != master);
    const QStringList denials = AclRoles::denials(*m_lab);
    QVERIFY2(denials.isEmpty(), qPrintable(denials.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestConsoleAcl)
#include "tst_consoleacl.moc"
