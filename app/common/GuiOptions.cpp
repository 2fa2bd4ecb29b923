#include "GuiOptions.h"

#include "AppPaths.h"
#include "DeploymentArguments.h"
#include "history/StoreLocation.h"

#include <QCommandLineParser>

namespace ops {

namespace {

const QString kDescription = QStringLiteral("Operations console for Redis Sentinel and Redis Cluster.");

/** The console's own options; the deployment options come from DeploymentArguments. */
struct ConsoleOptions
{
    QCommandLineOption help{QStringLiteral("help"), QStringLiteral("Show this help.")};
    QCommandLineOption version{QStringLiteral("version"), QStringLiteral("Show the version.")};
    QCommandLineOption helpMan{QStringLiteral("help-man"), QStringLiteral("Print the man page (troff).")};
    QCommandLineOption lab{QStringLiteral("lab"), QStringLiteral("Start a local lab (cluster, sentinel or standalone) and connect to it."), QStringLiteral("kind")};
    QCommandLineOption labTls{QStringLiteral("lab-tls"), QStringLiteral("Start the lab with TLS.")};
    QCommandLineOption screenshot{QStringLiteral("screenshot"), QStringLiteral("Save the window to FILE after the first refresh and exit."), QStringLiteral("file")};
    QCommandLineOption screenshotDelay{QStringLiteral("screenshot-delay"), QStringLiteral("Seconds from the first full refresh to the screenshot (default 2.5)."), QStringLiteral("seconds")};
    QCommandLineOption view{QStringLiteral("view"), QStringLiteral("Page to show first: overview, topology, slots, history, metrics, events, health or runbooks."), QStringLiteral("page"), QStringLiteral("topology")};
    QCommandLineOption dataDir{QStringLiteral("data-dir"), QStringLiteral("Directory for history and logs."), QStringLiteral("dir")};
    QCommandLineOption store{QStringLiteral("store"),
                             QStringLiteral("History and journal store: a SQLite file, or postgresql://user@host:port/db?sslmode=M shared "
                                            "by a team (the password: keychain, PGPASSWORD or ~/.pgpass, never the URL)."),
                             QStringLiteral("location")};
    DeploymentArguments deployment;

