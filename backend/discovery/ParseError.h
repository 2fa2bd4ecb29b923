#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace ops {

/**
 * @brief Why a server reply could not be parsed: what was expected, and where (1-based line of a
 * text reply, or element index of an array reply; 0 when not applicable).
 */
struct ParseError
{
    QString what;      ///< e.g. "CLUSTER NODES: bad slot range \"12-x\""
    int line = 0;      ///< text replies: 1-based line; 0 = whole reply
    int position = 0;  ///< 1-based field or element index within the line/array; 0 = n/a

    QString toString() const
    {
        QString s = what;
        if (line > 0)
            s += QStringLiteral(" (line %1").arg(line) + (position > 0 ? QStringLiteral(", field %1)").arg(position)
                                                                      : QStringLiteral(")"));
        else if (position > 0)
            s += QStringLiteral(" (element %1)").arg(position);
        return s;
    }
};

/**
 * @brief A parsed value or a ParseError (C++20 has no std::expected). Parsers never throw and
 * never read out of range: malformed input of any shape yields an error.
 */
template<typename T>
class Parsed
{
public:
    Parsed(T value) : m_state(std::move(value)) {}
    Parsed(ParseError error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_state); }
    T &value() { return std::get<T>(m_state); }
    T take() { return std::move(std::get<T>(m_state)); }
    const ParseError &error() const { return std::get<ParseError>(m_state); }

private:
    std::variant<T, ParseError> m_state;
};

} // namespace ops
