#include "PubSubRegistry.h"

namespace ops {

void PubSubRegistry::add(Kind kind, const QList<QByteArray> &names, QObject *context, Handler handler)
{
    for (const QByteArray &n : names)
        map(kind).insert(n, Entry{context, context != nullptr, handler});
}

void PubSubRegistry::remove(Kind kind, const QList<QByteArray> &names)
{
    for (const QByteArray &n : names)
        map(kind).remove(n);
}

QList<QByteArray> PubSubRegistry::names(Kind kind) const
{
    return kind == Kind::Channel ? m_channels.keys() : m_patterns.keys();
}

void PubSubRegistry::removeContext(const QObject *context)
{
    for (auto *m : {&m_channels, &m_patterns})
        m->removeIf([context](const auto &it) { return it.value().hasContext && it.value().context == context; });
}

bool PubSubRegistry::deliver(const PubSubMessage &message)
{
    QHash<QByteArray, Entry> &m = message.pattern.isEmpty() ? m_channels : m_patterns;
    const auto it = m.constFind(message.pattern.isEmpty() ? message.channel : message.pattern);
    if (it == m.constEnd())
        return false;
    if (it->hasContext && it->context.isNull()) {
        m.erase(it);
        return false;
    }
    const Handler handler = it->handler; // the handler may unsubscribe itself
    handler(message);
    return true;
}

} // namespace ops
