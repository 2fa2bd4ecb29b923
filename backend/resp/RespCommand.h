#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <initializer_list>

namespace ops {

/**
 * @brief A command as binary-safe arguments, never an interpolated string. Encoded to exactly the
 * bytes hiredis's redisFormatCommandArgv gives (tested), without its per-argument sprintf.
 * redactedText() is the only form that may reach a log.
 */
class RespCommand
{
public:
    RespCommand() = default;
    RespCommand(std::initializer_list<QByteArray> args) : m_args(args) {}
    explicit RespCommand(QList<QByteArray> args) : m_args(std::move(args)) {}

    RespCommand &operator<<(const QByteArray &arg) { m_args << arg; return *this; }
    RespCommand &operator<<(const QString &arg) { m_args << arg.toUtf8(); return *this; }
    RespCommand &operator<<(qint64 arg) { m_args << QByteArray::number(arg); return *this; }

    const QList<QByteArray> &args() const { return m_args; }
    bool isEmpty() const { return m_args.isEmpty(); }
    /** Upper-cased command name (first argument). */
    QByteArray name() const;

    /** RESP wire form (a multi-bulk of bulk strings). */
    QByteArray encode() const;
    /** Appends the wire form to @p out (avoids a temporary in pipelines). */
    void encodeInto(QByteArray &out) const;

    /** Human text with secrets replaced by `(redacted)`: AUTH, HELLO AUTH, MIGRATE AUTH/AUTH2,
     *  CONFIG SET requirepass/masterauth/masteruser, SENTINEL SET auth-pass/auth-user, ACL SETUSER. */
    QString redactedText() const;

private:
    QList<QByteArray> m_args;
};

} // namespace ops
