#pragma once

#include "CliCommand.h"
#include "DeploymentArguments.h"
#include "history/AsyncHistoryStore.h"
#include "model/TopologySnapshot.h"
#include "monitor/MonitorConfig.h"

#include <QCommandLineParser>
#include <QTimer>

#include <memory>

namespace ops {

class DeploymentSession;

/**
 * @brief Base of the commands that watch a live deployment (topology, watch, lag, check): parses
 * the deployment options (DeploymentArguments: a seed or `--sentinel HOST:PORT` / `--master NAME`), starts a
 * DeploymentSession (the console's, without a window)
 * and calls onSettled() with the first snapshot in which every known server has been polled.
 * No snapshot within --wait ms ends the command with ExitConnection and the reason.
 */
class MonitorCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    ~MonitorCommand() override;

protected:
    /** Adds the shared options; call before parsing. */
    void addMonitorOptions(QCommandLineParser &parser);
    /** Reads them and starts monitoring; false when it already finished with a usage error. */
    bool startMonitor(const QCommandLineParser &parser, bool storeHistory);
    /**
     * Before startMonitor() without storing: the session's health context reads the recorded
     * failovers of the shared history (AppPaths::historyFile(), the store `history` and the
     * console use), opened read-only — a missing or unreadable one is never created or migrated;
     * the failover rule then says why it is unknown.
     */
    void readHistoryForHealth() { m_readHistory = true; }
    virtual void onSettled(const SnapshotPtr &snapshot) = 0;
    /** Extra condition before onSettled() (e.g. settings read); the default needs nothing more. */
    virtual bool hasWhatItNeeds(const TopologySnapshot &) const { return true; }
    DeploymentSession *session() const { return m_session; }
    /** The history (and operations journal) startMonitor() opened when asked to store it; else null. */
    AsyncHistoryStore *history() const { return m_history.get(); }
    static bool isSettled(const TopologySnapshot &snapshot);
    /**
     * Stops monitoring and finishes with @p code once the history has stored every event and
     * they have been published (so `watch` prints exactly what `history` will list).
     */
    void finishMonitoring(int code);

private:
    /** The reason given when --wait expires: the discovery problem or the first node error. */
    QString whyUnsettled() const;
    /** Makes and starts the session; @p noHistoryReason: why the failover history is not read. */
    void launch(const MonitorConfig &config, const QString &noHistoryReason);

    DeploymentArguments m_deploymentArgs;
    QCommandLineOption m_interval{QStringLiteral("interval"), QStringLiteral("Poll interval in ms (default 1000)."), QStringLiteral("ms"), QStringLiteral("1000")};
    QCommandLineOption m_wait{QStringLiteral("wait"), QStringLiteral("How long to wait for the deployment, ms (default 10000)."), QStringLiteral("ms"), QStringLiteral("10000")};
    QCommandLineOption m_deployment{QStringLiteral("deployment"), QStringLiteral("Name to record events under (default: derived)."), QStringLiteral("id")};
    DeploymentSession *m_session = nullptr;
    std::unique_ptr<AsyncHistoryStore> m_history;
    /** --read-only or a read-only profile: the session refuses every action (a runbook's guided steps). */
    bool m_readOnly = false;
    std::unique_ptr<AsyncHistoryStore> m_readOnlyHistory; ///< readHistoryForHealth(): opened read-only, never written
    bool m_readHistory = false;
    QTimer m_waitTimer;
    QString m_problem;
    bool m_settled = false;
};

} // namespace ops
