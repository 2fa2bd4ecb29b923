#include "AlertSettings.h"

#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace ops {

namespace {

const QString kLagBytes = QStringLiteral("lag-bytes");
const QString kLagSeconds = QStringLiteral("lag-seconds");
const QString kMemoryPercent = QStringLiteral("memory-percent");
const QString kFragmentation = QStringLiteral("fragmentation");
const QString kBacklogOutage = QStringLiteral("backlog-outage-seconds");
const QString kDownAfterFactor = QStringLiteral("down-after-latency-factor");
const QString kClientRetryBudget = QStringLiteral("client-retry-budget-ms");
const QString kNodeDown = QStringLiteral("node-down");
const QString kFailover = QStringLiteral("failover");
const QString kRuleFiring = QStringLiteral("rule-firing");
const QString kTrend = QStringLiteral("trend");

/** "1048576", "512kb", "1mb", "2gb" (k = 1024); -1 when not a size. */
qint64 parseSize(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+)\\s*(b|k|kb|m|mb|g|gb)?\\s*$"),
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return -1;
    bool ok = false;
    const qint64 n = m.captured(1).toLongLong(&ok);
    if (!ok)
        return -1;
    const QString unit = m.captured(2).toLower();
    const int shift = unit.startsWith(QLatin1Char('g')) ? 30 : unit.startsWith(QLatin1Char('m')) ? 20 : unit.startsWith(QLatin1Char('k')) ? 10 : 0;
    if (n > (std::numeric_limits<qint64>::max() >> shift))
        return -1;
    return n << shift;
}

bool parseNumber(const QString &text, double *out)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return false;
    *out = v;
    return true;
}

bool parseSwitch(const QString &text, bool *out)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("on") || t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("1")) {
        *out = true;
        return true;
    }
    if (t == QLatin1String("off") || t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("0")) {
        *out = false;
        return true;
    }
    return false;
}

/** "backlogOutageSeconds" → "backlog-outage-seconds": the HealthThresholds spelling is accepted too. */
QString kebab(const QString &name)
{
    QString out;
    for (const QChar c : name) {
        if (c.isUpper()) {
            if (!out.isEmpty())
                out += QLatin1Char('-');
            out += c.toLower();
        } else {
            out += c;
        }
    }
    return out;
}

void setError(QString *error, const QString &text)
{
    if (error != nullptr)
        *error = text;
}

} // namespace

QStringList AlertSettings::names()
{
    return {kLagBytes,      kLagSeconds,      kMemoryPercent,     kFragmentation, kBacklogOutage, kDownAfterFactor,
            kClientRetryBudget, kNodeDown, kFailover, kRuleFiring,    kTrend};
}

bool AlertSettings::set(const QString &givenName, const QString &text, QString *error)
{
    const QString name = kebab(givenName);
    if (name == kLagBytes) {
        const qint64 v = parseSize(text);
        if (v < 1) {
            setError(error, QStringLiteral("%1=%2: expected a size in bytes of at least 1 (1048576, 512kb, 1mb, 2gb)").arg(name, text));
            return false;
        }
        thresholds.replicaLagBytes = v;
        return true;
    }
    double v = 0;
    if (name == kBacklogOutage || name == kDownAfterFactor || name == kClientRetryBudget) {
        const bool number = parseNumber(text, &v);
        if (name == kBacklogOutage && (!number || v <= 0)) {
            setError(error, QStringLiteral("%1=%2: expected a number of seconds above 0 (60, 300)").arg(name, text));
            return false;
        }
        if (name == kDownAfterFactor && (!number || v < 1)) {
            setError(error, QStringLiteral("%1=%2: expected a factor of at least 1 (10)").arg(name, text));
            return false;
        }
        if (name == kClientRetryBudget && (!number || v < 0 || v > 86'400'000)) {
            setError(error, QStringLiteral("%1=%2: expected milliseconds, 0 (not stated) to 86400000 (5000)").arg(name, text));
            return false;
        }
        if (name == kBacklogOutage)
            thresholds.backlogOutageSeconds = v;
        else if (name == kDownAfterFactor)
            thresholds.downAfterLatencyFactor = v;
        else
            thresholds.clientRetryBudgetMs = qint64(v);
        return true;
    }
    if (name == kLagSeconds || name == kMemoryPercent || name == kFragmentation) {
        const bool number = parseNumber(text, &v);
        if (name == kLagSeconds && (!number || v <= 0)) {
            setError(error, QStringLiteral("%1=%2: expected a number of seconds above 0 (10, 2.5)").arg(name, text));
            return false;
        }
        if (name == kMemoryPercent && (!number || v <= 0 || v > 100)) {
            setError(error, QStringLiteral("%1=%2: expected a percentage above 0 and at most 100 (90)").arg(name, text));
            return false;
        }
        if (name == kFragmentation && (!number || v <= 1)) {
            setError(error, QStringLiteral("%1=%2: expected a ratio above 1 (1.5)").arg(name, text));
            return false;
        }
        if (name == kLagSeconds)
            thresholds.replicaLagSeconds = v;
        else if (name == kMemoryPercent)
            thresholds.memoryUsageShare = v / 100;
        else
            thresholds.fragmentationRatio = v;
        return true;
    }
    bool *flag = name == kNodeDown ? &nodeDown : name == kFailover ? &failover : name == kRuleFiring ? &ruleFiring
        : name == kTrend                                                                              ? &trend
                                                                                                      : nullptr;
    if (flag == nullptr) {
        setError(error, QStringLiteral("unknown threshold '%1' (one of: %2)").arg(name, names().join(QStringLiteral(", "))));
        return false;
    }
    if (!parseSwitch(text, flag)) {
        setError(error, QStringLiteral("%1=%2: expected on or off").arg(name, text));
        return false;
    }
    return true;
}

