#include "FailoverIntent.h"

namespace ops {

QString FailoverIntent::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Standard: return QStringLiteral("standard");
    case Mode::Graceful: return QStringLiteral("graceful");
    case Mode::Force: return QStringLiteral("force");
    case Mode::Takeover: return QStringLiteral("takeover");
    }
    return {};
}

QString FailoverIntent::modeLabel(Mode mode, bool cluster)
{
    return cluster && mode == Mode::Standard ? QStringLiteral("default") : modeName(mode);
}

QList<FailoverIntent::Mode> FailoverIntent::modesFor(bool cluster)
{
    if (cluster)
        return {Mode::Standard, Mode::Force, Mode::Takeover};
    return {Mode::Graceful, Mode::Standard};
}

QString FailoverIntent::modeExplanation(Mode mode, bool cluster)
{
    switch (mode) {
    case Mode::Standard:
        return cluster ? QStringLiteral("The replica and its master agree: the master stops writes until the replica "
                                        "has caught up. Needs the master to be reachable.")
                       : QStringLiteral("SENTINEL FAILOVER as is: writes the old master accepts during the switch "
                                        "can be lost.");
    case Mode::Graceful:
        return QStringLiteral("Pauses writes on the old master, waits until the new one has every write, fails over "
                              "and turns the old master into a replica before resuming: no acknowledged write is lost.");
    case Mode::Force:
        return QStringLiteral("For an unreachable master: the replica asks the other masters for a vote without "
                              "its master's agreement. Writes the master took but did not replicate are lost.");
    case Mode::Takeover:
        return QStringLiteral("Last resort: the replica takes a new epoch on its own, with no vote. Writes can be "
                              "lost and, if the old master is alive, two masters can serve the same slots until "
                              "the epochs settle.");
    }
    return {};
}

} // namespace ops
