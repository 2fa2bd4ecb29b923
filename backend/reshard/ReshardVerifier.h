#pragma once

#include "SlotMover.h"
#include "actions/ClusterSurvey.h"
#include "resp/ConnectionOptions.h"

#include <QHash>
#include <QSet>
#include <QObject>
#include <QStringList>

namespace ops {

class Clock;

/**
 * @brief Verifies a reshard after its last window: every node's CLUSTER NODES names the new owner
 * of every moved slot, no node has an open slot, and no moved slot has fewer keys on the target
 * than it had on the source. Re-surveys every @c intervalMs until it holds or the deadline passes
 * (replicas learn owners by gossip), on the action's clock.
 */
class ReshardVerifier : public QObject
{
    Q_OBJECT
public:
    struct Input
    {
        QList<Endpoint> nodes;                 ///< surveyed: every master (and what they list)
        ConnectionOptions dataOptions;
        QHash<int, QByteArray> owners;         ///< moved slot → the id that must own it
        QList<SlotMover::SlotCount> counts;
        QSet<int> leftOpen;                    ///< slots expected to stay open (fix refused them)
        qint64 deadlineMs = 10000;
        int intervalMs = 200;
        int timeoutMs = 3000;
    };
    struct Result
    {
        bool verified = false;
        QStringList problems;                  ///< empty when verified
        QStringList notes;                     ///< what was checked, with numbers
        int attempts = 0;
    };

    ReshardVerifier(Input input, Clock *clock, QObject *parent = nullptr);
    ~ReshardVerifier() override;

    void start();
    /** The checks on one survey (pure). */
    static Result judge(const ClusterSurvey &survey, const Input &input);

signals:
    void finished(const ops::ReshardVerifier::Result &result);

private:
    void attempt();

    Input m_input;
    Clock *m_clock;
    qint64 m_startedMs = 0;
    int m_attempts = 0;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ReshardVerifier::Result)
