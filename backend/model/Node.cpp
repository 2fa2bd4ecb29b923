#include "Node.h"

namespace ops {

QString Node::healthText() const
{
    static constexpr std::pair<Flag, const char *> kOrder[] = {
        {Fail, "fail"}, {ODown, "odown"}, {Stale, "stale"}, {PFail, "pfail"}, {SDown, "sdown"},
        {Handshake, "handshake"}, {NoAddr, "noaddr"}, {Loading, "loading"},
    };
    for (const auto &[flag, name] : kOrder)
        if (has(flag))
            return QString::fromLatin1(name);
    return QStringLiteral("ok");
}

QString Node::roleName(Role role)
{
    switch (role) {
    case Role::Master: return QStringLiteral("master");
    case Role::Replica: return QStringLiteral("replica");
    case Role::Sentinel: return QStringLiteral("sentinel");
    case Role::Unknown: break;
    }
    return QStringLiteral("unknown");
}

} // namespace ops
