#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QStringList>

#include <functional>

/**
 * One redis-ops process as an operator runs it, isolated from the real home: HOME and the XDG
 * dirs point into @p home and `--data-dir <home>/data` comes before the arguments (the history
 * file is `<home>/data/history.sqlite`). Its stdout JSON lines are parsed as they arrive; stderr is
 * drained along (a full pipe would stall the process). Killed in the destructor if still running.
 */
class CliProcess
{
public:
    CliProcess(const QString &binary, const QString &home, const QStringList &args);
    ~CliProcess();
    CliProcess(const CliProcess &) = delete;
    CliProcess &operator=(const CliProcess &) = delete;

    /** Reads what arrived; true once a new JSON line satisfies @p predicate (it is then lastMatch()). */
    bool sawLine(const std::function<bool(const QJsonObject &)> &predicate);
    /** Waits (event loop running) until the process ended; false after @p waitMs. Reads the rest. */
    bool finished(int waitMs);

    QProcess &process() { return m_process; }
    const QJsonObject &lastMatch() const { return m_match; }
    const QList<QJsonObject> &lines() const { return m_lines; }
    QByteArray out() const { return m_out; }
    QByteArray err() const { return m_err; }

private:
    QProcess m_process;
    QList<QJsonObject> m_lines;
    qsizetype m_checked = 0;
    QJsonObject m_match;
    QByteArray m_out, m_err;
};
