#include "EventFingerprint.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include <algorithm>

namespace ops {

namespace {

using Kind = OpsEvent::Kind;

QStringList essentialKeys(Kind kind)
{
    switch (kind) {
    case Kind::Sentinel: return {QStringLiteral("sentinel"), QStringLiteral("payload")};
    case Kind::Promoted:
    case Kind::Demoted:
    case Kind::MasterChanged: return {QStringLiteral("newMaster"), QStringLiteral("configEpoch")};
    case Kind::ConfigEpochChanged: return {QStringLiteral("newEpoch")};
    case Kind::SlotOwnerChanged: return {QStringLiteral("slots"), QStringLiteral("from"), QStringLiteral("to")};
    case Kind::MigrationStarted:
    case Kind::MigrationFinished: return {QStringLiteral("slot"), QStringLiteral("source"), QStringLiteral("target")};
    case Kind::ClusterStateChanged: return {QStringLiteral("to")};
    case Kind::SentinelDisagreement: return {QStringLiteral("state")};
    case Kind::HealthAlert: return {QStringLiteral("rule"), QStringLiteral("nodes"), QStringLiteral("severity")};
    case Kind::HealthAlertCleared: return {QStringLiteral("rule"), QStringLiteral("nodes")};
    case Kind::MigrationSummary: return {QStringLiteral("source"), QStringLiteral("target")};
    default: return {};
    }
}

QString valueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: return value.toString();
    case QJsonValue::Double: return QString::number(value.toInteger(qint64(value.toDouble())));
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array: return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object: return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    default: return {};
    }
}

} // namespace

QString EventFingerprint::essentials(const OpsEvent &event)
{
    if (event.kind == Kind::Operator)
        return {};
    QStringList parts{event.kindName(), event.nodeId};
    QStringList keys = essentialKeys(event.kind);
    std::sort(keys.begin(), keys.end());
    for (const QString &key : std::as_const(keys))
        if (event.details.contains(key))
            parts << key + QLatin1Char('=') + valueText(event.details.value(key));
    return parts.join(QLatin1Char('|'));
}

QString EventFingerprint::of(const OpsEvent &event)
{
    const QString text = essentials(event);
    if (text.isEmpty())
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha1).toHex());
}

} // namespace ops
