// ClusterWriter (test support for resharding under load) on a real 3-master cluster lab: it
// writes without redirects on a stable cluster, and keeps writing through a slot move driven here
// with raw commands (SETSLOT IMPORTING / MIGRATING, MIGRATE ... KEYS, SETSLOT NODE), following
// -ASK while the slots are open and -MOVED once they are moved, without losing a write.
#include "ClusterWriter.h"
#include "LabFixture.h"
#include "model/HashSlot.h"
#include "resp/RedisConnection.h"

#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace ops;
using labtest::describe;
using labtest::execute;

class TestClusterWriter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void writesEverySlotWithoutRedirects();
    void followsAskAndMovedDuringSlotMove();

private:
    /** A connection to @p node owned by the test (created on first use). */
    RedisConnection &node(const Endpoint &endpoint);
    /** Stops @p writer, verifies, and returns the final report (QVERIFY-style failures inside). */
    bool finish(ClusterWriter &writer, ClusterWriter::Report &report);

    std::unique_ptr<LocalLab> m_lab;
    std::map<quint16, std::unique_ptr<RedisConnection>> m_nodes;
};

void TestClusterWriter::initTestCase()
{
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 0);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why), qPrintable(why));
}

void TestClusterWriter::cleanupTestCase()
{
    m_nodes.clear();
    m_lab.reset();
}

RedisConnection &TestClusterWriter::node(const Endpoint &endpoint)
{
    std::unique_ptr<RedisConnection> &c = m_nodes[endpoint.port];
    if (!c)
        c = std::make_unique<RedisConnection>(m_lab->topology().connectionOptions(endpoint));
    return *c;
}

bool TestClusterWriter::finish(ClusterWriter &writer, ClusterWriter::Report &report)
{
    QSignalSpy stopped(&writer, &ClusterWriter::stopped);
    writer.stop();
    if (!stopped.wait(15000)) {
        qWarning() << "the writer did not stop:" << writer.report().toString();
        return false;
    }
    QSignalSpy finished(&writer, &ClusterWriter::finished);
    writer.verify();
    if (!finished.wait(60000)) {
        qWarning() << "the verification did not finish:" << writer.report().toString();
        return false;
    }
    report = finished.constFirst().constFirst().value<ClusterWriter::Report>();
    return true;
}

void TestClusterWriter::writesEverySlotWithoutRedirects()
{
    ClusterWriter::Options o;
    o.connection = m_lab->topology().connectionOptions(m_lab->topology().nodes.constFirst().endpoint);
    o.prefix = "stable:";
    o.maxWrites = 3000;
    o.inFlight = 8;
    ClusterWriter writer(o);
    QSignalSpy started(&writer, &ClusterWriter::started);
    QSignalSpy stopped(&writer, &ClusterWriter::stopped);
    writer.start();
    QVERIFY(started.wait(10000));
    QVERIFY2(stopped.wait(30000), qPrintable(writer.report().toString())); // maxWrites reached

    QSignalSpy finished(&writer, &ClusterWriter::finished);
    writer.verify();
    QVERIFY(finished.wait(30000));
    const auto r = finished.constFirst().constFirst().value<ClusterWriter::Report>();
    QVERIFY2(r.acknowledged == 3000 && r.checked == 3000, qPrintable(r.toString()));
    QVERIFY2(r.moved == 0 && r.ask == 0 && r.errors == 0 && r.readErrors == 0, qPrintable(r.toString()));
    QVERIFY2(r.missing == 0 && r.wrongValue == 0, qPrintable(r.toString()));

    // The keys went to all three masters: the writer's map is the cluster's.
    QSet<quint16> owners;
    for (qint64 n : writer.acknowledgedWrites())
        owners << writer.ownerOf(HashSlot::of(writer.keyOf(n))).port;
    QCOMPARE(owners.size(), 3);
}

