#include "FixPlan.h"

#include <QJsonArray>

namespace ops {

QString SlotFix::kindName(Kind kind)
{
    switch (kind) {
    case Kind::FinishMove: return QStringLiteral("finish-move");
    case Kind::ReturnKeys: return QStringLiteral("return-keys");
    case Kind::Stable: return QStringLiteral("stable");
    case Kind::Assign: return QStringLiteral("assign");
    case Kind::Refused: return QStringLiteral("refused");
    }
    return {};
}

int FixPlan::count(SlotFix::Kind kind) const
{
    int n = 0;
    for (const SlotFix &f : fixes)
        n += f.kind == kind ? 1 : 0;
    return n;
}

bool FixPlan::allowed() const
{
    return int(fixes.size()) > count(SlotFix::Kind::Refused) && preChecksAllow(checks);
}

QStringList FixPlan::commands() const
{
    QStringList c;
    for (const SlotFix &f : fixes) {
        const QString s = QString::number(f.slot);
        switch (f.kind) {
        case SlotFix::Kind::FinishMove:
            for (const ReshardNode &n : f.stableFirst)
                c << QStringLiteral("%1: CLUSTER SETSLOT %2 STABLE").arg(n.endpoint.toString(), s);
            c << QStringLiteral("%1 -> %2: slot %3 moved as by reshard (IMPORTING, MIGRATING, MIGRATE ... KEYS, SETSLOT NODE)")
                     .arg(f.source.endpoint.toString(), f.target.endpoint.toString(), s);
            break;
        case SlotFix::Kind::ReturnKeys:
            c << QStringLiteral("%1: CLUSTER GETKEYSINSLOT %2 <n> + MIGRATE %3 %4 \"\" 0 <timeout> KEYS <keys>")
                     .arg(f.source.endpoint.toString(), s, f.target.endpoint.host)
                     .arg(f.target.endpoint.port)
              << QStringLiteral("%1: CLUSTER SETSLOT %2 STABLE").arg(f.source.endpoint.toString(), s);
            break;
        case SlotFix::Kind::Stable:
            c << QStringLiteral("%1: CLUSTER SETSLOT %2 STABLE").arg(f.source.endpoint.toString(), s);
            break;
        case SlotFix::Kind::Assign:
            c << QStringLiteral("%1: CLUSTER ADDSLOTS %2").arg(f.target.endpoint.toString(), s)
              << QStringLiteral("%1: CLUSTER BUMPEPOCH").arg(f.target.endpoint.toString());
            break;
        case SlotFix::Kind::Refused:
            break;
        }
    }
    return c;
}

QJsonObject FixPlan::toJson() const
{
    QJsonArray f;
    for (const SlotFix &x : fixes)
        f.append(QJsonObject{{QStringLiteral("slot"), x.slot},
                             {QStringLiteral("kind"), SlotFix::kindName(x.kind)},
                             {QStringLiteral("source"), x.source.endpoint.toString()},
                             {QStringLiteral("target"), x.target.endpoint.toString()},
                             {QStringLiteral("reason"), x.reason}});
    QJsonArray m;
    for (const ReshardNode &n : masters)
        m.append(n.toJson());
    return {{QStringLiteral("deploymentId"), deploymentId},
            {QStringLiteral("masters"), m},
            {QStringLiteral("fixes"), f},
            {QStringLiteral("checks"), preChecksJson(checks)},
            {QStringLiteral("commands"), QJsonArray::fromStringList(commands())},
            {QStringLiteral("allowed"), allowed()}};
}

QStringList FixPlan::describe() const
{
    QStringList lines;
    lines << QStringLiteral("Fix of %1: %2 open or uncovered slot(s); %3 refused").arg(deploymentId).arg(fixes.size()).arg(count(SlotFix::Kind::Refused));
    for (const SlotFix &f : fixes)
        lines << QStringLiteral("  slot %1: %2: %3").arg(f.slot).arg(SlotFix::kindName(f.kind), f.reason);
    lines << preChecksLines(checks);
    lines << QStringLiteral("Commands:");
    for (const QString &c : commands())
        lines << QStringLiteral("  ") + c;
    return lines;
}

} // namespace ops
