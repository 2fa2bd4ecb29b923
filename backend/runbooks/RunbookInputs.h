#pragma once

#include "Runbook.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace ops {

/**
 * @brief The values of one run's inputs: what the operator gave (`--input k=v`, the console's
 * form) checked against the runbook's `inputs:` (type, choices, min / max, required), defaults
 * filled in, each kept both as text (for `${inputs.x}` in action parameters and command words)
 * and as a typed value (for `input.x` in checks).
 *
 * A value holding a control character (CR, LF, ESC, ...) is refused: inputs end up in commands
 * sent to servers and in the journal, and are shown to operators. A `node` input is checked
 * here only for being non-empty; it is resolved against the live topology when a step uses it.
 */
class RunbookInputs
{
public:
    using Values = QHash<QString, RunbookExpression::Value>;

    struct Result
    {
        Values values;                 ///< name → typed value, every input of the runbook that has one
        QHash<QString, QString> texts; ///< name → the text given or defaulted
        QStringList errors;            ///< one sentence each; empty: the inputs are valid
        bool ok() const { return errors.isEmpty(); }
    };

    /** Checks @p given (name → text) against @p runbook's inputs and fills defaults. */
    static Result resolve(const Runbook &runbook, const QHash<QString, QString> &given);
    /** Splits "name=value" (the value may hold '='); false with @p error otherwise. */
    static bool parseAssignment(const QString &argument, QString *name, QString *value, QString *error);
    /** @p text with every `${inputs.<name>}` replaced by its value (empty for an input without one). */
    static QString substitute(const QString &text, const QHash<QString, QString> &texts);
    /** "500ms", "30s", "2m", "1h", "12" (seconds) → seconds; nullopt when it is not a duration. */
    static std::optional<double> durationSeconds(const QString &text);
    /** True when @p text holds a control character other than tab and, if @p allowNewline, LF. */
    static bool hasControl(const QString &text, bool allowNewline = false);
};

} // namespace ops
