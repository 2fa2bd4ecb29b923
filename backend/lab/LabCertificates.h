#pragma once

#include <QString>

namespace ops {

/**
 * @brief Throw-away TLS material for a lab, made at run time with the openssl CLI (EC P-256,
 * valid two days): a CA, a server certificate for localhost / 127.0.0.1 and a client certificate.
 */
struct LabCertificates
{
    QString caFile, caKeyFile, serverCertFile, serverKeyFile, clientCertFile, clientKeyFile;

    /** Writes everything into @p directory; false with @p error on failure. Blocks ~0.2 s. */
    static bool generate(const QString &directory, LabCertificates &out, QString &error);
    /** Only a CA (e.g. an unrelated one, to test verification failures). */
    static bool generateCa(const QString &directory, const QString &name, QString &caFile, QString &error);
    /**
     * A server certificate for localhost / 127.0.0.1 signed by this CA for the server key, that
     * expired long ago (valid 2020-01-01 to 2020-01-02), in @p certFile (for expiry tests: a
     * server switched to it with CONFIG SET tls-cert-file).
     */
    bool generateExpiredServerCertificate(QString &certFile, QString &error) const;
};

} // namespace ops
