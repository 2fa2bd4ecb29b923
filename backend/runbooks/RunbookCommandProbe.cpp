#include "RunbookCommandProbe.h"

#include "core/Clock.h"
#include "resp/Redaction.h"
#include "resp/RedisConnection.h"
#include "resp/RespCommand.h"
#include "resp/RespValue.h"

namespace ops {

namespace {

bool hasControl(const QString &text)
{
    for (const QChar c : text)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    return false;
}

/** redis-cli's spelling of a string with control characters: quoted, "\r\n", "\x1b". */
QString quoted(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'\\': out += QStringLiteral("\\\\"); break;
        case u'"': out += QStringLiteral("\\\""); break;
        case u'\n': out += QStringLiteral("\\n"); break;
        case u'\r': out += QStringLiteral("\\r"); break;
        case u'\t': out += QStringLiteral("\\t"); break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\x%1").arg(int(c.unicode()), 2, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

QString formatValue(const RespValue &value, bool nested)
{
    switch (value.type()) {
    case RespValue::Type::Nil: return QStringLiteral("(nil)");
    case RespValue::Type::Integer: return QStringLiteral("(integer) %1").arg(value.integer());
    case RespValue::Type::Error: return QStringLiteral("(error) ") + value.text();
    case RespValue::Type::String:
    case RespValue::Type::Status: {
        QString text = value.text();
        // An element of an array (a key, an argument in the slow log, a field) is one value:
        // its line breaks must not start lines of their own that read like more reply.
        if (nested && hasControl(text))
            return quoted(text);
        text.remove(QLatin1Char('\r'));
        return text.trimmed();
    }
    case RespValue::Type::Array: break;
    }
    if (value.size() == 0)
        return QStringLiteral("(empty array)");
    // As redis-cli prints it: "1) ...", nested replies indented under their number.
    QStringList lines;
    const int width = int(QString::number(value.size()).size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        const QString number = QStringLiteral("%1) ").arg(i + 1, width);
        const QStringList inner = formatValue(value[i], true).split(QLatin1Char('\n'));
        for (int l = 0; l < inner.size(); ++l)
            lines << (l == 0 ? number : QString(number.size(), QLatin1Char(' '))) + inner.at(l);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QString RunbookCommandProbe::format(const RespValue &value)
{
    return formatValue(value, false);
}

void RunbookCommandProbe::run(QObject *owner, Clock *clock, const QList<Target> &targets, const QStringList &argv, int timeoutMs, Done done)
{
    auto *probe = new RunbookCommandProbe(owner, clock, targets, std::move(done));
    probe->start(argv, timeoutMs);
}

RunbookCommandProbe::RunbookCommandProbe(QObject *owner, Clock *clock, QList<Target> targets, Done done)
    : QObject(owner), m_clock(clock), m_targets(std::move(targets)), m_done(std::move(done))
{
}

void RunbookCommandProbe::start(const QStringList &argv, int timeoutMs)
{
    QList<QByteArray> args;
    for (const QString &w : argv)
        args << w.toUtf8();
    const RespCommand command(args);
    m_replies = QStringList(m_targets.size(), QString());
    m_answered = QList<bool>(m_targets.size(), false);
    m_outstanding = int(m_targets.size());
    if (m_outstanding == 0) {
        m_clock->callAfter(0, this, [this] { finish(); });
        return;
    }
    for (int i = 0; i < m_targets.size(); ++i) {
        ConnectionOptions o = m_targets.at(i).options;
        o.connectTimeoutMs = std::min(o.connectTimeoutMs, timeoutMs);
        auto *connection = new RedisConnection(o, this);
        connection->send(command, this, [this, i, connection, args](const RedisResult &r) {
            // What a step prints is journaled and reported: secrets in a reply never get there.
            QString text = r.ok() ? format(redactReply(args, r.value())) : QStringLiteral("(error) ") + r.error().message();
            if (text.size() > maxReplyBytes)
                text = text.left(maxReplyBytes) + QStringLiteral("\n… (cut at %1 characters)").arg(maxReplyBytes);
            m_replies[i] = text;
            m_answered[i] = r.ok();
            connection->close();
            connection->deleteLater();
            if (--m_outstanding == 0)
                finish();
        }, timeoutMs);
    }
    // A connection that never reaches the server must not hold the step: the guard ends it.
    m_clock->callAfter(qint64(timeoutMs) + 1000, this, [this] { finish(); });
}

void RunbookCommandProbe::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    QStringList parts;
    int answered = 0;
    for (int i = 0; i < m_targets.size(); ++i) {
        const QString reply = m_replies.at(i).isNull() ? QStringLiteral("(no reply in time)") : m_replies.at(i);
        parts << QStringLiteral("== %1 ==\n%2").arg(m_targets.at(i).label, reply);
        answered += m_answered.at(i) ? 1 : 0;
    }
    const Done done = std::move(m_done);
    deleteLater();
    done(answered, parts.join(QLatin1Char('\n')));
}

} // namespace ops
