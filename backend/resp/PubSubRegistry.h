#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace ops {

/** @brief One published message: `message` (pattern empty) or `pmessage`. */
struct PubSubMessage
{
    QByteArray pattern;
    QByteArray channel;
    QByteArray payload;
};

/**
 * @brief The channels and patterns a connection wants, with their handlers, so they can be
 * subscribed again after a reconnect. Handlers tied to a context are dropped with it.
 */
class PubSubRegistry
{
public:
    using Handler = std::function<void(const PubSubMessage &)>;
    enum class Kind { Channel, Pattern };

    void add(Kind kind, const QList<QByteArray> &names, QObject *context, Handler handler);
    void remove(Kind kind, const QList<QByteArray> &names);
    QList<QByteArray> names(Kind kind) const;
    bool isEmpty() const { return m_channels.isEmpty() && m_patterns.isEmpty(); }
    void removeContext(const QObject *context);

    /** Delivers @p message; false when nobody (alive) wanted it. */
    bool deliver(const PubSubMessage &message);

private:
    struct Entry
    {
        QPointer<QObject> context;
        bool hasContext = false;
        Handler handler;
    };
    QHash<QByteArray, Entry> &map(Kind kind) { return kind == Kind::Channel ? m_channels : m_patterns; }

    QHash<QByteArray, Entry> m_channels;
    QHash<QByteArray, Entry> m_patterns;
};

} // namespace ops
