#include "RunbookLibrary.h"

#include "RunbookJournal.h"
#include "RunbookLoader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace ops {

RunbookLibrary::RunbookLibrary(QStringList folders) : m_folders(std::move(folders)) {}

QString RunbookLibrary::appliesToName(Runbook::AppliesTo to)
{
    switch (to) {
    case Runbook::AppliesTo::Sentinel: return QStringLiteral("sentinel");
    case Runbook::AppliesTo::Cluster: return QStringLiteral("cluster");
    case Runbook::AppliesTo::Both: return QStringLiteral("both");
    }
    return {};
}

QStringList RunbookLibrary::files() const
{
    QStringList out;
    for (const QString &folder : QStringList{builtInFolder()} + m_folders) {
        const QDir dir(folder);
        for (const QString &name : dir.entryList({QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files, QDir::Name))
            out << dir.filePath(name);
    }
    return out;
}

QList<RunbookLibrary::Entry> RunbookLibrary::list() const
{
    QList<Entry> out;
    for (const QString &path : files()) {
        const Loaded l = load(path);
        Entry e;
        e.path = path;
        e.builtIn = path.startsWith(builtInFolder());
        e.errors = l.errors;
        if (l.runbook) {
            e.id = l.runbook->id;
            e.title = l.runbook->title;
            e.whenToUse = l.runbook->whenToUse;
            e.appliesTo = appliesToName(l.runbook->appliesTo);
        } else {
            e.id = QFileInfo(path).completeBaseName();
        }
        out << e;
    }
    return out;
}

RunbookLibrary::Loaded RunbookLibrary::find(const QString &nameOrFile) const
{
    if (!nameOrFile.startsWith(QLatin1Char(':')) && QFileInfo(nameOrFile).isFile())
        return load(nameOrFile);
    for (const Entry &e : list())
        if (e.id == nameOrFile && e.errors.isEmpty())
            return load(e.path);
    return {std::nullopt, {}, {QStringLiteral("no runbook '%1': not a file, and no valid runbook of the library has that id "
                                              "(`redis-ops runbook list`)").arg(nameOrFile)}};
}

RunbookLibrary::Loaded RunbookLibrary::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {std::nullopt, {}, {QStringLiteral("%1: cannot read: %2").arg(path, f.errorString())}};
    constexpr qint64 maxBytes = 1024 * 1024; // a runbook is a page of YAML, not a data file
    if (f.size() > maxBytes)
        return {std::nullopt, {}, {QStringLiteral("%1: %2 bytes: a runbook may not exceed %3").arg(path).arg(f.size()).arg(maxBytes)}};
    const QByteArray bytes = f.readAll();
    RunbookLoader::Result r = RunbookLoader::parse(bytes, path);
    return {std::move(r.runbook), QCryptographicHash::hash(bytes, QCryptographicHash::Sha256), r.errors};
}

RunbookLibrary::Loaded RunbookLibrary::forRun(const OperationRecord &run) const
{
    const auto refuse = [](const QString &why) { return Loaded{std::nullopt, {}, {why}}; };
    if (run.kind != RunbookJournal::kind())
        return refuse(QStringLiteral("operation %1 is a %2, not a runbook run").arg(run.id, run.kind));
    if (run.state == OperationRecord::State::Succeeded)
        return refuse(QStringLiteral("runbook run %1 already succeeded: nothing to resume").arg(run.id));
    const QString file = run.plan.value(QStringLiteral("file")).toString();
    Loaded l = load(file);
    if (!l.runbook)
        l = find(run.plan.value(QStringLiteral("runbook")).toString());
    if (!l.runbook)
        return refuse(QStringLiteral("runbook '%1' (%2) is not found any more").arg(run.target, file));
    if (QString::fromLatin1(l.sha256.toHex()) != run.plan.value(QStringLiteral("sha256")).toString())
        return refuse(QStringLiteral("runbook '%1' (%2) changed since the run started: a run resumes only with the text it started with")
                          .arg(run.target, l.runbook->file));
    return l;
}

} // namespace ops
