#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace ops {

/** @brief Where a running reshard is: totals, rates, ETA and each stream's open slots. A value for views. */
struct ReshardProgress
{
    struct Stream
    {
        QString source;              ///< host:port
        QString target;
        QString openSlots;           ///< "100-131", empty between windows
        int slotsDone = 0;
        int slotsTotal = 0;
        qint64 keysMoved = 0;
        QString state;               ///< "waiting", "moving", "paused", "done", "stopped", "failed"
    };

    QString operationId;
    int slotsDone = 0;
    int slotsTotal = 0;
    qint64 keysMoved = 0;
    qint64 keysEstimated = 0;
    double keysPerSecond = 0;        ///< over the last few seconds
    double bytesPerSecond = 0;       ///< keys/s × the sampled mean key size (an estimate)
    qint64 etaMs = -1;               ///< -1 unknown
    qint64 elapsedMs = 0;
    bool paused = false;
    QList<Stream> streams;

    QJsonObject toJson() const
    {
        QJsonArray s;
        for (const Stream &st : streams)
            s.append(QJsonObject{{QStringLiteral("source"), st.source},
                                 {QStringLiteral("target"), st.target},
                                 {QStringLiteral("openSlots"), st.openSlots},
                                 {QStringLiteral("slotsDone"), st.slotsDone},
                                 {QStringLiteral("slotsTotal"), st.slotsTotal},
                                 {QStringLiteral("keysMoved"), st.keysMoved},
                                 {QStringLiteral("state"), st.state}});
        return {{QStringLiteral("operationId"), operationId},
                {QStringLiteral("slotsDone"), slotsDone},
                {QStringLiteral("slotsTotal"), slotsTotal},
                {QStringLiteral("keysMoved"), keysMoved},
                {QStringLiteral("keysEstimated"), keysEstimated},
                {QStringLiteral("keysPerSecond"), qRound64(keysPerSecond)},
                {QStringLiteral("bytesPerSecond"), qRound64(bytesPerSecond)},
                {QStringLiteral("etaMs"), etaMs},
                {QStringLiteral("elapsedMs"), elapsedMs},
                {QStringLiteral("paused"), paused},
                {QStringLiteral("streams"), s}};
    }
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ReshardProgress)
