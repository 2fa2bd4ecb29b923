#include "CliCommand.h"

#include "core/PlainText.h"
#include "history/StoreStatus.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

namespace ops {

void CliCommand::finish(int code)
{
    if (m_finished)
        return;
    m_finished = true;
    // Queued: the command may still be inside a callback of an object it is about to destroy.
    QTimer::singleShot(0, qApp, [code] { QCoreApplication::exit(code); });
}

void CliCommand::out(const QString &text)
{
    // Server data (keys, hostnames, replies, runbook output) reaches the operator's terminal here:
    // never its escape sequences (JSON output is escaped by QJsonDocument already).
    std::fputs(PlainText::terminal(text).toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void CliCommand::err(const QString &text)
{
    std::fputs(PlainText::terminal(text).toUtf8().constData(), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

void CliCommand::prepare(QCommandLineParser &parser, const QString &description)
{
    parser.setApplicationDescription(description);
    parser.addOption(QCommandLineOption(QStringLiteral("help"), QStringLiteral("Show this help.")));
}

bool CliCommand::parseArguments(QCommandLineParser &parser, const QStringList &args)
{
    if (!parser.parse(args)) {
        usageError(parser.errorText(), parser.helpText());
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out(withInvocation(parser.helpText()));
        finish(ExitOk);
        return false;
    }
    return true;
}

void CliCommand::usageError(const QString &message, const QString &helpText)
{
    err(QStringLiteral("redis-ops: ") + message);
    err(withInvocation(helpText));
    finish(ExitUsage);
}

QString CliCommand::withInvocation(const QString &helpText) const
{
    // QCommandLineParser's first line is "Usage: <argv[0]> [options] ...".
    const QString prefix = QCoreApplication::translate("QCommandLineParser", "Usage: %1").arg(QCoreApplication::arguments().value(0));
    if (m_invocation.isEmpty() || !helpText.startsWith(prefix))
        return helpText;
    return QStringLiteral("Usage: ") + m_invocation + helpText.mid(prefix.size());
}

void CliCommand::reportStoreStatus(const StoreStatus &status)
{
    err(status.text().isEmpty() ? QStringLiteral("redis-ops: shared store reachable again, journal flushed")
                                : QStringLiteral("redis-ops: WARNING: ") + status.text());
}

} // namespace ops
