#include "LagCommand.h"

#include "TextTable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ops {

void LagCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Print the replication lag of every replica."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOption(json);
    addMonitorOptions(parser);
    if (!parseArguments(parser, args))
        return;
    m_json = parser.isSet(json);
    startMonitor(parser, false);
}

void LagCommand::onSettled(const SnapshotPtr &snapshot)
{
    QJsonArray replicas;
    TextTable table({QStringLiteral("REPLICA"), QStringLiteral("MASTER"), QStringLiteral("LINK"),
                     QStringLiteral("LAG BYTES"), QStringLiteral("LAG SECONDS"), QStringLiteral("OFFSET"),
                     QStringLiteral("HEALTH")});
    for (const Node &n : snapshot->nodes) {
        if (!n.isReplica())
            continue;
        const Node *master = snapshot->node(n.masterId);
        const QString masterAddress = master != nullptr ? master->endpoint.toString() : n.masterId;
        const QString link = n.masterLinkUp < 0 ? QStringLiteral("?") : n.masterLinkUp == 1 ? QStringLiteral("up") : QStringLiteral("down");
        QJsonObject o{{QStringLiteral("replica"), n.endpoint.toString()},
                      {QStringLiteral("id"), n.id},
                      {QStringLiteral("master"), masterAddress},
                      {QStringLiteral("link"), link},
                      {QStringLiteral("health"), n.healthText()}};
        if (n.lagBytes >= 0)
            o.insert(QStringLiteral("lagBytes"), n.lagBytes);
        if (n.lagSeconds >= 0)
            o.insert(QStringLiteral("lagSeconds"), n.lagSeconds);
        if (n.replOffset >= 0)
            o.insert(QStringLiteral("offset"), n.replOffset);
        replicas.append(o);
        table.addRow({n.endpoint.toString(), masterAddress, link,
                      n.lagBytes < 0 ? QStringLiteral("-") : QString::number(n.lagBytes),
                      n.lagSeconds < 0 ? QStringLiteral("-") : QString::number(n.lagSeconds),
                      n.replOffset < 0 ? QStringLiteral("-") : QString::number(n.replOffset), n.healthText()});
    }
    if (m_json)
        out(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("deployment"), snapshot->deploymentId},
                                                        {QStringLiteral("replicas"), replicas}})
                                  .toJson(QJsonDocument::Compact)));
    else
        out(replicas.isEmpty() ? QStringLiteral("no replicas") : table.toString());
    finish(ExitOk);
}

} // namespace ops