void TestClusterWriter::followsAskAndMovedDuringSlotMove()
{
    const QList<LabNode> masters = m_lab->topology().nodesWithRole(LabNode::Role::Master);
    QCOMPARE(masters.size(), 3);
    constexpr int kFirst = 0, kLast = 63; // slots moved from the owner of slot 0 to another master

    ClusterWriter::Options o;
    o.connection = m_lab->topology().connectionOptions(masters.constFirst().endpoint);
    o.prefix = "moving:";
    o.slotRanges = {SlotRange{kFirst, kLast}};
    ClusterWriter writer(o);
    QSignalSpy started(&writer, &ClusterWriter::started);
    writer.start();
    QVERIFY(started.wait(10000));
    // Keys on the source before the move: MIGRATE has to carry them.
    QTRY_VERIFY2_WITH_TIMEOUT(writer.report().acknowledged >= 300, qPrintable(writer.report().toString()), 15000);

    const Endpoint source = writer.ownerOf(kFirst);
    QVERIFY(source.isValid());
    Endpoint target, other;
    for (const LabNode &m : masters)
        if (m.endpoint != source)
            (target.isValid() ? other : target) = m.endpoint;
    QVERIFY(target.isValid() && other.isValid());
    const QByteArray sourceId = execute(node(source), RespCommand{"CLUSTER", "MYID"}).value().bytes();
    const QByteArray targetId = execute(node(target), RespCommand{"CLUSTER", "MYID"}).value().bytes();
    QVERIFY(!sourceId.isEmpty() && !targetId.isEmpty());

    // Open every slot first (importing on the target, then migrating on the source): every new
    // key the writer sends to the source now is answered -ASK.
    for (int s = kFirst; s <= kLast; ++s) {
        RedisResult r = execute(node(target), RespCommand{"CLUSTER", "SETSLOT", QByteArray::number(s), "IMPORTING", sourceId});
        QVERIFY2(r.ok(), describe(r).constData());
        r = execute(node(source), RespCommand{"CLUSTER", "SETSLOT", QByteArray::number(s), "MIGRATING", targetId});
        QVERIFY2(r.ok(), describe(r).constData());
    }
    const qint64 ackedBefore = writer.report().acknowledged;
    QTRY_VERIFY2_WITH_TIMEOUT(writer.report().ask >= 50 && writer.report().acknowledged >= ackedBefore + 50,
                              qPrintable(writer.report().toString()), 15000);

    // Move the keys, 100 per MIGRATE, then hand each slot over: target, source, the third master.
    qint64 migrated = 0;
    for (int s = kFirst; s <= kLast; ++s) {
        for (;;) {
            const RedisResult keys = execute(node(source), RespCommand{"CLUSTER", "GETKEYSINSLOT", QByteArray::number(s), "100"});
            QVERIFY2(keys.ok() && keys.value().isArray(), describe(keys).constData());
            if (keys.value().size() == 0)
                break;
            RespCommand migrate{"MIGRATE", "127.0.0.1", QByteArray::number(target.port), "", "0", "5000", "KEYS"};
            for (std::size_t i = 0; i < keys.value().size(); ++i)
                migrate << keys.value()[i].bytes();
            const RedisResult r = execute(node(source), migrate);
            QVERIFY2(r.ok(), describe(r).constData());
            migrated += qint64(keys.value().size());
        }
        for (const Endpoint &e : {target, source, other}) {
            const RedisResult r = execute(node(e), RespCommand{"CLUSTER", "SETSLOT", QByteArray::number(s), "NODE", targetId});
            QVERIFY2(r.ok(), (e.toString().toUtf8() + ": " + describe(r)).constData());
        }
    }
    QVERIFY(migrated >= 300);

    // The writer's map still names the source: its next writes are answered -MOVED.
    const qint64 ackedMoved = writer.report().acknowledged;
    QTRY_VERIFY2_WITH_TIMEOUT(writer.report().moved > 0 && writer.report().acknowledged >= ackedMoved + 50,
                              qPrintable(writer.report().toString()), 15000);
    QCOMPARE(writer.ownerOf(kFirst), target);

    ClusterWriter::Report r;
    QVERIFY(finish(writer, r));
    qInfo().noquote() << "writer during the move:" << r.toString() << "; keys migrated:" << migrated;
    QVERIFY2(r.ask > 0 && r.moved > 0, qPrintable(r.toString()));
    QVERIFY2(r.errors == 0 && r.readErrors == 0, qPrintable(r.toString()));
    QVERIFY2(r.checked == r.acknowledged && r.missing == 0 && r.wrongValue == 0, qPrintable(r.toString()));

    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why), qPrintable(why));
}

QTEST_GUILESS_MAIN(TestClusterWriter)
#include "tst_clusterwriter.moc"
