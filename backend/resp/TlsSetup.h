#pragma once

#include "ConnectionOptions.h"

#include <QSslConfiguration>
#include <QString>

namespace ops {

/** @brief Builds a QSslConfiguration from TlsOptions; fails with a precise message on bad files. */
class TlsSetup
{
public:
    static bool build(const TlsOptions &options, QSslConfiguration &out, QString &error);
    /**
     * The algorithm of a PEM private key, decided before Qt parses it: from the label of a
     * traditional key ("EC PRIVATE KEY"), else from the algorithm OID inside PKCS#8 ("PRIVATE
     * KEY"); RSA otherwise. Parsing with the wrong algorithm first leaves an error in OpenSSL's
     * per-thread queue that a concurrent handshake can pick up and fail with.
     */
    static QSsl::KeyAlgorithm keyAlgorithm(const QByteArray &pem);
};

} // namespace ops
