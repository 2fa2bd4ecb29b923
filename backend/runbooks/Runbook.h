#pragma once

#include "RunbookExpression.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace ops {

/** @brief A runbook's typed parameter (`inputs:`), given on the command line or in the console. */
struct RunbookInput
{
    enum class Type { String, Integer, Number, Boolean, Node, Duration };
    QString name;
    Type type = Type::String;
    QString defaultText;          ///< as written; empty: none
    bool hasDefault = false;
    bool required = false;
    QString description;
    QStringList choices;          ///< allowed values; empty: any of the type
    std::optional<double> min;    ///< numbers and durations (seconds)
    std::optional<double> max;
    int line = 0;
};

/** @brief One step of a runbook; which fields count depends on the kind. */
struct RunbookStep
{
    enum class Kind { Check, Wait, Action, Command, Manual, Branch };
    QString id;
    Kind kind = Kind::Manual;
    QString title;
    int line = 0;
    RunbookExpression expression; ///< check, wait (until), branch (if)
    double timeoutSeconds = 0;    ///< wait
    double intervalSeconds = 1;   ///< wait
    QString action;               ///< action: failover, reshard, rebalance, drain, remove-node, add-node, fix
    QVariantMap params;           ///< action parameters as written (strings may hold ${inputs.x})
    QStringList command;          ///< command: argv of a read-only command
    QString instructions;         ///< manual: what the operator does, then confirms
    QString onTrue;               ///< branch: the step id to go to, or "end"
    QString onFalse;
    bool destructive() const { return kind == Kind::Action; }
};

/** @brief A loaded, validated runbook (RunbookLoader). Plain data. */
struct Runbook
{
    enum class AppliesTo { Sentinel, Cluster, Both };
    QString id;
    QString title;
    QString whenToUse;
    AppliesTo appliesTo = AppliesTo::Both;
    QList<RunbookInput> inputs;
    QList<RunbookStep> steps;
    QString file;

    const RunbookStep *step(const QString &id) const;
};

} // namespace ops
