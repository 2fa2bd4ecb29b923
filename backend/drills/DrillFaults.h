#pragma once

#include "DrillScenario.h"
#include "resp/Endpoint.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

namespace ops {

class DrillHotLoad;
class FaultInjector;
class LocalLab;
class RespCommand;
class RedisResult;

/**
 * @brief Injects a drill's fault into a running lab, records what it changed, and undoes it:
 * SIGCONT a frozen master, restart a killed one, make a sentinel monitor the master again
 * (with its saved settings), restore masterauth, restore maxmemory and its policy, close an
 * open slot. undo() leaves the lab with no fault even when the trainee fixed part of it (each
 * step is idempotent). Signals go through FaultInjector; commands over the lab's control links.
 */
class DrillFaults : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const QString &error)>; ///< empty = done

    /** @brief One injected fault and what undoing it needs. */
    struct Record
    {
        DrillScenario::Fault fault = DrillScenario::Fault::KillMaster;
        Endpoint node;           ///< the node broken (the slot's source for InterruptReshard)
        Endpoint other;          ///< InterruptReshard: the importing master
        int slot = -1;           ///< InterruptReshard
        QList<QByteArray> saved; ///< settings to restore (CONFIG / SENTINEL values)
        bool undone = false;
        QString toString() const;
    };

    explicit DrillFaults(LocalLab *lab, QObject *parent = nullptr);

    /** Injects @p fault; @p seed picks the replica, sentinel or slot. Recorded before @p done. */
    void inject(DrillScenario::Fault fault, quint32 seed, Done done);
    /** Undoes every recorded fault not undone yet, newest first. */
    void undo(Done done);
    const QList<Record> &records() const { return m_records; }
    /** The node the first fault broke (invalid before inject()). */
    Endpoint faultedNode() const { return m_records.isEmpty() ? Endpoint{} : m_records.first().node; }
    /** The hot-slot load (null unless that fault was injected). */
    const DrillHotLoad *hotLoad() const { return m_hotLoad; }

private:
    using Handler = std::function<void(const RedisResult &)>;
    void send(const Endpoint &node, const RespCommand &command, Handler handler);
    /** Sends @p commands in order, stopping at the first error. */
    void sendAll(const Endpoint &node, QList<RespCommand> commands, Done done);
    void undoOne(qsizetype index, Done done);
    void undoKill(Record &record, int attempt, Done done);
    void undoSentinel(Record &record, Done done);
    void injectSentinelCutOff(const Endpoint &sentinel, Done done);
    void injectFillMemory(const Endpoint &master, Done done);
    void injectOpenSlot(const Endpoint &source, const Endpoint &target, quint32 seed, Done done);
    void injectHotSlot(quint32 seed, Done done);
    Endpoint sentinelLabMaster() const;

    LocalLab *m_lab;
    FaultInjector *m_injector;
    DrillHotLoad *m_hotLoad = nullptr;
    QList<Record> m_records;
};

} // namespace ops
