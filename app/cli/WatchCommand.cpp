#include "WatchCommand.h"

#include "SignalWatcher.h"
#include "session/DeploymentSession.h"

#include <QJsonDocument>
#include <QTimer>

namespace ops {

void WatchCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Print the deployment's events as JSON lines until Ctrl-C."));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Stop after this many seconds."), QStringLiteral("s"));
    parser.addOption(duration);
    addMonitorOptions(parser);
    if (!parseArguments(parser, args))
        return;
    if (parser.isSet(duration)) {
        bool ok = false;
        const double seconds = parser.value(duration).toDouble(&ok);
        if (!ok || seconds <= 0)
            return usageError(QStringLiteral("invalid --duration: %1").arg(parser.value(duration)), parser.helpText());
        m_durationMs = int(seconds * 1000);
    }
    auto *interrupts = new SignalWatcher(this);
    connect(interrupts, &SignalWatcher::interrupted, this, [this] { finishMonitoring(ExitOk); });
    if (!startMonitor(parser, true))
        return;
    connect(session(), &DeploymentSession::eventsRecorded, this, &WatchCommand::print);
}

void WatchCommand::onSettled(const SnapshotPtr &snapshot)
{
    err(QStringLiteral("watching %1 (%2 nodes, %3 sentinels); Ctrl-C to stop")
            .arg(snapshot->deploymentId)
            .arg(snapshot->nodes.size())
            .arg(snapshot->sentinels.size()));
    if (m_durationMs > 0)
        QTimer::singleShot(m_durationMs, this, [this] { finishMonitoring(ExitOk); });
}

void WatchCommand::print(const OpsEvents &events)
{
    for (const OpsEvent &e : events)
        out(QString::fromUtf8(QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact)));
}

} // namespace ops
