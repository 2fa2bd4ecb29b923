#include "SentinelEvent.h"

#include <QHash>
#include <QList>

namespace ops {

namespace {

/** How the payload of a known event type is laid out. */
enum class Layout {
    Instance,     ///< `<type> <name> <ip> <port> [@ <master> <ip> <port>] [extra]`
    Epoch,        ///< `<epoch>`
    SwitchMaster, ///< `<master> <old-ip> <old-port> <new-ip> <new-port>`
    Vote,         ///< `[<instance>] <leader-runid> <epoch>`
    Text,         ///< free text (`#tilt mode entered`, script paths and exit codes)
};

const QHash<QByteArray, Layout> &knownTypes()
{
    static const QHash<QByteArray, Layout> types = [] {
        QHash<QByteArray, Layout> t;
        for (const char *name :
             {"reset-master", "slave", "failover-state-reconf-slaves", "failover-detected", "slave-reconf-sent",
              "slave-reconf-inprog", "slave-reconf-done", "dup-sentinel", "sentinel", "sdown", "odown",
              "try-failover", "elected-leader", "failover-state-select-slave", "no-good-slave", "selected-slave",
              "failover-state-send-slaveof-noone", "failover-end-for-timeout", "failover-end", "promoted-slave",
              "failover-state-wait-promotion", "convert-to-slave", "fix-slave-config", "config-update-from",
              "role-change", "reboot", "monitor", "set", "slave-reconf-sent-be", "slave-reconf-sent-timeout",
              "sentinel-address-switch", "sentinel-address-update", "sentinel-invalid-addr",
              "cmd-link-reconnection", "pubsub-link-reconnection"})
            t.insert(QByteArray(name), Layout::Instance);
        t.insert(QByteArrayLiteral("new-epoch"), Layout::Epoch);
        t.insert(QByteArrayLiteral("switch-master"), Layout::SwitchMaster);
        t.insert(QByteArrayLiteral("vote-for-leader"), Layout::Vote);
        for (const char *name : {"tilt", "script-child", "script-error", "script-timeout"})
            t.insert(QByteArray(name), Layout::Text);
        return t;
    }();
    return types;
}

/** Event names the documentation lists without a sign ("switch-master", "no-good-slave", ...). */
bool knownWithoutSign(const QByteArray &channel)
{
    return knownTypes().contains(channel) || channel.startsWith("failover-abort-");
}

bool isEventName(const QByteArray &name)
{
    if (name.isEmpty() || name.startsWith('-') || name.endsWith('-'))
        return false;
    for (const char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

QByteArray stripSign(const QByteArray &channel)
{
    return channel.startsWith('+') || channel.startsWith('-') ? channel.mid(1) : channel;
}

QString quoted(const QByteArray &s)
{
    return QLatin1Char('"') + QString::fromUtf8(s.left(80)) + QLatin1Char('"');
}

/** Space-separated words with their offsets, so the unparsed rest can be kept verbatim. */
class Words
{
public:
    explicit Words(const QByteArray &text) : m_text(text)
    {
        qsizetype pos = 0;
        while (!text.isEmpty() && pos <= text.size()) {
            qsizetype end = text.indexOf(' ', pos);
            if (end < 0)
                end = text.size();
            m_starts << pos;
            m_ends << end;
            pos = end + 1;
        }
    }

    /** The next word (empty between two spaces), or a null QByteArray when there is none. */
    QByteArray next()
    {
        if (atEnd())
            return {};
        const qsizetype i = m_index++;
        const QByteArray w = m_text.mid(m_starts[i], m_ends[i] - m_starts[i]);
        return w.isNull() ? QByteArray("", 0) : w;
    }
    QByteArray peek() const
    {
        Words copy = *this;
        return copy.next();
    }
    /** Everything not consumed yet, verbatim. */
    QByteArray rest() const { return atEnd() ? QByteArray() : m_text.mid(m_starts[m_index]); }
    bool atEnd() const { return m_index >= m_starts.size(); }
    /** 1-based index of the last word returned. */
    int index() const { return int(m_index); }

private:
    QByteArray m_text;
    QList<qsizetype> m_starts;
    QList<qsizetype> m_ends;
    qsizetype m_index = 0;
};

class EventParser
{
public:
    explicit EventParser(SentinelEvent &ev) : m_ev(ev) {}

    std::optional<ParseError> error;

    void fail(const QString &what, int position)
    {
        if (!error)
            error = ParseError{QString::fromUtf8(m_ev.type) + QStringLiteral(": ") + what, 0, position};
    }

    QByteArray word(Words &w, const char *what)
    {
        const QByteArray s = w.next();
        if (s.isNull() && !error)
            fail(QStringLiteral("missing %1 (payload %2)").arg(QLatin1String(what), quoted(m_ev.payload)), w.index() + 1);
        else if (s.isEmpty() && !error)
            fail(QStringLiteral("empty %1 (payload %2)").arg(QLatin1String(what), quoted(m_ev.payload)), w.index());
        return s;
    }

    quint16 port(Words &w, const char *what)
    {
        const QByteArray s = word(w, what);
        if (error)
            return 0;
        bool ok = false;
        const uint v = s.toUInt(&ok);
        if (!ok || v > 65535) {
            fail(QStringLiteral("%1: expected a port number 0..65535, got %2").arg(QLatin1String(what), quoted(s)),
                 w.index());
            return 0;
        }
        return quint16(v);
    }

    quint64 epoch(Words &w)
    {
        const QByteArray s = word(w, "epoch");
        if (error)
            return 0;
        bool ok = false;
        const quint64 v = s.toULongLong(&ok);
        if (!ok)
            fail(QStringLiteral("epoch: expected a non-negative integer, got %1").arg(quoted(s)), w.index());
        return v;
    }

    static bool isInstanceType(const QByteArray &s) { return s == "master" || s == "slave" || s == "sentinel"; }

    /** `<type> <name> <ip> <port> [@ <master> <ip> <port>]`; leaves the rest in @p w. */
    void instance(Words &w)
    {
        const QByteArray type = word(w, "instance type");
        if (error)
            return;
        if (!isInstanceType(type)) {
            fail(QStringLiteral("expected instance type master, slave or sentinel, got %1").arg(quoted(type)), w.index());
            return;
        }
        m_ev.instanceType = type;
        m_ev.instanceName = word(w, "instance name");
        m_ev.host = QString::fromUtf8(word(w, "instance ip"));
        m_ev.port = port(w, "instance port");
        if (error)
            return;
        if (w.peek() == "@") {
            w.next();
            m_ev.masterName = word(w, "master name");
            m_ev.masterHost = QString::fromUtf8(word(w, "master ip"));
            m_ev.masterPort = port(w, "master port");
        } else if (type != "master") {
            fail(QStringLiteral("a %1 instance without \"@ <master-name> <master-ip> <master-port>\"")
                     .arg(QString::fromLatin1(type)),
                 w.index() + 1);
        } else {
            m_ev.masterName = m_ev.instanceName;
            m_ev.masterHost = m_ev.host;
            m_ev.masterPort = m_ev.port;
        }
    }

    void expectEnd(const Words &w)
    {
        if (!error && !w.atEnd())
            fail(QStringLiteral("unexpected text after the last field: %1").arg(quoted(w.rest())), w.index() + 1);
    }

    void parse(Layout layout)
    {
        Words w(m_ev.payload);
        switch (layout) {
        case Layout::Instance:
            instance(w);
            m_ev.extra = w.rest();
            break;
        case Layout::Epoch:
            m_ev.epoch = epoch(w);
            expectEnd(w);
            break;
        case Layout::SwitchMaster:
            m_ev.masterName = word(w, "master name");
            m_ev.oldHost = QString::fromUtf8(word(w, "old ip"));
            m_ev.oldPort = port(w, "old port");
            m_ev.newHost = QString::fromUtf8(word(w, "new ip"));
            m_ev.newPort = port(w, "new port");
            m_ev.masterHost = m_ev.newHost;
            m_ev.masterPort = m_ev.newPort;
            expectEnd(w);
            break;
        case Layout::Vote:
            // Redis 7.0 publishes "<runid> <epoch>"; some documentation shows the instance first.
            if (isInstanceType(w.peek()))
                instance(w);
            m_ev.leaderRunId = word(w, "leader run id");
            m_ev.epoch = epoch(w);
            expectEnd(w);
            break;
        case Layout::Text:
            m_ev.extra = m_ev.payload;
            break;
        }
    }

private:
    SentinelEvent &m_ev;
};

} // namespace

QByteArray SentinelEvent::bareType() const
{
    return stripSign(type);
}

bool SentinelEvent::isFailoverMilestone() const
{
    static const QList<QByteArray> milestones = {
        QByteArrayLiteral("try-failover"),   QByteArrayLiteral("elected-leader"),
        QByteArrayLiteral("selected-slave"), QByteArrayLiteral("promoted-slave"),
        QByteArrayLiteral("failover-state-reconf-slaves"), QByteArrayLiteral("switch-master"),
        QByteArrayLiteral("failover-end"),   QByteArrayLiteral("failover-end-for-timeout"),
        QByteArrayLiteral("failover-detected"), QByteArrayLiteral("no-good-slave"),
    };
    const QByteArray bare = bareType();
    return milestones.contains(bare) || bare.startsWith("failover-abort-");
}

bool isSentinelEventChannel(const QByteArray &channel)
{
    if (channel.startsWith('+') || channel.startsWith('-'))
        return isEventName(channel.mid(1));
    return knownWithoutSign(channel);
}

Parsed<SentinelEvent> parseSentinelEvent(const QByteArray &channel, const QByteArray &payload)
{
    if (!isSentinelEventChannel(channel))
        return ParseError{QStringLiteral("not a Sentinel event channel: ") + quoted(channel), 0, 0};
    if (payload.contains('\0') || payload.contains('\n') || payload.contains('\r'))
        return ParseError{QString::fromUtf8(channel) + QStringLiteral(": control character in the payload"), 0, 0};

    SentinelEvent ev;
    ev.type = channel;
    ev.payload = payload;
    const QByteArray bare = ev.bareType();
    const auto known = knownTypes().constFind(bare);
    const bool abort = bare.startsWith("failover-abort-");

    if (known != knownTypes().cend() || abort) {
        EventParser p(ev);
        p.parse(abort ? Layout::Instance : known.value());
        if (p.error)
            return *p.error;
        return ev;
    }

    // A type this version does not know: keep the instance if the payload has that shape.
    SentinelEvent generic = ev;
    EventParser p(generic);
    p.parse(Layout::Instance);
    if (!p.error)
        return generic;
    ev.extra = payload;
    return ev;
}

} // namespace ops
