#pragma once

#include "DrillScenario.h"
#include "resp/Endpoint.h"

#include <QList>
#include <QObject>

#include <functional>

namespace ops {

class LocalLab;
class RespCommand;
class RedisResult;

/**
 * @brief Asks a lab whether a drill's recovery condition (DrillScenario::Recovery) holds now:
 * one round of commands over the lab's control links with short deadlines, so a frozen or dead
 * node only answers "not yet". The drill session repeats it until true.
 */
class DrillRecoveryCheck : public QObject
{
    Q_OBJECT
public:
    /** @p recovered, and when not, why (for the trainee's status line). */
    using Done = std::function<void(bool recovered, const QString &why)>;

    explicit DrillRecoveryCheck(LocalLab *lab, QObject *parent = nullptr);

    /** @p faulted: the node the fault broke (a new master must be another one); @p slot: the hot slot. */
    void check(DrillScenario::Recovery recovery, const Endpoint &faulted, Done done, int slot = -1);

private:
    using Results = std::function<void(const QList<RedisResult> &)>;
    /** Sends @p command to each of @p nodes at once; results in @p nodes' order. */
    void gather(const QList<Endpoint> &nodes, const RespCommand &command, Results then);
    QList<Endpoint> nodes(int role) const;
    void checkNewMaster(const Endpoint &faulted, bool mustMove, Done done);
    void checkWritable(const Endpoint &master, Done done);
    void checkNoOpenSlots(Done done);

    LocalLab *m_lab;
};

} // namespace ops
