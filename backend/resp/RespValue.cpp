#include "RespValue.h"

#include <QStringList>

namespace ops {

RespValue RespValue::integer(qint64 v)
{
    RespValue r;
    r.m_type = Type::Integer;
    r.m_integer = v;
    return r;
}

RespValue RespValue::array(std::vector<RespValue> elements)
{
    RespValue r;
    r.m_type = Type::Array;
    r.m_elements = std::move(elements);
    return r;
}

QString RespValue::toDisplayString() const
{
    switch (m_type) {
    case Type::Nil:
        return QStringLiteral("(nil)");
    case Type::String:
        return QLatin1Char('"') + text() + QLatin1Char('"');
    case Type::Status:
        return text();
    case Type::Error:
        return QStringLiteral("(error) ") + text();
    case Type::Integer:
        return QStringLiteral("(integer) %1").arg(m_integer);
    case Type::Array: {
        if (m_elements.empty())
            return QStringLiteral("(empty array)");
        QStringList parts;
        parts.reserve(qsizetype(m_elements.size()));
        for (const RespValue &e : m_elements)
            parts << e.toDisplayString();
        return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    }
    return {};
}

const char *respTypeName(RespValue::Type type)
{
    switch (type) {
    case RespValue::Type::Nil: return "nil";
    case RespValue::Type::String: return "string";
    case RespValue::Type::Status: return "status";
    case RespValue::Type::Error: return "error";
    case RespValue::Type::Integer: return "integer";
    case RespValue::Type::Array: return "array";
    }
    return "?";
}

} // namespace ops
