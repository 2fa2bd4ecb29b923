#pragma once

#include "LabCertificates.h"

#include <QString>

namespace ops {

/** @brief redis.conf / sentinel.conf text for lab nodes (fast sync, no persistence, loopback only). */
class LabConfig
{
public:
    struct Tls
    {
        bool enabled = false;
        LabCertificates certs;
    };

    static QString server(quint16 port, const QString &dir, const Tls &tls);
    static QString clusterNode(quint16 port, quint16 busPort, const QString &dir, const Tls &tls);
    static QString replica(quint16 port, quint16 masterPort, const QString &dir, const Tls &tls);
    static QString sentinel(quint16 port, const QString &masterName, quint16 masterPort, const QString &dir, const Tls &tls);

private:
    static QString listen(quint16 port, const Tls &tls);
};

} // namespace ops
