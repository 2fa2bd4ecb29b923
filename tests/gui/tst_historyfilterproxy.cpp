// HistoryFilterProxy over a HistoryTableModel under QAbstractItemModelTester: kind fragments,
// node (id or endpoint), lower time bound, sorting by the raw role, and model updates (reset,
// appended live rows, clear) while filters are active.
#include "history/HistoryFilterProxy.h"
#include "viewmodels/HistoryTableModel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

#include <algorithm>

using namespace ops;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000;

OpsEvent ev(qint64 id, qint64 offsetMs, OpsEvent::Kind kind, OpsEvent::Severity severity, const QString &node,
            const QString &endpoint)
{
    OpsEvent e;
    e.id = id;
    e.timestampMs = kT0 + offsetMs;
    e.deploymentId = QStringLiteral("cluster:x");
    e.kind = kind;
    e.severity = severity;
    e.nodeId = node;
    e.endpoint = endpoint;
    e.message = QStringLiteral("event %1").arg(id);
    return e;
}

OpsEvent sentinel(qint64 id, qint64 offsetMs, const QString &type, const QString &endpoint)
{
    OpsEvent e = ev(id, offsetMs, OpsEvent::Kind::Sentinel, OpsEvent::Severity::Warning, endpoint, endpoint);
    e.sentinelType = type;
    e.source = OpsEvent::Source::Sentinel;
    return e;
}

