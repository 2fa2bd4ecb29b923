#pragma once

#include "Endpoint.h"
#include "RespLimits.h"

#include <QByteArray>
#include <QString>

namespace ops {

/** @brief TLS settings, as redis-cli's --tls, --cacert, --cacertdir, --cert, --key, --sni, --insecure. */
struct TlsOptions
{
    bool enabled = false;
    QString caFile;        ///< PEM bundle of trusted CAs; system CAs when both are empty
    QString caDir;         ///< directory of PEM CA certificates
    QString certFile;      ///< client certificate (mutual TLS)
    QString keyFile;       ///< client private key (PEM, unencrypted)
    QString serverName;    ///< name to verify and send as SNI; the host when empty
    bool insecure = false; ///< skip verification: warns loudly on every connect
};

/** @brief Capped exponential backoff between reconnect attempts (with ±20 % jitter). */
struct ReconnectPolicy
{
    bool enabled = true;
    int initialDelayMs = 100;
    int maxDelayMs = 5000;
};

/** @brief Everything needed to open one connection to one Redis or Sentinel node. */
struct ConnectionOptions
{
    Endpoint endpoint;
    QString user;          ///< ACL user; empty means `AUTH password` (the default user)
    QByteArray password;   ///< secret: never logged, never persisted in settings
    TlsOptions tls;
    int connectTimeoutMs = 3000; ///< TCP + TLS + AUTH + PING until ready
    int commandTimeoutMs = 5000; ///< default per-command deadline
    ReconnectPolicy reconnect;
    RespLimits limits;
    QByteArray clientName = QByteArrayLiteral("redis-ops"); ///< CLIENT SETNAME; empty = none
    /** Timed-out commands still awaiting their late reply; past this the link is declared hung
     *  and dropped (bounds memory when a node is stopped but its socket stays open). */
    int maxTimedOutInFlight = 1000;
};

} // namespace ops
