#include "RunbookInputs.h"

#include <QRegularExpression>

namespace ops {

namespace {

QString typeName(RunbookInput::Type type)
{
    switch (type) {
    case RunbookInput::Type::String: return QStringLiteral("a string");
    case RunbookInput::Type::Integer: return QStringLiteral("an integer");
    case RunbookInput::Type::Number: return QStringLiteral("a number");
    case RunbookInput::Type::Boolean: return QStringLiteral("a boolean");
    case RunbookInput::Type::Node: return QStringLiteral("a node (id, id prefix or host:port)");
    case RunbookInput::Type::Duration: return QStringLiteral("a duration (500ms, 30s, 2m, 1h)");
    }
    return {};
}

/** The typed value of @p text for @p input; nullopt (and @p why) when it is not one. */
std::optional<RunbookExpression::Value> typed(const RunbookInput &input, const QString &text, QString *why)
{
    using V = RunbookExpression::Value;
    bool ok = true;
    std::optional<V> v;
    switch (input.type) {
    case RunbookInput::Type::String:
    case RunbookInput::Type::Node:
        if (text.trimmed().isEmpty())
            ok = false;
        else
            v = V::ofString(text);
        break;
    case RunbookInput::Type::Integer: {
        const qlonglong n = text.trimmed().toLongLong(&ok);
        if (ok)
            v = V::ofNumber(double(n));
        break;
    }
    case RunbookInput::Type::Number: {
        const double n = text.trimmed().toDouble(&ok);
        if (ok)
            v = V::ofNumber(n);
        break;
    }
    case RunbookInput::Type::Boolean:
        ok = text == QLatin1String("true") || text == QLatin1String("false");
        if (ok)
            v = V::ofBool(text == QLatin1String("true"));
        break;
    case RunbookInput::Type::Duration: {
        const std::optional<double> d = RunbookInputs::durationSeconds(text);
        ok = d.has_value();
        if (ok)
            v = V::ofNumber(*d);
        break;
    }
    }
    if (!ok) {
        *why = QStringLiteral("input '%1': '%2' is not %3").arg(input.name, text, typeName(input.type));
        return std::nullopt;
    }
    if (!input.choices.isEmpty() && !input.choices.contains(text)) {
        *why = QStringLiteral("input '%1': '%2' is not one of %3").arg(input.name, text, input.choices.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    if (v->kind == V::Kind::Number) {
        if (input.min && v->number < *input.min) {
            *why = QStringLiteral("input '%1': %2 is below its minimum %3").arg(input.name, text).arg(*input.min);
            return std::nullopt;
        }
        if (input.max && v->number > *input.max) {
            *why = QStringLiteral("input '%1': %2 is above its maximum %3").arg(input.name, text).arg(*input.max);
            return std::nullopt;
        }
    }
    return v;
}

} // namespace

RunbookInputs::Result RunbookInputs::resolve(const Runbook &runbook, const QHash<QString, QString> &given)
{
    Result r;
    for (auto it = given.cbegin(); it != given.cend(); ++it)
        if (std::none_of(runbook.inputs.cbegin(), runbook.inputs.cend(), [&](const RunbookInput &in) { return in.name == it.key(); })) {
            QStringList names;
            for (const RunbookInput &in : runbook.inputs)
                names << in.name;
            r.errors << QStringLiteral("input '%1': runbook '%2' has no such input (%3)")
                            .arg(it.key(), runbook.id, names.isEmpty() ? QStringLiteral("it takes none") : names.join(QStringLiteral(", ")));
        }
    for (const RunbookInput &in : runbook.inputs) {
        const bool isGiven = given.contains(in.name);
        if (!isGiven && !in.hasDefault) {
            if (in.required)
                r.errors << QStringLiteral("input '%1' is required%2").arg(in.name, in.description.isEmpty() ? QString() : QStringLiteral(": ") + in.description);
            else if (in.type == RunbookInput::Type::String || in.type == RunbookInput::Type::Node) {
                // An optional text left out is the empty text (a check can test `input.x == ""`);
                // an optional number stays unknown, so no check passes on a guess.
                r.values.insert(in.name, RunbookExpression::Value::ofString(QString()));
                r.texts.insert(in.name, QString());
            }
            continue;
        }
        const QString text = isGiven ? given.value(in.name) : in.defaultText;
        if (hasControl(text)) {
            r.errors << QStringLiteral("input '%1': the value holds a control character (CR, LF, escape, ...)").arg(in.name);
            continue;
        }
        QString why;
        const std::optional<RunbookExpression::Value> v = typed(in, text, &why);
        if (!v) {
            r.errors << why;
            continue;
        }
        r.values.insert(in.name, *v);
        r.texts.insert(in.name, text);
    }
    return r;
}

bool RunbookInputs::parseAssignment(const QString &argument, QString *name, QString *value, QString *error)
{
    const qsizetype eq = argument.indexOf(QLatin1Char('='));
    if (eq <= 0) {
        *error = QStringLiteral("'%1' is not name=value").arg(argument);
        return false;
    }
    *name = argument.left(eq).trimmed();
    *value = argument.mid(eq + 1);
    return true;
}

QString RunbookInputs::substitute(const QString &text, const QHash<QString, QString> &texts)
{
    static const QRegularExpression ref(QStringLiteral("\\$\\{inputs\\.([a-z][a-z0-9_]*)\\}"));
    QString out;
    qsizetype last = 0;
    for (auto it = ref.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += text.mid(last, m.capturedStart() - last);
        out += texts.value(m.captured(1)); // an optional input left unset reads as empty
        last = m.capturedEnd();
    }
    return out + text.mid(last);
}

std::optional<double> RunbookInputs::durationSeconds(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?\\s*$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const double n = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    return n * (unit == QLatin1String("ms") ? 0.001 : unit == QLatin1String("m") ? 60.0 : unit == QLatin1String("h") ? 3600.0 : 1.0);
}

bool RunbookInputs::hasControl(const QString &text, bool allowNewline)
{
    for (QChar c : text)
        if ((c.category() == QChar::Other_Control || c == QChar(0x2028) || c == QChar(0x2029)) && c != QLatin1Char('\t')
            && !(allowNewline && c == QLatin1Char('\n')))
            return true;
    return false;
}

} // namespace ops
