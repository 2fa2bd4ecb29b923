#include "RunbookExpression.h"

#include <QList>

#include <cmath>
#include <optional>

namespace ops {

struct RunbookExpression::Node
{
    enum class Op { Literal, Name, Health, Not, And, Or, Eq, Ne, Lt, Le, Gt, Ge };
    Op op = Op::Literal;
    Value literal;
    QString name;
    int column = 0;
    std::shared_ptr<const Node> left;
    std::shared_ptr<const Node> right;
};

namespace {

using Node = RunbookExpression::Node;
using NodePtr = std::shared_ptr<const Node>;
using Value = RunbookExpression::Value;
using Type = RunbookExpression::Type;
using Error = RunbookExpression::Error;

struct Token
{
    enum class Kind { Number, String, Name, Op, Open, Close, End } kind = Kind::End;
    QString text;
    double number = 0;
    int column = 0;
};

std::optional<double> unitFactor(const QString &unit)
{
    static const QHash<QString, double> factors{{QString(), 1.0},           {QStringLiteral("ms"), 0.001},
                                                {QStringLiteral("s"), 1.0}, {QStringLiteral("m"), 60.0},
                                                {QStringLiteral("h"), 3600.0}, {QStringLiteral("kb"), 1024.0},
                                                {QStringLiteral("mb"), 1024.0 * 1024}, {QStringLiteral("gb"), 1024.0 * 1024 * 1024}};
    const auto it = factors.constFind(unit.toLower());
    return it == factors.cend() ? std::nullopt : std::optional<double>(*it);
}

bool isNameStart(QChar c) { return c.isLetter() || c == QLatin1Char('_'); }
bool isNameChar(QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_'); }

QList<Token> tokenize(const QString &s, Error *error)
{
    QList<Token> tokens;
    qsizetype i = 0;
    while (i < s.size()) {
        const QChar c = s[i];
        const int column = int(i) + 1;
        if (c.isSpace()) {
            ++i;
        } else if (c.isDigit()) {
            const qsizetype start = i;
            while (i < s.size() && (s[i].isDigit() || s[i] == QLatin1Char('.')))
                ++i;
            bool ok = false;
            const double n = s.mid(start, i - start).toDouble(&ok);
            const qsizetype unitStart = i;
            while (i < s.size() && s[i].isLetter())
                ++i;
            const QString unit = s.mid(unitStart, i - unitStart);
            const std::optional<double> factor = unitFactor(unit);
            if (!ok) {
                *error = {column, QStringLiteral("bad number '%1'").arg(s.mid(start, i - start))};
                return {};
            }
            if (!factor) {
                *error = {int(unitStart) + 1, QStringLiteral("unknown unit '%1' (ms, s, m, h, kb, mb, gb)").arg(unit)};
                return {};
            }
            tokens << Token{Token::Kind::Number, s.mid(start, i - start), n * *factor, column};
        } else if (c == QLatin1Char('"')) {
            QString text;
            ++i;
            bool closed = false;
            while (i < s.size()) {
                if (s[i] == QLatin1Char('\\') && i + 1 < s.size() && (s[i + 1] == QLatin1Char('"') || s[i + 1] == QLatin1Char('\\'))) {
                    text += s[i + 1];
                    i += 2;
                } else if (s[i] == QLatin1Char('"')) {
                    closed = true;
                    ++i;
                    break;
                } else if (s[i].category() == QChar::Other_Control) {
                    *error = {int(i) + 1, QStringLiteral("control character in a string")};
                    return {};
                } else {
                    text += s[i++];
                }
            }
            if (!closed) {
                *error = {column, QStringLiteral("string not closed")};
                return {};
            }
            tokens << Token{Token::Kind::String, text, 0, column};
        } else if (isNameStart(c)) {
            const qsizetype start = i;
            while (i < s.size() && (isNameChar(s[i]) || (s[i] == QLatin1Char('.') && i + 1 < s.size() && isNameStart(s[i + 1]))))
                ++i;
            tokens << Token{Token::Kind::Name, s.mid(start, i - start), 0, column};
        } else if (c == QLatin1Char('(') || c == QLatin1Char(')')) {
            tokens << Token{c == QLatin1Char('(') ? Token::Kind::Open : Token::Kind::Close, QString(c), 0, column};
            ++i;
        } else {
            static const QStringList ops{QStringLiteral("=="), QStringLiteral("!="), QStringLiteral("<="),
                                         QStringLiteral(">="), QStringLiteral("<"),  QStringLiteral(">")};
            QString op;
            for (const QString &o : ops)
                if (s.mid(i, o.size()) == o) {
                    op = o;
                    break;
                }
            if (op.isEmpty()) {
                *error = {column, c == QLatin1Char('=') ? QStringLiteral("'=' is not a comparison: use '=='")
                                                         : QStringLiteral("unexpected character '%1'").arg(c)};
                return {};
            }
            tokens << Token{Token::Kind::Op, op, 0, column};
            i += op.size();
        }
    }
    tokens << Token{Token::Kind::End, QString(), 0, int(s.size()) + 1};
    return tokens;
}

class Parser
{
public:
    Parser(QList<Token> tokens, Error *error) : m_tokens(std::move(tokens)), m_error(error) {}

    NodePtr parseAll()
    {
        NodePtr root = parseOr();
        if (root && peek().kind != Token::Kind::End)
            return fail(peek().column, QStringLiteral("unexpected '%1'").arg(peek().text));
        return root;
    }

private:
    const Token &peek() const { return m_tokens[m_pos]; }
    Token next() { return m_tokens[m_pos++]; }
    bool isWord(const char *word) const { return peek().kind == Token::Kind::Name && peek().text == QLatin1String(word); }
    NodePtr fail(int column, const QString &message)
    {
        if (!m_error->isError())
            *m_error = {column, message};
        return nullptr;
    }
    static NodePtr make(Node::Op op, int column, NodePtr left, NodePtr right = nullptr)
    {
        auto n = std::make_shared<Node>();
        n->op = op;
        n->column = column;
        n->left = std::move(left);
        n->right = std::move(right);
        return n;
    }

    NodePtr parseOr() { return parseChain("or", Node::Op::Or, &Parser::parseAnd); }
    NodePtr parseAnd() { return parseChain("and", Node::Op::And, &Parser::parseNot); }
    /** operand (word operand)*, left-associative. */
    NodePtr parseChain(const char *word, Node::Op op, NodePtr (Parser::*operand)())
    {
        NodePtr left = (this->*operand)();
        while (left && isWord(word)) {
            const int column = next().column;
            NodePtr right = (this->*operand)();
            if (!right)
                return nullptr;
            left = make(op, column, left, right);
        }
        return left;
    }
    NodePtr parseNot()
    {
        if (isWord("not")) {
            const int column = next().column;
            NodePtr operand = parseNot();
            return operand ? make(Node::Op::Not, column, operand) : nullptr;
        }
        return parseCompare();
    }
    NodePtr parseCompare()
    {
        NodePtr left = parseTerm();
        if (!left || peek().kind != Token::Kind::Op)
            return left;
        static const QHash<QString, Node::Op> ops{{QStringLiteral("=="), Node::Op::Eq}, {QStringLiteral("!="), Node::Op::Ne},
                                                  {QStringLiteral("<"), Node::Op::Lt},  {QStringLiteral("<="), Node::Op::Le},
                                                  {QStringLiteral(">"), Node::Op::Gt},  {QStringLiteral(">="), Node::Op::Ge}};
        const Token op = next();
        NodePtr right = parseTerm();
        if (!right)
            return nullptr;
        if (peek().kind == Token::Kind::Op)
            return fail(peek().column, QStringLiteral("comparisons do not chain: use 'and'"));
        return make(ops.value(op.text), op.column, left, right);
    }
    NodePtr parseTerm()
    {
        const Token t = next();
        auto n = std::make_shared<Node>();
        n->column = t.column;
        switch (t.kind) {
        case Token::Kind::Number:
            n->literal = Value::ofNumber(t.number);
            return n;
        case Token::Kind::String:
            n->literal = Value::ofString(t.text);
            return n;
        case Token::Kind::Open: {
            NodePtr inner = parseOr();
            if (!inner)
                return nullptr;
            if (peek().kind != Token::Kind::Close)
                return fail(peek().column, QStringLiteral("')' expected"));
            next();
            return inner;
        }
        case Token::Kind::Name:
            if (t.text == QLatin1String("true") || t.text == QLatin1String("false")) {
                n->literal = Value::ofBool(t.text == QLatin1String("true"));
                return n;
            }
            if (t.text == QLatin1String("and") || t.text == QLatin1String("or") || t.text == QLatin1String("not"))
                return fail(t.column, QStringLiteral("'%1' needs a value before it").arg(t.text));
            if (peek().kind == Token::Kind::Open) {
                if (t.text != QLatin1String("health"))
                    return fail(t.column, QStringLiteral("unknown function '%1' (only health(\"rule.id\"))").arg(t.text));
                next();
                const Token arg = next();
                if (arg.kind != Token::Kind::String)
                    return fail(arg.column, QStringLiteral("health() takes a rule id in quotes"));
                if (peek().kind != Token::Kind::Close)
                    return fail(peek().column, QStringLiteral("')' expected"));
                next();
                n->op = Node::Op::Health;
                n->name = QStringLiteral("health:") + arg.text;
                return n;
            }
            n->op = Node::Op::Name;
            n->name = t.text;
            return n;
        case Token::Kind::End:
            return fail(t.column, QStringLiteral("expression ends too early"));
        default:
            return fail(t.column, QStringLiteral("unexpected '%1'").arg(t.text));
        }
    }

    QList<Token> m_tokens;
    qsizetype m_pos = 0;
    Error *m_error;
};

QString typeName(Type t)
{
    return t == Type::Bool ? QStringLiteral("boolean") : t == Type::Number ? QStringLiteral("number") : QStringLiteral("string");
}

std::optional<Type> typeOf(const Node &n, const RunbookExpression::Vocabulary &vocabulary, Error *error)
{
    auto fail = [error](int column, const QString &message) -> std::optional<Type> {
        *error = {column, message};
        return std::nullopt;
    };
    switch (n.op) {
    case Node::Op::Literal:
        return n.literal.kind == Value::Kind::Bool ? Type::Bool : n.literal.kind == Value::Kind::Number ? Type::Number : Type::String;
    case Node::Op::Name:
        if (!vocabulary.contains(n.name))
            return fail(n.column, QStringLiteral("unknown name '%1'").arg(n.name));
        return vocabulary.value(n.name);
    case Node::Op::Health:
        return Type::String;
    case Node::Op::Not: {
        const std::optional<Type> t = typeOf(*n.left, vocabulary, error);
        if (t && *t != Type::Bool)
            return fail(n.column, QStringLiteral("'not' needs a boolean, not a %1").arg(typeName(*t)));
        return t;
    }
    default: { // and / or, comparisons: both operands typed first
        const std::optional<Type> a = typeOf(*n.left, vocabulary, error);
        if (!a)
            return a;
        const std::optional<Type> b = typeOf(*n.right, vocabulary, error);
        if (!b)
            return b;
        if (n.op == Node::Op::And || n.op == Node::Op::Or) {
            if (*a != Type::Bool || *b != Type::Bool)
                return fail(n.column, QStringLiteral("'%1' needs booleans on both sides").arg(n.op == Node::Op::And ? QStringLiteral("and") : QStringLiteral("or")));
            return Type::Bool;
        }
        if (*a != *b)
            return fail(n.column, QStringLiteral("compares a %1 with a %2").arg(typeName(*a), typeName(*b)));
        if (*a != Type::Number && n.op != Node::Op::Eq && n.op != Node::Op::Ne)
            return fail(n.column, QStringLiteral("a %1 compares only with == or !=").arg(typeName(*a)));
        return Type::Bool;
    }
    }
}

Value evaluateNode(const Node &n, const RunbookExpression::Lookup &lookup)
{
    switch (n.op) {
    case Node::Op::Literal:
        return n.literal;
    case Node::Op::Name:
    case Node::Op::Health:
        return lookup(n.name);
    case Node::Op::Not: {
        const Value v = evaluateNode(*n.left, lookup);
        return v.kind == Value::Kind::Bool ? Value::ofBool(!v.boolean) : Value{};
    }
    case Node::Op::And:
    case Node::Op::Or: {
        const bool isAnd = n.op == Node::Op::And;
        const Value a = evaluateNode(*n.left, lookup);
        if (a.kind == Value::Kind::Bool && a.boolean != isAnd)
            return a; // false and x, true or x
        const Value b = evaluateNode(*n.right, lookup);
        if (b.kind == Value::Kind::Bool && b.boolean != isAnd)
            return b;
        if (a.kind != Value::Kind::Bool || b.kind != Value::Kind::Bool)
            return {};
        return Value::ofBool(isAnd);
    }
    default: {
        const Value a = evaluateNode(*n.left, lookup);
        const Value b = evaluateNode(*n.right, lookup);
        if (!a.isKnown() || !b.isKnown() || a.kind != b.kind)
            return {};
        if (a.kind == Value::Kind::Number) {
            const double x = a.number, y = b.number;
            switch (n.op) {
            case Node::Op::Eq: return Value::ofBool(x == y);
            case Node::Op::Ne: return Value::ofBool(x != y);
            case Node::Op::Lt: return Value::ofBool(x < y);
            case Node::Op::Le: return Value::ofBool(x <= y);
            case Node::Op::Gt: return Value::ofBool(x > y);
            default: return Value::ofBool(x >= y);
            }
        }
        const bool equal = a.kind == Value::Kind::String ? a.text == b.text : a.boolean == b.boolean;
        return Value::ofBool(n.op == Node::Op::Eq ? equal : !equal);
    }
    }
}

void collectNames(const Node &n, QStringList *names)
{
    if (n.op == Node::Op::Name || n.op == Node::Op::Health) {
        if (!names->contains(n.name))
            names->append(n.name);
    }
    if (n.left)
        collectNames(*n.left, names);
    if (n.right)
        collectNames(*n.right, names);
}

} // namespace

RunbookExpression RunbookExpression::parse(const QString &text, Error *error)
{
    *error = {};
    RunbookExpression e;
    const QList<Token> tokens = tokenize(text, error);
    if (error->isError())
        return e;
    Parser parser(tokens, error);
    NodePtr root = parser.parseAll();
    if (!error->isError()) {
        e.m_root = std::move(root);
        e.m_text = text;
    }
    return e;
}

RunbookExpression::Error RunbookExpression::check(const Vocabulary &vocabulary) const
{
    Error error;
    if (!m_root)
        return {0, QStringLiteral("empty expression")};
    const std::optional<Type> t = typeOf(*m_root, vocabulary, &error);
    if (t && *t != Type::Bool)
        return {1, QStringLiteral("a check must be true or false, this is a %1").arg(typeName(*t))};
    return error;
}

RunbookExpression::Value RunbookExpression::evaluate(const Lookup &lookup) const
{
    return m_root ? evaluateNode(*m_root, lookup) : Value{};
}

QStringList RunbookExpression::names() const
{
    QStringList names;
    if (m_root)
        collectNames(*m_root, &names);
    names.sort();
    return names;
}

} // namespace ops
