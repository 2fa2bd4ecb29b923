#include "RunbookCommand.h"

#include "runbooks/RunbookLoader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ops {

void RunbookCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Runbooks. 'validate FILE...' checks runbook files (docs/runbooks.md) and reports "
                                   "every problem as file:line: message."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per file."));
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("validate"), QStringLiteral("The action: validate."));
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Runbook files."), QStringLiteral("FILE..."));
    if (!parseArguments(parser, args))
        return;
    QStringList words = parser.positionalArguments();
    if (words.isEmpty() || words.first() != QLatin1String("validate")) {
        usageError(words.isEmpty() ? QStringLiteral("runbook: an action is needed (validate)")
                                   : QStringLiteral("runbook: unknown action '%1' (validate; list and run are not built yet)").arg(words.first()),
                   parser.helpText());
        return;
    }
    words.removeFirst();
    if (words.isEmpty()) {
        usageError(QStringLiteral("runbook validate: no file given"), parser.helpText());
        return;
    }
    bool allValid = true;
    for (const QString &file : std::as_const(words)) {
        const RunbookLoader::Result r = RunbookLoader::load(file);
        allValid = allValid && r.runbook.has_value();
        if (parser.isSet(json)) {
            QJsonObject o{{QStringLiteral("file"), file}, {QStringLiteral("valid"), r.runbook.has_value()},
                          {QStringLiteral("errors"), QJsonArray::fromStringList(r.errors)}};
            if (r.runbook) {
                o.insert(QStringLiteral("id"), r.runbook->id);
                o.insert(QStringLiteral("title"), r.runbook->title);
                o.insert(QStringLiteral("steps"), int(r.runbook->steps.size()));
            }
            out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
        } else if (r.runbook) {
            const qsizetype actions = std::count_if(r.runbook->steps.cbegin(), r.runbook->steps.cend(),
                                                    [](const RunbookStep &s) { return s.destructive(); });
            out(QStringLiteral("%1: valid: %2 (\"%3\"), %4 steps, %5 guided action(s)")
                    .arg(file, r.runbook->id, r.runbook->title)
                    .arg(r.runbook->steps.size())
                    .arg(actions));
        } else {
            for (const QString &e : r.errors)
                err(e);
        }
    }
    finish(allValid ? ExitOk : ExitFailed);
}

} // namespace ops
