#pragma once

#include "CommandLineDoc.h"
#include "core/ConnectionProfile.h"
#include "lab/LabTopology.h"

#include <QStringList>

namespace ops {

/**
 * @brief Command line of redis-ops-console: --lab KIND, --screenshot FILE, --view PAGE,
 * --data-dir DIR, and the deployment options it shares with redis-ops (DeploymentArguments:
 * -h/-p/..., --sentinel/--master, --read-only).
 */
struct GuiOptions
{
    bool startLab = false;
    LabSpec lab;
    QString screenshot;
    QString view = QStringLiteral("topology"); ///< page shown first: overview, topology, slots, metrics, history, events
    bool viewGiven = false;                    ///< --view was given: it wins over the restored layout
    int screenshotTimeoutMs = 90000;
    int screenshotDelayMs = 2500; ///< --screenshot-delay: from the first full refresh to the capture
    bool haveDeployment = false;  ///< the command line names a deployment (-h/-p or --sentinel)
    ConnectionProfile deployment; ///< seed or sentinels + master, user, TLS, read-only; no name
    bool readOnly = false;        ///< --read-only: watch only; actions are previewed, never run
    QString printAndExit;         ///< --help, --help-man, --version: print this on stdout, exit 0

    /** False on a usage error (message in @p error); true with printAndExit set for --help & co. */
    static bool parse(const QStringList &arguments, GuiOptions &out, QString &error);
    /** The console's reference: what --help lists, for the man page. */
    static CommandLineDoc manual();
};

} // namespace ops
