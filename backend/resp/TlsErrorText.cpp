#include "TlsErrorText.h"

#include <QSslCertificate>
#include <QStringList>

namespace ops {

namespace {

QString plain(const QString &text)
{
    QString out;
    for (const QChar c : text)
        out += c.isPrint() ? QString(c) : QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
    return out;
}

QString subjectOf(const QSslCertificate &c)
{
    const QStringList cn = c.subjectInfo(QSslCertificate::CommonName);
    return plain(cn.isEmpty() ? c.subjectDisplayName() : cn.join(QStringLiteral(", ")));
}

QString namesOf(const QSslCertificate &c)
{
    QStringList names;
    const auto alt = c.subjectAlternativeNames();
    for (auto it = alt.cbegin(); it != alt.cend(); ++it)
        if (it.key() == QSsl::DnsEntry || it.key() == QSsl::IpAddressEntry)
            names << plain(it.value());
    if (names.isEmpty())
        names << subjectOf(c);
    return names.join(QStringLiteral(", "));
}

QString date(const QDateTime &when) { return when.toUTC().toString(Qt::ISODate); }

} // namespace

QString TlsErrorText::describe(const QSslError &error, const QString &expectedName)
{
    const QSslCertificate c = error.certificate();
    const QString base = error.errorString();
    if (c.isNull())
        return base;
    switch (error.error()) {
    case QSslError::HostNameMismatch:
        return QStringLiteral("%1: the certificate is for %2, not %3 (connect by one of those names, or set the TLS server name)")
            .arg(base, namesOf(c), plain(expectedName));
    case QSslError::CertificateExpired:
        return QStringLiteral("%1: the certificate of %2 expired on %3").arg(base, subjectOf(c), date(c.expiryDate()));
    case QSslError::CertificateNotYetValid:
        return QStringLiteral("%1: the certificate of %2 is not valid before %3 (check the clocks)")
            .arg(base, subjectOf(c), date(c.effectiveDate()));
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::CertificateUntrusted:
        return QStringLiteral("%1: the certificate of %2 was issued by %3, which the CA file does not trust")
            .arg(base, subjectOf(c), plain(c.issuerDisplayName()));
    default:
        return QStringLiteral("%1 (certificate of %2)").arg(base, subjectOf(c));
    }
}

} // namespace ops
