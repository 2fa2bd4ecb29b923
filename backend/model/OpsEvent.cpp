#include "OpsEvent.h"

#include <QJsonArray>

#include <QDateTime>
#include <QMetaEnum>

namespace ops {

namespace {

// Stable names: they are stored in history databases and used by scripts. Never rename one.
struct KindName
{
    OpsEvent::Kind kind;
    const char *name;
};
constexpr KindName kKindNames[] = {
    {OpsEvent::Kind::NodeAdded, "node-added"},
    {OpsEvent::Kind::NodeRemoved, "node-removed"},
    {OpsEvent::Kind::Promoted, "promoted"},
    {OpsEvent::Kind::Demoted, "demoted"},
    {OpsEvent::Kind::MasterChanged, "master-changed"},
    {OpsEvent::Kind::PFailSet, "pfail-set"},
    {OpsEvent::Kind::PFailCleared, "pfail-cleared"},
    {OpsEvent::Kind::FailSet, "fail-set"},
    {OpsEvent::Kind::FailCleared, "fail-cleared"},
    {OpsEvent::Kind::NodeStale, "node-stale"},
    {OpsEvent::Kind::NodeRecovered, "node-recovered"},
    {OpsEvent::Kind::SlotOwnerChanged, "slot-owner-changed"},
    {OpsEvent::Kind::MigrationStarted, "migration-started"},
    {OpsEvent::Kind::MigrationFinished, "migration-finished"},
    {OpsEvent::Kind::ConfigEpochChanged, "config-epoch-changed"},
    {OpsEvent::Kind::ReplicationLinkDown, "replication-link-down"},
    {OpsEvent::Kind::ReplicationLinkUp, "replication-link-up"},
    {OpsEvent::Kind::ClusterStateChanged, "cluster-state-changed"},
    {OpsEvent::Kind::SentinelDisagreement, "sentinel-disagreement"},
    {OpsEvent::Kind::Sentinel, "sentinel"},
    {OpsEvent::Kind::Operator, "operator"},
    {OpsEvent::Kind::HealthAlert, "health-alert"},
    {OpsEvent::Kind::HealthAlertCleared, "health-alert-cleared"},
    {OpsEvent::Kind::MigrationSummary, "migration-summary"},
};

template<typename E>
QString enumText(E value)
{
    return QString::fromLatin1(QMetaEnum::fromType<E>().valueToKey(int(value))).toLower();
}

template<typename E>
E enumFromText(const QString &text, E fallback)
{
    const QMetaEnum meta = QMetaEnum::fromType<E>();
    for (int i = 0; i < meta.keyCount(); ++i)
        if (text.compare(QLatin1String(meta.key(i)), Qt::CaseInsensitive) == 0)
            return E(meta.value(i));
    return fallback;
}

} // namespace

QString OpsEvent::kindName(Kind kind)
{
    for (const KindName &k : kKindNames)
        if (k.kind == kind)
            return QString::fromLatin1(k.name);
    return QStringLiteral("unknown");
}

QString OpsEvent::kindName() const
{
    if (kind == Kind::Sentinel && !sentinelType.isEmpty())
        return sentinelType;
    return kindName(kind);
}

bool OpsEvent::kindFromName(const QString &name, Kind *kind)
{
    if (name.startsWith(QLatin1Char('+')) || name.startsWith(QLatin1Char('-'))) {
        *kind = Kind::Sentinel;
        return true;
    }
    for (const KindName &k : kKindNames)
        if (name == QLatin1String(k.name)) {
            *kind = k.kind;
            return true;
        }
    return false;
}

QString OpsEvent::severityName(Severity severity) { return enumText(severity); }
QString OpsEvent::sourceName(Source source) { return enumText(source); }

QJsonObject OpsEvent::toJson() const
{
    QJsonObject o{
        {QStringLiteral("time"), QDateTime::fromMSecsSinceEpoch(timestampMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("timestampMs"), timestampMs},
        {QStringLiteral("deployment"), deploymentId},
        {QStringLiteral("kind"), kindName()},
        {QStringLiteral("severity"), severityName(severity)},
        {QStringLiteral("source"), sourceName(source)},
        {QStringLiteral("message"), message},
    };
    if (id != 0)
        o.insert(QStringLiteral("id"), id);
    if (!nodeId.isEmpty())
        o.insert(QStringLiteral("node"), nodeId);
    if (!endpoint.isEmpty())
        o.insert(QStringLiteral("endpoint"), endpoint);
    if (!details.isEmpty())
        o.insert(QStringLiteral("details"), details);
    if (!operationId.isEmpty())
        o.insert(QStringLiteral("operation"), operationId);
    if (!uid.isEmpty())
        o.insert(QStringLiteral("uid"), uid);
    if (!observers.isEmpty())
        o.insert(QStringLiteral("observers"), QJsonArray::fromStringList(observers));
    return o;
}

OpsEvent OpsEvent::fromJson(const QJsonObject &json)
{
    OpsEvent e;
    e.id = json.value(QStringLiteral("id")).toInteger();
    e.timestampMs = json.value(QStringLiteral("timestampMs")).toInteger();
    e.deploymentId = json.value(QStringLiteral("deployment")).toString();
    const QString kind = json.value(QStringLiteral("kind")).toString();
    if (!kindFromName(kind, &e.kind))
        e.kind = Kind::Operator;
    if (e.kind == Kind::Sentinel && kind != QLatin1String("sentinel"))
        e.sentinelType = kind;
    e.severity = enumFromText(json.value(QStringLiteral("severity")).toString(), Severity::Info);
    e.source = enumFromText(json.value(QStringLiteral("source")).toString(), Source::Poll);
    e.message = json.value(QStringLiteral("message")).toString();
    e.nodeId = json.value(QStringLiteral("node")).toString();
    e.endpoint = json.value(QStringLiteral("endpoint")).toString();
    e.details = json.value(QStringLiteral("details")).toObject();
    e.operationId = json.value(QStringLiteral("operation")).toString();
    e.uid = json.value(QStringLiteral("uid")).toString();
    for (const QJsonValue &observer : json.value(QStringLiteral("observers")).toArray())
        e.observers << observer.toString();
    return e;
}

} // namespace ops
