#pragma once

#include "Runbook.h"

#include <QByteArray>

namespace ops {

/**
 * @brief Reads a runbook from YAML (yaml-cpp) and validates all of it before anything runs:
 * unknown fields, missing ones, wrong types, unknown actions and action parameters, commands
 * outside the read-only allow-list, bad or ill-typed check expressions, duplicate step ids,
 * branches to missing steps, `${inputs.x}` naming no input. Every problem is reported, each as
 * "file:line: message" (the line of the offending key or value), and no runbook is returned
 * when there is one.
 */
class RunbookLoader
{
public:
    struct Result
    {
        std::optional<Runbook> runbook;
        QStringList errors;
    };

    static Result load(const QString &path);
    static Result parse(const QByteArray &yaml, const QString &fileName);

    /** What check expressions may read, besides input.<name> and health("rule"). */
    static RunbookExpression::Vocabulary vocabulary();
    /** Action name → the parameters it takes. */
    static QHash<QString, QStringList> actions();
    /** Read-only commands a `command` step may send (upper case; "CLUSTER INFO" = two words). */
    static QStringList allowedCommands();
};

} // namespace ops