    ConsoleOptions() { helpMan.setFlags(QCommandLineOption::HiddenFromHelp); }
    QList<QCommandLineOption> own() const
    {
        return {help, version, helpMan, lab, labTls, screenshot, screenshotDelay, view, dataDir, store};
    }
};

} // namespace

CommandLineDoc GuiOptions::manual()
{
    const ConsoleOptions o;
    CommandLineDoc doc;
    doc.name = QStringLiteral("redis-ops-console");
    doc.summary = QStringLiteral("operations console for Redis Sentinel and Redis Cluster");
    doc.synopsis = {QStringLiteral("[options]"), QStringLiteral("-h HOST -p PORT [options]"),
                    QStringLiteral("--sentinel HOST:PORT [--sentinel HOST:PORT ...] --master NAME [options]"),
                    QStringLiteral("--lab cluster|sentinel|standalone [options]")};
    doc.description = QStringLiteral(
        "A desktop console that watches Redis Sentinel and Redis Cluster deployments: live topology, "
        "slot map, replication lag, metrics, health rules and the history of failovers, with guided "
        "failovers and resharding (plan, pre-checks, journaled steps, verification). Without a "
        "deployment on the command line it opens the connection dialog.");
    doc.sections << CommandLineDoc::Section{QStringLiteral("OPTIONS"), {}, o.own(), {}};
    doc.sections << CommandLineDoc::Section{
        QStringLiteral("DEPLOYMENT OPTIONS"),
        QStringLiteral("The same as redis-ops: a seed node (-h/-p; a cluster or a standalone server) or a "
                       "Sentinel deployment (--sentinel, repeatable, with --master), or --profile NAME, a deployment "
                       "saved in the connection dialog. The password is never "
                       "an option: --askpass asks for it, or it is read from REDISCLI_AUTH."),
        o.deployment.options(), {}};
    doc.sections << CommandLineDoc::Section{
        QStringLiteral("ENVIRONMENT"), {}, {},
        {{QStringLiteral("REDISCLI_AUTH"), QStringLiteral("Password of the data nodes (as redis-cli).")},
         {QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen renders without a display (with --screenshot).")}}};
    doc.sections << CommandLineDoc::Section{
        QStringLiteral("FILES"), {}, {},
        {{QStringLiteral("~/.local/share/redis-ops/redis-ops-console/"),
          QStringLiteral("History database (history.sqlite) and logs, unless --data-dir or the data directory of "
                         "Settings (~/.config/redis-ops/redis-ops-console.conf, paths/data-dir) names another.")}}};
    doc.sections << CommandLineDoc::Section{QStringLiteral("SEE ALSO"), QStringLiteral("redis-ops(1), redis-cli(1), redis-sentinel(1)"), {}, {}};
    return doc;
}

bool GuiOptions::parse(const QStringList &arguments, GuiOptions &out, QString &error)
{
    const ConsoleOptions o;
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    parser.addOptions(o.own());
    o.deployment.addTo(parser);
    if (!parser.parse(arguments)) {
        error = parser.errorText();
        return false;
    }
    if (parser.isSet(o.help)) {
        out.printAndExit = parser.helpText();
        return true;
    }
    if (parser.isSet(o.helpMan)) {
        out.printAndExit = manual().toTroff(QStringLiteral(PROJECT_VERSION_STRING));
        return true;
    }
    if (parser.isSet(o.version)) {
        out.printAndExit = QStringLiteral("redis-ops-console %1\n").arg(QStringLiteral(PROJECT_VERSION_STRING));
        return true;
    }
    if (parser.isSet(o.dataDir))
        AppPaths::setDataDirOverride(parser.value(o.dataDir));
    if (parser.isSet(o.store)) {
        HistoryError bad;
        StoreLocation::parse(parser.value(o.store), &bad);
        if (bad.isError()) {
            error = QStringLiteral("--store: ") + bad.message;
            return false;
        }
        AppPaths::setStoreOverride(parser.value(o.store));
    }
    out.screenshot = parser.value(o.screenshot);
    if (parser.isSet(o.screenshotDelay)) {
        bool ok = false;
        const double seconds = parser.value(o.screenshotDelay).toDouble(&ok);
        if (!ok || seconds < 0 || seconds > 3600) {
            error = QStringLiteral("--screenshot-delay takes seconds between 0 and 3600");
            return false;
        }
        out.screenshotDelayMs = int(seconds * 1000);
        out.screenshotTimeoutMs += out.screenshotDelayMs;
    }
    out.view = parser.value(o.view);
    out.viewGiven = parser.isSet(o.view);
    if (!QStringList{QStringLiteral("overview"), QStringLiteral("topology"), QStringLiteral("slots"), QStringLiteral("history"), QStringLiteral("metrics"), QStringLiteral("events"), QStringLiteral("health"), QStringLiteral("runbooks")}.contains(out.view)) {
        error = QStringLiteral("--view takes overview, topology, slots, history, metrics, events, health or runbooks");
        return false;
    }
    if (parser.isSet(o.lab)) {
        out.startLab = true;
        if (!LabSpec::parseKind(parser.value(o.lab), out.lab.kind)) {
            error = QStringLiteral("--lab takes cluster, sentinel or standalone");
            return false;
        }
        out.lab.tls = parser.isSet(o.labTls);
        out.lab.replicasPerMaster = out.lab.kind == LabSpec::Kind::Sentinel ? 2 : 1;
    }
    out.readOnly = parser.isSet(QStringLiteral("read-only"));
    out.haveDeployment = DeploymentArguments::isGiven(parser);
    if (out.haveDeployment && out.startLab) {
        error = QStringLiteral("--lab starts its own deployment: leave out -h/-p/--sentinel/--profile");
        return false;
    }
    if (out.haveDeployment || parser.isSet(QStringLiteral("master"))) {
        if (!o.deployment.read(parser, out.deployment, error))
            return false;
    }
    return true;
}

} // namespace ops
