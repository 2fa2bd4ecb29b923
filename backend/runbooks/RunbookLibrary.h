#pragma once

#include "Runbook.h"
#include "history/OperationRecord.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <optional>

namespace ops {

/**
 * @brief Where runbooks are found: the built-in ones (compiled in, `:/runbooks`) and the
 * operator's own folders (the console's data folder's `runbooks/`, given by the app). A runbook
 * is named by its id, or by a file path; a file in a later folder with a built-in's id is listed
 * but does not replace the built-in (an id names one runbook).
 */
class RunbookLibrary
{
public:
    struct Entry
    {
        QString id;
        QString title;
        QString whenToUse;
        QString appliesTo;      ///< "sentinel", "cluster", "both"
        QString path;           ///< ":/runbooks/x.yaml" or a file
        bool builtIn = false;
        QStringList errors;     ///< an invalid file is listed with its errors
    };
    struct Loaded
    {
        std::optional<Runbook> runbook;
        QByteArray sha256;      ///< of the file's bytes: a resumed run must follow the same text
        QStringList errors;
    };

    static QString builtInFolder() { return QStringLiteral(":/runbooks"); }

    /** @p folders: searched after the built-ins, in order (missing ones are skipped). */
    explicit RunbookLibrary(QStringList folders = {});

    QList<Entry> list() const;
    /** @p nameOrFile: an existing file path, else a runbook id of the library. */
    Loaded find(const QString &nameOrFile) const;
    static Loaded load(const QString &path);
    /**
     * The runbook journaled run @p run follows: its plan's file, else its id in the library, and
     * only with the same text (the plan's SHA-256); else no runbook and why. Refused too when @p run
     * is not a runbook run or already succeeded.
     */
    Loaded forRun(const OperationRecord &run) const;
    static QString appliesToName(Runbook::AppliesTo to);

private:
    QStringList files() const;

    QStringList m_folders;
};

} // namespace ops
