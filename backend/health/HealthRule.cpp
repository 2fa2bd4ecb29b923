#include "HealthRule.h"

namespace ops {

QString HealthRule::label(const Node &node)
{
    return node.endpoint.isValid() ? node.endpoint.toString() : node.id;
}

QString HealthRule::bytes(qint64 value)
{
    if (value < 1024)
        return QStringLiteral("%1 B").arg(value);
    static const char *const units[] = {"KB", "MB", "GB", "TB"};
    double v = double(value);
    int unit = -1;
    while (v >= 1024 && unit < 3) {
        v /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(v, 0, 'f', v < 10 ? 1 : 0).arg(QLatin1String(units[unit]));
}

QList<const Node *> HealthRule::seenDataNodes(const TopologySnapshot &snapshot)
{
    QList<const Node *> out;
    for (const Node &n : snapshot.nodes)
        if (n.lastSeenMs > 0)
            out << &n;
    return out;
}

} // namespace ops
