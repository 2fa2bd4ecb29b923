#include "GuiOptions.h"

#include "AppPaths.h"
#include "ConnectionArguments.h"
#include "history/StoreLocation.h"

#include <QCommandLineParser>

namespace ops {

bool GuiOptions::parse(const QStringList &arguments, GuiOptions &out, QString &error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Operations console for Redis Sentinel and Redis Cluster."));
    parser.addVersionOption();
    const QCommandLineOption help({QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption lab(QStringLiteral("lab"), QStringLiteral("Start a local lab (cluster, sentinel or standalone) and connect to it."), QStringLiteral("kind"));
    const QCommandLineOption tls(QStringLiteral("lab-tls"), QStringLiteral("Start the lab with TLS."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save the window to FILE after the first refresh and exit."), QStringLiteral("file"));
    const QCommandLineOption view(QStringLiteral("view"), QStringLiteral("Page to show first: overview, topology, slots, history, metrics, events or health."), QStringLiteral("page"), QStringLiteral("topology"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Directory for history and logs."), QStringLiteral("dir"));
    ConnectionArguments conn;
    const QCommandLineOption screenshotDelay(QStringLiteral("screenshot-delay"),
                                             QStringLiteral("Seconds from the first full refresh to the screenshot (default 2.5)."),
                                             QStringLiteral("seconds"));
    const QCommandLineOption readOnly(QStringLiteral("read-only"), QStringLiteral("Watch only: actions (failover) show their plan but never run."));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("History store: an SQLite file or postgresql://user@host:port/db?sslmode=require (password: keychain, PGPASSWORD or ~/.pgpass)."), QStringLiteral("location"));
    parser.addOptions({help, lab, tls, screenshot, screenshotDelay, view, dataDir, readOnly, store});
    conn.addTo(parser);
    if (!parser.parse(arguments)) {
        error = parser.errorText();
        return false;
    }
    if (parser.isSet(help)) {
        error = parser.helpText();
        return false;
    }
    if (parser.isSet(dataDir))
        AppPaths::setDataDirOverride(parser.value(dataDir));
    if (parser.isSet(store)) {
        HistoryError bad;
        StoreLocation::parse(parser.value(store), &bad);
        if (bad.isError()) {
            error = bad.message;
            return false;
        }
        AppPaths::setStoreOverride(parser.value(store));
    }
    out.screenshot = parser.value(screenshot);
    if (parser.isSet(screenshotDelay)) {
        bool ok = false;
        const double seconds = parser.value(screenshotDelay).toDouble(&ok);
        if (!ok || seconds < 0 || seconds > 3600) {
            error = QStringLiteral("--screenshot-delay takes seconds between 0 and 3600");
            return false;
        }
        out.screenshotDelayMs = int(seconds * 1000);
        out.screenshotTimeoutMs += out.screenshotDelayMs;
    }
    out.readOnly = parser.isSet(readOnly);
    out.view = parser.value(view);
    out.viewGiven = parser.isSet(view);
    if (!QStringList{QStringLiteral("overview"), QStringLiteral("topology"), QStringLiteral("slots"), QStringLiteral("history"), QStringLiteral("metrics"), QStringLiteral("events"), QStringLiteral("health")}.contains(out.view)) {
        error = QStringLiteral("--view takes overview, topology, slots, history, metrics, events or health");
        return false;
    }
    if (parser.isSet(lab)) {
        out.startLab = true;
        if (!LabSpec::parseKind(parser.value(lab), out.lab.kind)) {
            error = QStringLiteral("--lab takes cluster, sentinel or standalone");
            return false;
        }
        out.lab.tls = parser.isSet(tls);
        out.lab.replicasPerMaster = out.lab.kind == LabSpec::Kind::Sentinel ? 2 : 1;
    }
    if (parser.isSet(QStringLiteral("host")) || parser.isSet(QStringLiteral("port"))) {
        out.haveConnection = true;
        if (!conn.read(parser, out.connection, error))
            return false;
    }
    return true;
}

} // namespace ops
