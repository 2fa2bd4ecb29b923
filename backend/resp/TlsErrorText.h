#pragma once

#include <QSslError>
#include <QString>

namespace ops {

/**
 * @brief What an operator needs to know about a certificate the verification rejected: Qt's
 * sentence plus the facts to act on (the names the certificate carries against the name
 * expected, the expiry date, the issuer the CA file lacks). Certificate fields are server data:
 * control characters in them are shown escaped.
 */
struct TlsErrorText
{
    static QString describe(const QSslError &error, const QString &expectedName);
};

} // namespace ops
