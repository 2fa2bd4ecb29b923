#include "ResumeCommand.h"

#include "AppPaths.h"
#include "history/HistoryStore.h"
#include "reshard/ReshardResumption.h"
#include "reshard/ReshardSurvey.h"

#include <QFileInfo>

namespace ops {

ResumeCommand::~ResumeCommand() = default;

void ResumeCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Finish an interrupted or stopped reshard from the operations journal: what is left "
                                   "is planned from the cluster as it is now, shown, confirmed, run as the same "
                                   "operation and verified."));
    parser.addPositionalArgument(QStringLiteral("operation"), QStringLiteral("Operation id or unique prefix (default: the most recent unfinished reshard)."));
    const QCommandLineOption replace(QStringLiteral("replace"), QStringLiteral("Keys on the target with different values are overwritten with the source's."));
    parser.addOption(replace);
    addClusterOptions(parser);
    if (!parseArguments(parser, args) || !readClusterOptions(parser))
        return;
    if (parser.positionalArguments().size() > 1)
        return usageError(QStringLiteral("one operation at a time"), parser.helpText());
    m_replace = parser.isSet(replace);
    if (!findOperation(parser.positionalArguments().value(0)))
        return;

    QString planError;
    const std::optional<ReshardPlan> original = ReshardResumption::originalPlan(m_record, &planError);
    if (!original) {
        err(QStringLiteral("redis-ops resume: ") + planError);
        return finish(ExitFailed);
    }
    m_original = *original;
    // The plan's masters (--cluster first)
    surveyCluster([this](const ReshardSurvey &s) { onSurvey(s); },
                  ReshardResumption::seeds(m_original, parser.isSet(QStringLiteral("cluster")) ? QList<Endpoint>{m_options.endpoint}
                                                                                              : QList<Endpoint>{}));
}

bool ResumeCommand::findOperation(const QString &wanted)
{
    const QString path = AppPaths::historyFile();
    if (!AppPaths::historyExists()) {
        err(QStringLiteral("redis-ops resume: no operations journal at %1").arg(path));
        finish(ExitFailed);
        return false;
    }
    HistoryStore store(path);
    HistoryError error = store.open();
    QList<OperationRecord> candidates;
    if (!error.isError()) {
        OperationQuery q;
        q.withSteps = true;
        q.kind = ReshardResumption::kind();
        candidates = ReshardResumption::candidates(store.operations(q, &error), wanted);
    }
    if (error.isError()) {
        err(QStringLiteral("redis-ops resume: cannot read the operations journal: %1").arg(error.message));
        finish(ExitFailed);
        return false;
    }
    if (candidates.isEmpty()) {
        err(wanted.isEmpty() ? QStringLiteral("redis-ops resume: no unfinished reshard in the journal")
                             : QStringLiteral("redis-ops resume: no reshard %1 left to finish (unknown, or it succeeded)").arg(wanted));
        finish(ExitFailed);
        return false;
    }
    if (!wanted.isEmpty() && candidates.size() > 1) {
        err(QStringLiteral("redis-ops resume: %1 is ambiguous (%2 operations)").arg(wanted).arg(candidates.size()));
        finish(ExitUsage);
        return false;
    }
    m_record = candidates.constLast(); // ordered by start: the most recent
    if (m_json)
        emitJson(QStringLiteral("resuming"), {{QStringLiteral("operation"), m_record.id},
                                              {QStringLiteral("state"), OperationRecord::stateName(m_record.state)},
                                              {QStringLiteral("steps"), int(m_record.steps.size())}});
    else
        out(ReshardResumption::describe(m_record));
    return true;
}

void ResumeCommand::onSurvey(const ReshardSurvey &survey)
{
    if (!someNodeAnswered(survey.cluster))
        return;
    m_plan = ReshardResumption::plan(survey, m_original, m_replace, !m_options.password.isEmpty());
    proceed(m_plan.describe(), m_plan.toJson(), m_plan.checks, m_plan.allowed());
}

bool ResumeCommand::confirmed()
{
    if (!mayConfirm())
        return false;
    return m_yes
        || ask(QStringLiteral("Type the operation's first 8 characters (%1) to resume it: ").arg(ReshardResumption::confirmText(m_record)),
               ReshardResumption::confirmText(m_record));
}

void ResumeCommand::execute()
{
    m_quietSteps = true;
    m_executor = new ReshardExecutor(m_plan, startOperation(m_record, runnerOptions()), this);
    m_executor->setResuming(true);
    connect(m_executor, &ReshardExecutor::phaseChanged, this, [this](const QString &text) { showPhase(text); });
    connect(m_executor, &ReshardExecutor::warning, this, [this](const QString &text) {
        if (m_json)
            emitJson(QStringLiteral("warning"), {{QStringLiteral("text"), text}});
        else
            err(QStringLiteral("warning: ") + text);
    });
    connect(m_executor, &ReshardExecutor::finished, this, [this](const ReshardExecutor::Result &result) {
        endOperation(result.state, result.outcome, result.details,
                     QStringLiteral("resumed: %1 slots in the operation, %2 keys moved now").arg(result.slotsMoved).arg(result.keysMoved));
    });
    stopOnInterrupt([this](const QString &reason) { m_executor->cancel(reason); });
    m_executor->start();
}

} // namespace ops
