#pragma once

#include <QHash>
#include <QString>

#include <functional>
#include <memory>

namespace ops {

/**
 * @brief The runbooks' check language: small, safe, never a shell.
 *
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | compare
 *   compare := term (("==" | "!=" | "<" | "<=" | ">" | ">=") term)?
 *   term    := NUMBER | STRING | "true" | "false" | NAME | NAME "(" STRING ")" | "(" expr ")"
 *
 * NAME is dotted (`replication.max_lag_seconds`, `input.target`); NUMBER may carry a unit
 * (`5s`, `200ms`, `2m`, `1h` → seconds; `10kb`, `64mb`, `1gb` → bytes); STRING is double-quoted
 * with \" and \\ escapes. The only call is `health("rule.id")`, a health rule's verdict ("pass",
 * "info", "warning", "critical", "unknown").
 *
 * parse() builds an immutable tree; check() types it against the variables a runbook may read
 * (numbers compare with <, strings and booleans only with == / !=, and/or/not take booleans, the
 * whole expression is a boolean). evaluate() reads live values through a lookup: a value the
 * deployment cannot give (node down, CONFIG denied) is Unknown, and Unknown spreads (except
 * `false and x`, `true or x`), so a check never passes on missing data.
 */
class RunbookExpression
{
public:
    enum class Type { Bool, Number, String };
    struct Value
    {
        enum class Kind { Unknown, Bool, Number, String } kind = Kind::Unknown;
        bool boolean = false;
        double number = 0;
        QString text;
        static Value ofBool(bool b) { return {Kind::Bool, b, 0, {}}; }
        static Value ofNumber(double n) { return {Kind::Number, false, n, {}}; }
        static Value ofString(QString s) { return {Kind::String, false, 0, std::move(s)}; }
        bool isKnown() const { return kind != Kind::Unknown; }
    };
    struct Error
    {
        int column = 0;   ///< 1-based column in the expression text; 0 when none
        QString message;
        bool isError() const { return !message.isEmpty(); }
    };
    /** The variables a runbook may read, with their types (health() is always there). */
    using Vocabulary = QHash<QString, Type>;
    /** name → live value; for health(), the name is "health:<rule id>". */
    using Lookup = std::function<Value(const QString &name)>;

    RunbookExpression() = default;

    /** Parses @p text; on failure the expression is empty and @p error says where and why. */
    static RunbookExpression parse(const QString &text, Error *error);
    /** Types the expression against @p vocabulary; the whole must be a boolean. */
    Error check(const Vocabulary &vocabulary) const;
    Value evaluate(const Lookup &lookup) const;

    bool isEmpty() const { return !m_root; }
    const QString &text() const { return m_text; }
    /** The names it reads ("health:<rule>" for health()), sorted: the evidence a step shows. */
    QStringList names() const;

    struct Node;

private:
    std::shared_ptr<const Node> m_root;
    QString m_text;
};

} // namespace ops
