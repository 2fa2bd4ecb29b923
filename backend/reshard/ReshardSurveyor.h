#pragma once

#include "ReshardSurvey.h"
#include "resp/ConnectionOptions.h"

#include <QObject>

namespace ops {

class RedisConnection;

/**
 * @brief Reads a ReshardSurvey from the backend thread: a ClusterSurveyor pass, then, on every
 * master that answered, COUNTKEYSINSLOT for each slot it owns (pipelined) and MEMORY USAGE of a
 * few keys (CLUSTER GETKEYSINSLOT on up to @c sampleSlots of its non-empty slots), and the keys
 * of every open or uncovered slot on every master (ReshardSurvey::keysOnNodes). Read-only;
 * finished() once, queued.
 */
class ReshardSurveyor : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QList<Endpoint> seeds;
        ConnectionOptions dataOptions;
        int timeoutMs = 3000;
        qint64 nowMs = 0;
        int sampleSlots = 16;        ///< slots sampled per master
        int keysPerSampledSlot = 4;
    };

    explicit ReshardSurveyor(Options options, QObject *parent = nullptr);
    ~ReshardSurveyor() override;

    void start();

signals:
    void finished(const ops::ReshardSurvey &survey);

private:
    void onCluster(const ClusterSurvey &survey);
    void countKeys(const ClusterNodeView &master);
    /** COUNTKEYSINSLOT of every open or uncovered slot on every master (for `fix`). */
    void countFixSlots();
    void sampleKeys(RedisConnection *c, const Endpoint &node, const QList<int> &slotList);
    void oneDone();

    Options m_options;
    ReshardSurvey m_survey;
    int m_outstanding = 0;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ReshardSurvey)
