#include "AppPaths.h"
#include "CheckCommand.h"
#include "CliCommand.h"
#include "CliUsage.h"
#include "ClusterFailoverCommand.h"
#include "FailoverCommand.h"
#include "DrillCommand.h"
#include "LabUpCommand.h"
#include "HistoryCommand.h"
#include "LagCommand.h"
#include "PingCommand.h"
#include "ReportCommand.h"
#include "ReshardCommand.h"
#include "ResumeCommand.h"
#include "RunbookCommand.h"
#include "RunbookRunCommand.h"
#include "MembershipCommand.h"
#include "FixCommand.h"
#include "TopologyCommand.h"
#include "WatchCommand.h"
#include "core/ConsoleSettings.h"
#include "core/Logging.h"
#include "history/StoreLocation.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSettings>

#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("redis-ops-console"));
    QCoreApplication::setOrganizationName(QStringLiteral("redis-ops"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));

    // Global options come before the command; everything after its name is the command's.
    const ops::CliUsage usage;
    QCommandLineParser global;
    global.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    global.addOptions(usage.globalOptions());
    const QString usageText = usage.manual().toText();
    if (!global.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "redis-ops: %s\n\n%s", global.errorText().toLocal8Bit().constData(), usageText.toLocal8Bit().constData());
        return ops::ExitUsage;
    }
    if (global.isSet(usage.help())) {
        std::fputs(usageText.toUtf8().constData(), stdout);
        return ops::ExitOk;
    }
    if (global.isSet(usage.helpMan())) {
        std::fputs(usage.manual().toTroff(QStringLiteral(PROJECT_VERSION_STRING)).toUtf8().constData(), stdout);
        return ops::ExitOk;
    }
    if (global.isSet(usage.version())) {
        std::printf("redis-ops %s\n", PROJECT_VERSION_STRING);
        return ops::ExitOk;
    }
    if (global.isSet(usage.dataDir())) {
        if (global.value(usage.dataDir()).isEmpty()) {
            std::fprintf(stderr, "redis-ops: --data-dir needs a directory\n\n%s", usageText.toLocal8Bit().constData());
            return ops::ExitUsage;
        }
        ops::AppPaths::setDataDirOverride(global.value(usage.dataDir()));
    }
    ops::AppPaths::useSavedDataDir(QSettings()); // the console's Settings, unless --data-dir named one
    if (global.isSet(usage.store())) {
        ops::HistoryError bad;
        ops::StoreLocation::parse(global.value(usage.store()), &bad);
        if (bad.isError()) {
            std::fprintf(stderr, "redis-ops: --store: %s\n\n%s", bad.message.toLocal8Bit().constData(), usageText.toLocal8Bit().constData());
            return ops::ExitUsage;
        }
        ops::AppPaths::setStoreOverride(global.value(usage.store()));
    }
    const bool verbose = global.isSet(usage.verbose());
    QStringList args = global.positionalArguments();
    const QString program = QCoreApplication::arguments().value(0);
    if (args.isEmpty()) {
        std::fputs(usageText.toLocal8Bit().constData(), stderr);
        return ops::ExitUsage;
    }

    ops::Logging::Config logConfig;
    logConfig.filePath = ops::AppPaths::logFile(QStringLiteral("redis-ops"));
    logConfig.consoleLevel = verbose ? spdlog::level::debug : spdlog::level::warn;
    ops::Logging::initialize(logConfig);
    // The log file keeps what the console's Settings ▸ log level says, as the console's does;
    // -v wins: debug in the file as on stderr.
    ops::Logging::setLevel(verbose ? spdlog::level::debug : ops::ConsoleSettings::load(QSettings()).spdlogLevel());

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
    } else if (name == QLatin1String("runbook") && !args.isEmpty()
               && (args.first() == QLatin1String("run") || args.first() == QLatin1String("resume"))) {
        command = std::make_unique<ops::RunbookRunCommand>(args.first() == QLatin1String("resume"));
    } else if (name == QLatin1String("runbook")) {
        command = std::make_unique<ops::RunbookCommand>();
    } else if (name == QLatin1String("history")) {
        command = std::make_unique<ops::HistoryCommand>();
    } else if (name == QLatin1String("drill")) {
        command = std::make_unique<ops::DrillCommand>();
    } else if (name == QLatin1String("report")) {
        command = std::make_unique<ops::ReportCommand>();
    } else if (name == QLatin1String("lab") && !args.isEmpty() && args.first() == QLatin1String("up")) {
        args.removeFirst();
        command = std::make_unique<ops::LabUpCommand>();
    } else {
        std::fprintf(stderr, "redis-ops: unknown command '%s'\n\n%s", name.toLocal8Bit().constData(), usageText.toLocal8Bit().constData());
        return ops::ExitUsage;
    }
    command->setInvocation(QStringLiteral("redis-ops ") + name + (name == QLatin1String("lab") ? QStringLiteral(" up") : QString()));
    command->run(QStringList{program} + args);
    return QCoreApplication::exec();
}