bool AlertSettings::setAssignment(const QString &assignment, QString *error)
{
    const qsizetype eq = assignment.indexOf(QLatin1Char('='));
    if (eq <= 0) {
        setError(error, QStringLiteral("'%1': expected name=value (names: %2)").arg(assignment, names().join(QStringLiteral(", "))));
        return false;
    }
    return set(assignment.left(eq).trimmed(), assignment.mid(eq + 1), error);
}

QString AlertSettings::value(const QString &givenName) const
{
    const QString name = kebab(givenName);
    if (name == kBacklogOutage)
        return QString::number(thresholds.backlogOutageSeconds);
    if (name == kDownAfterFactor)
        return QString::number(thresholds.downAfterLatencyFactor);
    if (name == kClientRetryBudget)
        return QString::number(thresholds.clientRetryBudgetMs);
    auto onOff = [](bool b) { return b ? QStringLiteral("on") : QStringLiteral("off"); };
    if (name == kLagBytes)
        return QString::number(thresholds.replicaLagBytes);
    if (name == kLagSeconds)
        return QString::number(thresholds.replicaLagSeconds);
    if (name == kMemoryPercent)
        return QString::number(thresholds.memoryUsageShare * 100);
    if (name == kFragmentation)
        return QString::number(thresholds.fragmentationRatio);
    if (name == kNodeDown)
        return onOff(nodeDown);
    if (name == kFailover)
        return onOff(failover);
    if (name == kRuleFiring)
        return onOff(ruleFiring);
    if (name == kTrend)
        return onOff(trend);
    return {};
}

AlertSettings AlertSettings::load(const QSettings &settings, QStringList *problems)
{
    AlertSettings a;
    for (const QString &name : names()) {
        const QString key = settingsGroup() + QLatin1Char('/') + name;
        if (!settings.contains(key))
            continue;
        QString error;
        if (!a.set(name, settings.value(key).toString(), &error) && problems != nullptr)
            *problems << QStringLiteral("%1 (setting %2; the default %3 is used)").arg(error, key, AlertSettings().value(name));
    }
    return a;
}

bool AlertSettings::notifies(const OpsEvent &e) const
{
    switch (e.kind) {
    case OpsEvent::Kind::HealthAlert:
        return e.details.value(QStringLiteral("trend")).toBool() ? trend : ruleFiring;
    case OpsEvent::Kind::FailSet:
    case OpsEvent::Kind::NodeStale:
        return nodeDown;
    case OpsEvent::Kind::Promoted:
        return failover; // a cluster failover's end (the replica took over)
    case OpsEvent::Kind::Sentinel:
        if (e.sentinelType == QLatin1String("+odown"))
            return nodeDown;
        return failover
            && (e.sentinelType == QLatin1String("+try-failover") || e.sentinelType == QLatin1String("+switch-master")
                || e.sentinelType == QLatin1String("+failover-end") || e.sentinelType == QLatin1String("-failover-abort-no-good-slave"));
    default:
        return false;
    }
}

} // namespace ops
