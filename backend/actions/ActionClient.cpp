#include "ActionClient.h"

namespace ops {

namespace {
constexpr char kActionClientPrefix[] = "redis-ops:op:";
} // namespace

bool ActionClient::isActionClientName(const QByteArray &name) { return name.startsWith(kActionClientPrefix); }

QList<ActionClient> ActionClient::parse(const Endpoint &server, const QByteArray &clientList)
{
    QList<ActionClient> out;
    for (const QByteArray &line : clientList.split('\n')) {
        ActionClient c;
        c.server = server;
        for (const QByteArray &field : line.trimmed().split(' ')) {
            const qsizetype eq = field.indexOf('=');
            if (eq <= 0)
                continue;
            const QByteArray key = field.left(eq);
            const QByteArray value = field.mid(eq + 1);
            if (key == "name")
                c.name = value;
            else if (key == "addr")
                c.address = QString::fromUtf8(value);
            else if (key == "age")
                c.ageSeconds = value.toLongLong();
        }
        if (isActionClientName(c.name))
            out << c;
    }
    return out;
}

PreCheck ActionClient::otherOperatorsCheck(const QList<ActionClient> &clients, const QStringList &unreadable)
{
    QStringList lines;
    for (const ActionClient &c : clients)
        lines << QStringLiteral("%1 on %2 from %3 (%4 s)")
                     .arg(QString::fromUtf8(c.name), c.server.toString(), c.address)
                     .arg(c.ageSeconds);
    QStringList evidence;
    if (!lines.isEmpty())
        evidence << QStringLiteral("another operation is connected: ") + lines.join(QStringLiteral("; "));
    if (!unreadable.isEmpty())
        evidence << QStringLiteral("CLIENT LIST could not be read on %1, so an operation connected there would not be seen")
                        .arg(unreadable.join(QStringLiteral("; ")));
    return makePreCheck(QStringLiteral("other-operators"), QStringLiteral("No other console is acting on these nodes"),
                        evidence.isEmpty() ? PreCheck::Status::Pass : PreCheck::Status::Warn,
                        evidence.isEmpty() ? QStringLiteral("no redis-ops action client in CLIENT LIST")
                                           : evidence.join(QStringLiteral(". ")));
}

} // namespace ops
