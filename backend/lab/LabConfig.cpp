#include "LabConfig.h"

namespace ops {

QString LabConfig::listen(quint16 port, const Tls &tls)
{
    QString c = QStringLiteral("bind 127.0.0.1\n");
    if (!tls.enabled)
        return c + QStringLiteral("port %1\n").arg(port);
    return c + QStringLiteral("port 0\ntls-port %1\ntls-cert-file %2\ntls-key-file %3\ntls-ca-cert-file %4\n"
                              "tls-auth-clients optional\ntls-replication yes\n")
                   .arg(port).arg(tls.certs.serverCertFile, tls.certs.serverKeyFile, tls.certs.caFile);
}

QString LabConfig::server(quint16 port, const QString &dir, const Tls &tls)
{
    // repl-diskless-sync-delay 0: replicas sync in well under a second instead of ~6 s.
    // shutdown-timeout 0: SIGTERM exits at once even with replicas attached.
    return listen(port, tls)
        + QStringLiteral("dir %1\nlogfile \"\"\nsave \"\"\nappendonly no\ndaemonize no\n"
                         "repl-diskless-sync yes\nrepl-diskless-sync-delay 0\nshutdown-timeout 0\n"
                         "enable-debug-command local\nlatency-monitor-threshold 100\n")
              .arg(dir);
}

QString LabConfig::clusterNode(quint16 port, quint16 busPort, const QString &dir, const Tls &tls)
{
    QString c = server(port, dir, tls)
        + QStringLiteral("cluster-enabled yes\ncluster-config-file nodes.conf\ncluster-node-timeout 2000\n"
                         "cluster-port %1\n").arg(busPort);
    if (tls.enabled)
        c += QStringLiteral("tls-cluster yes\n");
    return c;
}

QString LabConfig::replica(quint16 port, quint16 masterPort, const QString &dir, const Tls &tls)
{
    return server(port, dir, tls) + QStringLiteral("replicaof 127.0.0.1 %1\n").arg(masterPort);
}

QString LabConfig::sentinel(quint16 port, const QString &masterName, quint16 masterPort, const QString &dir, const Tls &tls)
{
    return listen(port, tls)
        + QStringLiteral("dir %1\nlogfile \"\"\ndaemonize no\n"
                         "sentinel monitor %2 127.0.0.1 %3 2\n"
                         "sentinel down-after-milliseconds %2 1000\n"
                         "sentinel failover-timeout %2 5000\n"
                         "sentinel parallel-syncs %2 1\n")
              .arg(dir, masterName).arg(masterPort);
}

} // namespace ops
