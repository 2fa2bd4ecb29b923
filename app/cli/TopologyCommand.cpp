#include "TopologyCommand.h"

#include "TextTable.h"

#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>

namespace ops {

namespace {
QString bytes(qint64 n)
{
    return n < 0 ? QStringLiteral("-") : QLocale::c().formattedDataSize(n, 1, QLocale::DataSizeTraditionalFormat);
}
QString number(qint64 n) { return n < 0 ? QStringLiteral("-") : QString::number(n); }
// Cluster node ids (40 hex digits) are shortened like the events do; any other id is host:port
// (Sentinel / standalone) and is printed whole, never cut in the middle of an address.
QString shortId(const QString &id)
{
    static const QRegularExpression clusterId(QStringLiteral("^[0-9a-f]{40}$"));
    return clusterId.match(id).hasMatch() ? id.left(12) : id;
}
} // namespace

void TopologyCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Discover a deployment and print its topology once."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    const QCommandLineOption table(QStringLiteral("table"), QStringLiteral("Print a table (default)."));
    parser.addOptions({json, table});
    addMonitorOptions(parser);
    if (!parseArguments(parser, args))
        return;
    if (parser.isSet(json) && parser.isSet(table))
        return usageError(QStringLiteral("--json and --table exclude each other"), parser.helpText());
    m_json = parser.isSet(json);
    startMonitor(parser, false);
}

void TopologyCommand::onSettled(const SnapshotPtr &snapshot)
{
    if (m_json)
        out(QString::fromUtf8(QJsonDocument(snapshot->toJson()).toJson(QJsonDocument::Indented)).trimmed());
    else
        out(table(*snapshot));
    finish(ExitOk);
}

QString TopologyCommand::table(const TopologySnapshot &s)
{
    QString head = QStringLiteral("%1 deployment %2").arg(TopologySnapshot::kindName(s.kind), s.deploymentId);
    if (s.kind == TopologySnapshot::Kind::Cluster && s.slotMap) {
        head += QStringLiteral(" — state %1, epoch %2, %3/16384 slots covered")
                    .arg(QString::fromLatin1(s.clusterState.isEmpty() ? QByteArrayLiteral("?") : s.clusterState))
                    .arg(s.currentEpoch)
                    .arg(s.slotMap->coveredCount());
        const QList<SlotMap::Migration> migrations = s.slotMap->migrations();
        for (const SlotMap::Migration &m : migrations)
            head += QStringLiteral("\nslot %1 in transit %2 -> %3%4").arg(m.slot).arg(m.source.left(8), m.target.left(8),
                                                                         m.isHalfOpen() ? QStringLiteral(" (half open)") : QString());
    }
    if (s.kind == TopologySnapshot::Kind::Sentinel)
        head += QStringLiteral(" — master %1, quorum %2").arg(s.masterName).arg(s.quorum);
    TextTable t({QStringLiteral("ROLE"), QStringLiteral("ADDRESS"), QStringLiteral("ID"), QStringLiteral("HEALTH"),
                 QStringLiteral("SLOTS"), QStringLiteral("MASTER"), QStringLiteral("LAG"), QStringLiteral("OFFSET"),
                 QStringLiteral("MEMORY"), QStringLiteral("OPS/S")});
    for (const Node &n : s.nodes) {
        const Node *master = n.isReplica() ? s.node(n.masterId) : nullptr;
        QString lag = QStringLiteral("-");
        if (n.isReplica())
            lag = QStringLiteral("%1 B / %2 s").arg(number(n.lagBytes), n.lagSeconds < 0 ? QStringLiteral("-") : QString::number(n.lagSeconds));
        t.addRow({Node::roleName(n.role), n.endpoint.toString(), n.id == n.endpoint.toString() ? QStringLiteral("-") : shortId(n.id),
                  n.healthText(),
                  n.isMaster() && s.kind == TopologySnapshot::Kind::Cluster ? QString::number(n.slotCount) : QStringLiteral("-"),
                  master != nullptr ? master->endpoint.toString() : n.isReplica() ? shortId(n.masterId) : QStringLiteral("-"),
                  lag, number(n.replOffset), bytes(n.usedMemory),
                  n.opsPerSec < 0 ? QStringLiteral("-") : QString::number(n.opsPerSec, 'f', 0)});
    }
    for (const Node &n : s.sentinels)
        t.addRow({Node::roleName(n.role), n.endpoint.toString(), n.id == n.endpoint.toString() ? QStringLiteral("-") : shortId(n.id),
                  n.healthText(), QStringLiteral("-"),
                  n.watchedMasters.join(QLatin1Char(',')), QStringLiteral("-"), QStringLiteral("-"), QStringLiteral("-"),
                  QStringLiteral("-")});
    QString text = head + QLatin1Char('\n') + t.toString();
    for (const QString &w : s.warnings)
        text += QStringLiteral("\nwarning: ") + w;
    return text;
}

} // namespace ops
