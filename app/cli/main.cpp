#include "AppPaths.h"
#include "CheckCommand.h"
#include "CliCommand.h"
#include "ClusterFailoverCommand.h"
#include "FailoverCommand.h"
#include "LabUpCommand.h"
#include "HistoryCommand.h"
#include "LagCommand.h"
#include "PingCommand.h"
#include "ReshardCommand.h"
#include "ResumeCommand.h"
#include "RunbookCommand.h"
#include "MembershipCommand.h"
#include "FixCommand.h"
#include "TopologyCommand.h"
#include "WatchCommand.h"
#include "core/Logging.h"
#include "history/StoreLocation.h"

#include <QCoreApplication>

#include <cstdio>
#include <memory>

namespace {

const char kUsage[] =
    "Usage: redis-ops <command> [options]\n"
    "\n"
    "Commands:\n"
    "  ping                 connect to one node and measure PING round trips\n"
    "  topology             discover a deployment and print it (--json, --table)\n"
    "  watch                print events as JSON lines until Ctrl-C (--duration)\n"
    "  lag                  replication lag of every replica (--json)\n"
    "  check                health rules on the configuration and state (--json, --min-severity)\n"
    "  history              recorded events (--since, --kind, --node, --json, --csv)\n"
    "  failover             guided Sentinel failover: plan, checks, confirm, run, verify (--graceful, --dry-run)\n"
    "                       or, with --cluster-replica/--cluster-master H:P, a cluster manual failover (--force, --takeover)\n"
    "  reshard              move hash slots between cluster masters (--from, --to, --slots N | --range A-B,\n"
    "                       --streams, --max-keys-per-s, --dry-run): journaled, pipelined, verified\n"
    "  rebalance            every master to its weighted share (--weight NODE=W, --threshold, --use-empty-masters, --simulate)\n"
    "  drain NODE           all slots of one master to the others (--to NODE)\n"
    "  resume [OPERATION]   finish an interrupted or stopped reshard from the journal\n"
    "  fix                  repair open and uncovered slots, safe cases only (--assign-empty-to NODE)\n"
    "  add-node NEW         add an empty node as a master or --replica-of NODE (CLUSTER MEET), verified\n"
    "  remove-node NODE     forget a node that owns no slot on every member, reset it, verified\n"
    "  runbook validate F.. check runbook files (docs/runbooks.md): every problem as file:line: message\n"
    "  lab up <kind>        start a local lab (cluster, sentinel, standalone) until Ctrl-C\n"
    "\n"
    "Deployments: a seed node with -h/-p (cluster or standalone), or --sentinel HOST:PORT --master NAME.\n"
    "\n"
    "Global options (before the command): --data-dir DIR, --store FILE|postgresql://user@host:port/db?sslmode=M,\n"
    "  -v/--verbose (a shared store's password: keychain, PGPASSWORD or ~/.pgpass, never the URL)\n"
    "Run 'redis-ops <command> --help' for the options of a command.\n"
    "Exit codes: 0 ok, 1 failed or refused, 2 usage error, 3 connection or authentication error.\n";

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("redis-ops-console"));
    QCoreApplication::setOrganizationName(QStringLiteral("redis-ops"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));

    QStringList args = QCoreApplication::arguments();
    const QString program = args.takeFirst();
    bool verbose = false;
    while (!args.isEmpty() && args.first().startsWith(QLatin1Char('-'))) {
        const QString opt = args.takeFirst();
        if (opt == QLatin1String("--data-dir") || opt.startsWith(QLatin1String("--data-dir="))) {
            const bool joined = opt.contains(QLatin1Char('='));
            const QString dir = joined ? opt.section(QLatin1Char('='), 1) : args.isEmpty() ? QString() : args.takeFirst();
            if (dir.isEmpty()) {
                std::fprintf(stderr, "redis-ops: --data-dir needs a directory\n\n%s", kUsage);
                return ops::ExitUsage;
            }
            ops::AppPaths::setDataDirOverride(dir);
        } else if (opt == QLatin1String("--store") || opt.startsWith(QLatin1String("--store="))) {
            const QString location = opt.contains(QLatin1Char('=')) ? opt.section(QLatin1Char('='), 1)
                                     : args.isEmpty()                ? QString()
                                                                     : args.takeFirst();
            ops::HistoryError bad;
            ops::StoreLocation::parse(location, &bad);
            if (bad.isError()) {
                std::fprintf(stderr, "redis-ops: --store: %s\n\n%s", bad.message.toLocal8Bit().constData(), kUsage);
                return ops::ExitUsage;
            }
            ops::AppPaths::setStoreOverride(location);
        } else if (opt == QLatin1String("-v") || opt == QLatin1String("--verbose")) {
            verbose = true;
        } else if (opt == QLatin1String("--help")) {
            std::fputs(kUsage, stdout);
            return ops::ExitOk;
        } else if (opt == QLatin1String("--version")) {
            std::printf("redis-ops %s\n", PROJECT_VERSION_STRING);
            return ops::ExitOk;
        } else {
            std::fprintf(stderr, "redis-ops: unknown option %s\n\n%s", opt.toLocal8Bit().constData(), kUsage);
            return ops::ExitUsage;
        }
    }
    if (args.isEmpty()) {
        std::fputs(kUsage, stderr);
        return ops::ExitUsage;
    }

    ops::Logging::Config logConfig;
    logConfig.filePath = ops::AppPaths::logFile(QStringLiteral("redis-ops"));
    logConfig.consoleLevel = verbose ? spdlog::level::debug : spdlog::level::warn;
    ops::Logging::initialize(logConfig);

    const QString name = args.takeFirst();
    std::unique_ptr<ops::CliCommand> command;
    if (name == QLatin1String("ping")) {
        command = std::make_unique<ops::PingCommand>();
    } else if (name == QLatin1String("topology")) {
        command = std::make_unique<ops::TopologyCommand>();
    } else if (name == QLatin1String("watch")) {
        command = std::make_unique<ops::WatchCommand>();
    } else if (name == QLatin1String("failover") && ops::ClusterFailoverCommand::wanted(args)) {
        command = std::make_unique<ops::ClusterFailoverCommand>();
    } else if (name == QLatin1String("rebalance")) {
        command = std::make_unique<ops::ReshardCommand>(ops::ReshardCommand::Mode::Rebalance);
    } else if (name == QLatin1String("drain")) {
        command = std::make_unique<ops::ReshardCommand>(ops::ReshardCommand::Mode::Drain);
    } else if (name == QLatin1String("fix")) {
        command = std::make_unique<ops::FixCommand>();
    } else if (name == QLatin1String("add-node")) {
        command = std::make_unique<ops::MembershipCommand>(ops::MembershipPlan::Kind::Add);
    } else if (name == QLatin1String("remove-node")) {
        command = std::make_unique<ops::MembershipCommand>(ops::MembershipPlan::Kind::Remove);
    } else if (name == QLatin1String("resume")) {
        command = std::make_unique<ops::ResumeCommand>();
    } else if (name == QLatin1String("reshard")) {
        command = std::make_unique<ops::ReshardCommand>();
    } else if (name == QLatin1String("failover")) {
        command = std::make_unique<ops::FailoverCommand>();
    } else if (name == QLatin1String("lag")) {
        command = std::make_unique<ops::LagCommand>();
    } else if (name == QLatin1String("check")) {
        command = std::make_unique<ops::CheckCommand>();
    } else if (name == QLatin1String("runbook")) {
        command = std::make_unique<ops::RunbookCommand>();
    } else if (name == QLatin1String("history")) {
        command = std::make_unique<ops::HistoryCommand>();
    } else if (name == QLatin1String("lab") && !args.isEmpty() && args.first() == QLatin1String("up")) {
        args.removeFirst();
        command = std::make_unique<ops::LabUpCommand>();
    } else {
        std::fprintf(stderr, "redis-ops: unknown command '%s'\n\n%s", name.toLocal8Bit().constData(), kUsage);
        return ops::ExitUsage;
    }
    command->run(QStringList{program} + args);
    return QCoreApplication::exec();
}
