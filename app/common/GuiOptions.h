#pragma once

#include "lab/LabTopology.h"

#include <QStringList>

namespace ops {

/** @brief Command line of redis-ops-console: --lab KIND, --screenshot FILE, --data-dir DIR, -h/-p/... */
struct GuiOptions
{
    bool startLab = false;
    LabSpec lab;
    QString screenshot;
    QString view = QStringLiteral("topology"); ///< page shown first: overview, topology, slots, metrics, history, events
    bool viewGiven = false;                    ///< --view was given: it wins over the restored layout
    int screenshotTimeoutMs = 90000;
    int screenshotDelayMs = 2500; ///< --screenshot-delay: from the first full refresh to the capture
    bool haveConnection = false;
    ConnectionOptions connection;
    bool readOnly = false;        ///< --read-only: watch only; actions are previewed, never run

    /** False on a usage error (message in @p error, or empty when --help was printed). */
    static bool parse(const QStringList &arguments, GuiOptions &out, QString &error);
};

} // namespace ops
