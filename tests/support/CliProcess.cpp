#include "CliProcess.h"

#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTest>

CliProcess::CliProcess(const QString &binary, const QString &home, const QStringList &args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    for (const char *name : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        env.insert(QString::fromLatin1(name), home + QLatin1Char('/') + QString::fromLatin1(name).toLower());
    m_process.setProcessEnvironment(env);
    m_process.start(binary, QStringList{QStringLiteral("--data-dir"), home + QStringLiteral("/data")} + args);
}

CliProcess::~CliProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished();
    }
}

bool CliProcess::sawLine(const std::function<bool(const QJsonObject &)> &predicate)
{
    m_err += m_process.readAllStandardError();
    while (m_process.canReadLine()) {
        const QByteArray line = m_process.readLine();
        m_out += line;
        m_lines << QJsonDocument::fromJson(line).object();
    }
    for (; m_checked < m_lines.size(); ++m_checked)
        if (predicate(m_lines.at(m_checked))) {
            m_match = m_lines.at(m_checked++);
            return true;
        }
    return false;
}

bool CliProcess::finished(int waitMs)
{
    const bool done = QTest::qWaitFor([this] {
        m_err += m_process.readAllStandardError();
        return m_process.state() == QProcess::NotRunning;
    }, waitMs);
    sawLine([](const QJsonObject &) { return false; });
    m_out += m_process.readAllStandardOutput();
    m_err += m_process.readAllStandardError();
    return done;
}