OpsEvents sample()
{
    using K = OpsEvent::Kind;
    using S = OpsEvent::Severity;
    const QString a = QStringLiteral("aaaa"), d = QStringLiteral("dddd");
    const QString ea = QStringLiteral("127.0.0.1:7000"), ed = QStringLiteral("127.0.0.1:7003");
    return {
        ev(1, 0, K::NodeStale, S::Warning, a, ea),
        ev(2, 1000, K::PFailSet, S::Warning, a, ea),
        ev(3, 2500, K::FailSet, S::Critical, a, ea),
        ev(4, 3400, K::Promoted, S::Warning, d, ed),
        ev(5, 66'000, K::FailCleared, S::Info, a, ea),
        ev(6, 66'000, K::Demoted, S::Warning, a, ea),
        sentinel(7, 90'000, QStringLiteral("+switch-master"), QStringLiteral("127.0.0.1:6380")),
    };
}

QList<qint64> ids(const QAbstractItemModel &proxy)
{
    QList<qint64> out;
    for (int row = 0; row < proxy.rowCount(); ++row)
        out << proxy.index(row, 0).data(HistoryTableModel::EventIdRole).toLongLong();
    return out;
}

} // namespace

class TestHistoryFilterProxy : public QObject
{
    Q_OBJECT

private slots:
    void filters_data();
    void filters();
    void updatesWhileFiltered();
    void sortsByRawValues();
};

void TestHistoryFilterProxy::filters_data()
{
    QTest::addColumn<QString>("kinds");
    QTest::addColumn<QString>("node");
    QTest::addColumn<qint64>("sinceOffset");
    QTest::addColumn<QList<qint64>>("expected");
    QTest::newRow("none") << QString() << QString() << qint64(-1) << QList<qint64>{1, 2, 3, 4, 5, 6, 7};
    QTest::newRow("one fragment") << QStringLiteral("fail") << QString() << qint64(-1) << QList<qint64>{2, 3, 5};
    QTest::newRow("fragments, commas and spaces") << QStringLiteral(" FAIL,  promoted switch ") << QString() << qint64(-1)
                                                  << QList<qint64>{2, 3, 4, 5, 7};
    QTest::newRow("node by endpoint") << QString() << QStringLiteral("127.0.0.1:7000") << qint64(-1)
                                      << QList<qint64>{1, 2, 3, 5, 6};
    QTest::newRow("node by id") << QString() << QStringLiteral("dddd") << qint64(-1) << QList<qint64>{4};
    QTest::newRow("node is exact") << QString() << QStringLiteral("127.0.0.1:700") << qint64(-1) << QList<qint64>{};
    QTest::newRow("since") << QString() << QString() << qint64(3400) << QList<qint64>{4, 5, 6, 7};
    QTest::newRow("all three") << QStringLiteral("fail") << QStringLiteral("aaaa") << qint64(2000) << QList<qint64>{3, 5};
}

void TestHistoryFilterProxy::filters()
{
    QFETCH(QString, kinds);
    QFETCH(QString, node);
    QFETCH(qint64, sinceOffset);
    QFETCH(QList<qint64>, expected);
    HistoryTableModel model;
    HistoryFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    model.setEvents(sample());
    proxy.sort(HistoryTableModel::Time);
    // Applied one by one, each change re-filtering under the tester.
    proxy.setKindFilter(kinds);
    proxy.setNodeFilter(node);
    proxy.setSinceMs(sinceOffset < 0 ? 0 : kT0 + sinceOffset);
    QCOMPARE(ids(proxy), expected);
    // And removed again: everything is back.
    proxy.setKindFilter(QString());
    proxy.setNodeFilter(QString());
    proxy.setSinceMs(0);
    QCOMPARE(proxy.rowCount(), 7);
}

void TestHistoryFilterProxy::updatesWhileFiltered()
{
    HistoryTableModel model;
    HistoryFilterProxy proxy;
    QAbstractItemModelTester sourceTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.sort(HistoryTableModel::Time);
    proxy.setKindFilter(QStringLiteral("fail"));
    QCOMPARE(proxy.rowCount(), 0);
    model.setEvents(sample());
    QCOMPARE(ids(proxy), (QList<qint64>{2, 3, 5}));

    // Live rows: a matching one appears in time order, a non-matching one and a duplicate do not.
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    model.addEvents({ev(8, 2000, OpsEvent::Kind::FailSet, OpsEvent::Severity::Critical, QStringLiteral("bbbb"),
                        QStringLiteral("127.0.0.1:7001")),
                     ev(9, 2100, OpsEvent::Kind::NodeAdded, OpsEvent::Severity::Info, QStringLiteral("cccc"), QString()),
                     sample().at(2)});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(ids(proxy), (QList<qint64>{2, 8, 3, 5}));
    QCOMPARE(model.rowCount(), 9);

    proxy.setNodeFilter(QStringLiteral("127.0.0.1:7001"));
    QCOMPARE(ids(proxy), (QList<qint64>{8}));
    proxy.setSinceMs(kT0 + 2001);
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setSinceMs(0);
    proxy.setNodeFilter(QString());

    // A new query result replaces everything, then the model is cleared.
    model.setEvents(sample().mid(4));
    QCOMPARE(ids(proxy), (QList<qint64>{5}));
    model.clear();
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setKindFilter(QString());
    QCOMPARE(proxy.rowCount(), 0);
}

void TestHistoryFilterProxy::sortsByRawValues()
{
    HistoryTableModel model;
    HistoryFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    OpsEvents events = sample();
    std::reverse(events.begin(), events.end());
    model.setEvents(events);
    proxy.sort(HistoryTableModel::Time, Qt::AscendingOrder);
    QCOMPARE(ids(proxy).first(), 1);
    QCOMPARE(ids(proxy).last(), 7);
    // Severity sorts by its rank (info < warning < critical), not alphabetically.
    proxy.sort(HistoryTableModel::Severity, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, HistoryTableModel::Severity).data().toString(), QStringLiteral("critical"));
    QCOMPARE(proxy.index(proxy.rowCount() - 1, HistoryTableModel::Severity).data().toString(), QStringLiteral("info"));
    proxy.setKindFilter(QStringLiteral("demoted promoted"));
    QCOMPARE(proxy.rowCount(), 2);
}

QTEST_GUILESS_MAIN(TestHistoryFilterProxy)
#include "tst_historyfilterproxy.moc"
