#include "RunbookCommand.h"

#include "AppPaths.h"
#include "TextTable.h"
#include "runbooks/RunbookLibrary.h"
#include "runbooks/RunbookLoader.h"

#include <QDir>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ops {

void RunbookCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Runbooks. 'list' shows the built-in runbooks and those in the data folder's runbooks/; "
                                   "'validate FILE...' checks runbook files (docs/runbooks.md) and reports every problem as "
                                   "file:line: message; 'run' and 'resume' have options of their own (runbook run --help)."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per file."));
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list or validate."));
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Runbook files."), QStringLiteral("FILE..."));
    if (!parseArguments(parser, args))
        return;
    QStringList words = parser.positionalArguments();
    if (words.value(0) == QLatin1String("list"))
        return list(parser.isSet(json));
    if (words.isEmpty() || words.first() != QLatin1String("validate")) {
        usageError(words.isEmpty() ? QStringLiteral("runbook: an action is needed (list, validate, run, resume)")
                                   : QStringLiteral("runbook: unknown action '%1' (list, validate, run, resume)").arg(words.first()),
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

void RunbookCommand::list(bool asJson)
{
    const RunbookLibrary library({QDir(AppPaths::dataDir()).filePath(QStringLiteral("runbooks"))});
    const QList<RunbookLibrary::Entry> entries = library.list();
    if (asJson) {
        for (const RunbookLibrary::Entry &e : entries)
            out(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("id"), e.id}, {QStringLiteral("title"), e.title},
                                                            {QStringLiteral("applies_to"), e.appliesTo}, {QStringLiteral("when"), e.whenToUse},
                                                            {QStringLiteral("path"), e.path}, {QStringLiteral("built_in"), e.builtIn},
                                                            {QStringLiteral("errors"), QJsonArray::fromStringList(e.errors)}})
                                      .toJson(QJsonDocument::Compact)));
        return finish(ExitOk);
    }
    TextTable table({QStringLiteral("ID"), QStringLiteral("FOR"), QStringLiteral("TITLE"), QStringLiteral("SOURCE")});
    for (const RunbookLibrary::Entry &e : entries)
        table.addRow({e.id, e.errors.isEmpty() ? e.appliesTo : QStringLiteral("invalid"), e.errors.isEmpty() ? e.title : e.errors.value(0),
                      e.builtIn ? QStringLiteral("built-in") : e.path});
    out(table.toString());
    finish(ExitOk);
}

} // namespace ops
