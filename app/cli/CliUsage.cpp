#include "CliUsage.h"

namespace ops {

CliUsage::CliUsage()
{
    m_helpMan.setFlags(QCommandLineOption::HiddenFromHelp);
}

QList<QCommandLineOption> CliUsage::globalOptions() const
{
    return {m_dataDir, m_store, m_verbose, m_help, m_version, m_helpMan};
}

QList<QPair<QString, QString>> CliUsage::commands()
{
    auto c = [](const char *synopsis, const char *summary) {
        return qMakePair(QString::fromLatin1(synopsis), QString::fromLatin1(summary));
    };
    return {
        c("ping", "Connect to one node and measure PING round trips."),
        c("topology", "Discover a deployment and print it (--json, --table)."),
        c("watch", "Print events as JSON lines until Ctrl-C (--duration)."),
        c("lag", "Replication lag of every replica (--json)."),
        c("check", "Health rules on the configuration and state (--json, --min-severity)."),
        c("history", "Recorded events (--since, --kind, --node, --json, --csv; --operations: the journal)."),
        c("report", "Incident report of a window or a runbook run, Markdown and/or HTML (--output DIR, --runbook-run ID, "
                    "--deployment ID --from T --to T, --format md|html|both)."),
        c("failover", "Guided Sentinel failover: plan, checks, confirm, run, verify (--graceful, --dry-run); with "
                      "--cluster-replica/--cluster-master HOST:PORT a cluster manual failover (--force, --takeover)."),
        c("reshard", "Move hash slots between cluster masters (--from, --to, --slots N | --range A-B, --streams, "
                     "--max-keys-per-s, --dry-run): journaled, pipelined, verified."),
        c("rebalance", "Every master to its weighted share (--weight NODE=W, --threshold, --use-empty-masters, --simulate)."),
        c("drain NODE", "All slots of one master to the others (--to NODE)."),
        c("resume [OPERATION]", "Finish an interrupted or stopped reshard from the journal."),
        c("fix", "Repair open and uncovered slots, safe cases only (--assign-empty-to NODE)."),
        c("add-node NEW", "Add an empty node as a master or --replica-of NODE (CLUSTER MEET), verified."),
        c("remove-node NODE", "Forget a node that owns no slot on every member, reset it, verified."),
        c("runbook list", "The runbooks: built-in and in the data folder's runbooks/ (--json)."),
        c("runbook validate FILE...", "Check runbook files: every problem as file:line: message."),
        c("runbook run NAME|FILE", "Run a runbook on a deployment, every step journaled (--input k=v, --non-interactive, --json)."),
        c("runbook resume OPERATION", "Go on with an interrupted runbook run from the journal."),
        c("lab up KIND", "Start a local lab (cluster, sentinel, standalone) until Ctrl-C (--duration)."),
        c("drill list", "The training drills: lab, fault, matching runbook."),
        c("drill run NAME", "Start a drill's lab, inject its fault, wait for the trainee to recover it, print and store the "
                            "score (--seed N, --trainee NAME, --timeout S; Ctrl-C aborts and undoes the fault)."),
        c("drill history", "Past drill runs and each trainee's progress per drill (--trainee NAME)."),
    };
}

CommandLineDoc CliUsage::manual() const
{
    CommandLineDoc doc;
    doc.name = QStringLiteral("redis-ops");
    doc.summary = QStringLiteral("command-line companion of Redis Ops Console for Redis Sentinel and Redis Cluster");
    doc.synopsis = {QStringLiteral("[--data-dir DIR] [-v] COMMAND [options]"), QStringLiteral("COMMAND --help")};
    doc.description = QStringLiteral(
        "Watches, checks and operates Redis Sentinel and Redis Cluster deployments from a terminal, on the same "
        "backend as the redis-ops-console desktop console: topology and events as text or JSON, health "
        "checks, guided failovers and resharding with pre-checks, a journal and verification.");
    doc.sections << CommandLineDoc::Section{QStringLiteral("COMMANDS"), {}, {}, commands()};
    doc.sections << CommandLineDoc::Section{
        QStringLiteral("GLOBAL OPTIONS"), QStringLiteral("Given before the command."), globalOptions(), {}};
    doc.sections << CommandLineDoc::Section{
        QStringLiteral("DEPLOYMENT OPTIONS"),
        QStringLiteral("After the command. A seed node (-h/-p; a cluster or a standalone server) or a Sentinel "
                       "deployment (--sentinel, repeatable, with --master), or --profile NAME (a deployment saved in the "
                       "console's connection dialog): topology, watch, lag, check and "
                       "failover take them all; the commands that act on one cluster or node take the connection "
                       "options (-h to --timeout). The password is never an option: --askpass asks for it, or it is "
                       "read from REDISCLI_AUTH. The same options open a deployment in redis-ops-console."),
        m_deployment.options(), {}};
    doc.sections << CommandLineDoc::Section{
        QStringLiteral("EXIT STATUS"), {}, {},
        {{QStringLiteral("0"), QStringLiteral("Success.")},
         {QStringLiteral("1"), QStringLiteral("A check failed or an action was refused or failed.")},
         {QStringLiteral("2"), QStringLiteral("Usage error.")},
         {QStringLiteral("3"), QStringLiteral("Connection or authentication error.")},
         {QStringLiteral("4"), QStringLiteral("An action (failover, fix, add-node, remove-node, runbook run) stopped by Ctrl-C, "
                                              "SIGTERM or SIGHUP at a safe point: journaled cancelled (a runbook run: aborted), "
                                              "what its cancel path undoes undone. A third signal within 2 s quits at once "
                                              "(128 + the signal), the operation left unfinished.")}}};
    doc.sections << CommandLineDoc::Section{
        QStringLiteral("ENVIRONMENT"), {}, {},
        {{QStringLiteral("REDISCLI_AUTH"), QStringLiteral("Password of the data nodes (as redis-cli).")}}};
    doc.sections << CommandLineDoc::Section{
        QStringLiteral("FILES"), {}, {},
        {{QStringLiteral("~/.local/share/redis-ops/redis-ops-console/"),
          QStringLiteral("History database (history.sqlite, shared with the console) and logs, unless --data-dir "
                         "or the console's Settings (paths/data-dir) names another directory.")}}};
    doc.sections << CommandLineDoc::Section{QStringLiteral("SEE ALSO"), QStringLiteral("redis-ops-console(1), redis-cli(1), redis-sentinel(1)"), {}, {}};
    return doc;
}

} // namespace ops
