#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace ops {

/**
 * @brief One program's command-line reference, built from the same QCommandLineOption objects its
 * parser uses, rendered as plain text (--help) or as a troff man page (--help-man, written at
 * build time into section 1). Options flagged HiddenFromHelp are left out of both.
 */
struct CommandLineDoc
{
    struct Section
    {
        QString title;                           ///< e.g. "DEPLOYMENT OPTIONS"
        QString text;                            ///< paragraphs, blank-line separated
        QList<QCommandLineOption> options;
        QList<QPair<QString, QString>> items;    ///< term, description (commands, exit codes, variables)
    };

    QString name;            ///< program name, e.g. "redis-ops"
    QString summary;         ///< one line for NAME
    QStringList synopsis;    ///< usage lines, without the program name
    QString description;
    QList<Section> sections;

    /** "-h, --host <host>" as --help and the man page name an option. */
    static QString optionTerm(const QCommandLineOption &option);
    /** Every option name the text form lists, with dashes ("--host", "-h"), in order. */
    QStringList optionNames() const;

    QString toText() const;
    /** A man(7) page, section 1; @p version goes in the footer (no date: reproducible builds). */
    QString toTroff(const QString &version) const;
};

} // namespace ops
