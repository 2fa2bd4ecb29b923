#pragma once

#include <QByteArray>
#include <QString>
#include <vector>

namespace ops {

/**
 * @brief One decoded RESP2 value (what hiredis 0.14 can decode: string, array, integer, nil,
 * status and error). A plain value type: cheap to move, safe to copy across threads.
 */
class RespValue
{
public:
    enum class Type : quint8 { Nil, String, Status, Error, Integer, Array };

    RespValue() = default;
    static RespValue nil() { return {}; }
    static RespValue string(QByteArray s) { return RespValue(Type::String, std::move(s)); }
    static RespValue status(QByteArray s) { return RespValue(Type::Status, std::move(s)); }
    static RespValue error(QByteArray s) { return RespValue(Type::Error, std::move(s)); }
    static RespValue integer(qint64 v);
    static RespValue array(std::vector<RespValue> elements);

    Type type() const { return m_type; }
    bool isNil() const { return m_type == Type::Nil; }
    bool isString() const { return m_type == Type::String; }
    bool isStatus() const { return m_type == Type::Status; }
    bool isError() const { return m_type == Type::Error; }
    bool isInteger() const { return m_type == Type::Integer; }
    bool isArray() const { return m_type == Type::Array; }

    /** Bytes of a String, Status or Error; empty otherwise. */
    const QByteArray &bytes() const { return m_bytes; }
    /** Server text as a QString (UTF-8, invalid sequences replaced): for display, never parsing. */
    QString text() const { return QString::fromUtf8(m_bytes); }
    qint64 integer() const { return m_integer; }
    const std::vector<RespValue> &elements() const { return m_elements; }
    std::size_t size() const { return m_elements.size(); }
    const RespValue &operator[](std::size_t i) const { return m_elements[i]; }

    /** A compact redis-cli-like rendering, for logs, tests and the CLI. */
    QString toDisplayString() const;

    bool operator==(const RespValue &other) const = default;

private:
    friend struct RespReaderCallbacks;
    RespValue(Type t, QByteArray b) : m_type(t), m_bytes(std::move(b)) {}

    Type m_type = Type::Nil;
    qint64 m_integer = 0;
    QByteArray m_bytes;
    std::vector<RespValue> m_elements;
};

const char *respTypeName(RespValue::Type type);

} // namespace ops
