#include "RunbookJournal.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

namespace ops {

namespace {

QString kindWord(RunbookStep::Kind kind)
{
    switch (kind) {
    case RunbookStep::Kind::Check: return QStringLiteral("check");
    case RunbookStep::Kind::Wait: return QStringLiteral("wait");
    case RunbookStep::Kind::Action: return QStringLiteral("action");
    case RunbookStep::Kind::Command: return QStringLiteral("command");
    case RunbookStep::Kind::Manual: return QStringLiteral("manual");
    case RunbookStep::Kind::Branch: return QStringLiteral("branch");
    }
    return {};
}

QString timeOfDay(qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss")); }

} // namespace

QJsonObject RunbookJournal::plan(const Runbook &runbook, const QHash<QString, QString> &inputs, const QByteArray &sourceHash)
{
    QJsonObject in;
    for (auto it = inputs.cbegin(); it != inputs.cend(); ++it)
        in.insert(it.key(), it.value());
    QJsonArray steps;
    for (const RunbookStep &s : runbook.steps)
        steps.append(QJsonObject{{QStringLiteral("id"), s.id}, {QStringLiteral("kind"), kindWord(s.kind)}, {QStringLiteral("title"), s.title}});
    return {{QStringLiteral("runbook"), runbook.id},
            {QStringLiteral("title"), runbook.title},
            {QStringLiteral("file"), runbook.file},
            {QStringLiteral("sha256"), QString::fromLatin1(sourceHash.toHex())},
            {QStringLiteral("inputs"), in},
            {QStringLiteral("steps"), steps}};
}

QHash<QString, QString> RunbookJournal::inputsOf(const QJsonObject &plan)
{
    QHash<QString, QString> out;
    const QJsonObject in = plan.value(QStringLiteral("inputs")).toObject();
    for (auto it = in.begin(); it != in.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

QString RunbookJournal::commandText(const RunbookStep &step, const QString &what)
{
    return QStringLiteral("%1 %2: %3").arg(step.id, kindWord(step.kind), what);
}

QString RunbookJournal::noteText(const QString &stepId, const QString &note) { return QStringLiteral("%1 note: %2").arg(stepId, note); }

QString RunbookJournal::summary(RunbookStepState::Status status, const QString &next, const QString &detail)
{
    return RunbookStepState::statusName(status) + (next.isEmpty() ? QString() : QStringLiteral(" -> ") + next) + QStringLiteral(": ") + detail;
}

std::optional<RunbookJournal::Row> RunbookJournal::decode(const OperationStep &step)
{
    static const QRegularExpression head(QStringLiteral("^([a-z0-9][a-z0-9-]*) (check|wait|action|command|manual|branch|note): (.*)$"),
                                         QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = head.match(step.commandText);
    if (!m.hasMatch())
        return std::nullopt;
    Row r;
    r.stepId = m.captured(1);
    r.kind = m.captured(2);
    r.text = m.captured(3);
    r.note = r.kind == QLatin1String("note");
    if (r.note)
        return r;
    static const QRegularExpression tail(QStringLiteral("^([a-z]+)(?: -> ([a-z0-9][a-z0-9-]*))?: (.*)$"),
                                         QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch t = tail.match(step.replySummary);
    RunbookStepState::Status status{};
    const bool final = step.state == OperationStep::State::Answered || step.state == OperationStep::State::Failed;
    if (final && t.hasMatch() && RunbookStepState::statusFromName(t.captured(1), &status)) {
        r.ended = true;
        r.status = status;
        r.next = t.captured(2);
        r.detail = t.captured(3);
    } else if (step.replySummary.startsWith(QLatin1String("operation "))) {
        r.operationId = step.replySummary.mid(10).trimmed();
    }
    return r;
}

int RunbookJournal::indexOfNext(const Runbook &runbook, int from, const QString &next)
{
    if (next.isEmpty())
        return from + 1;
    if (next == QLatin1String("end"))
        return int(runbook.steps.size());
    for (int i = 0; i < runbook.steps.size(); ++i)
        if (runbook.steps.at(i).id == next)
            return i;
    return int(runbook.steps.size());
}

RunbookJournal::Position RunbookJournal::replay(const Runbook &runbook, const OperationRecord &record)
{
    Position p;
    for (const RunbookStep &s : runbook.steps)
        {
        RunbookStepState st;
        st.stepId = s.id;
        p.steps << st;
    }
    int last = -1;
    std::optional<Row> lastRow;
    for (const OperationStep &row : record.steps) {
        const std::optional<Row> r = decode(row);
        if (!r)
            continue;
        const int i = int(std::find_if(runbook.steps.cbegin(), runbook.steps.cend(), [&](const RunbookStep &s) { return s.id == r->stepId; })
                          - runbook.steps.cbegin());
        if (i >= runbook.steps.size())
            continue;
        RunbookStepState &st = p.steps[i];
        if (r->note) {
            st.notes << QStringLiteral("%1 %2").arg(timeOfDay(row.plannedMs), r->text);
            continue;
        }
        st.startedMs = row.plannedMs;
        st.endedMs = r->ended ? row.doneMs : 0;
        st.status = r->ended ? r->status : RunbookStepState::Status::Running;
        st.detail = r->ended ? r->detail : QStringLiteral("cut off before it ended");
        if (!r->operationId.isEmpty())
            st.operationId = r->operationId;
        last = i;
        lastRow = r;
    }
    if (last < 0)
        p.resumeAt = 0;
    else if (lastRow->ended && p.steps.at(last).isFinal())
        p.resumeAt = indexOfNext(runbook, last, lastRow->next);
    else
        p.resumeAt = last;
    return p;
}

} // namespace ops
