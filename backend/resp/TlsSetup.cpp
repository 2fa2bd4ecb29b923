#include "TlsSetup.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

namespace ops {

namespace {
bool readFile(const QString &path, const char *what, QByteArray &out, QString &error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("cannot read %1 %2: %3").arg(QLatin1String(what), path, f.errorString());
        return false;
    }
    out = f.readAll();
    return true;
}
} // namespace

bool TlsSetup::build(const TlsOptions &options, QSslConfiguration &out, QString &error)
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setProtocol(QSsl::TlsV1_2OrLater);

    QList<QSslCertificate> cas;
    if (!options.caFile.isEmpty()) {
        QByteArray pem;
        if (!readFile(options.caFile, "CA file", pem, error))
            return false;
        cas = QSslCertificate::fromData(pem, QSsl::Pem);
        if (cas.isEmpty()) {
            error = QStringLiteral("CA file %1 holds no PEM certificate").arg(options.caFile);
            return false;
        }
    }
    if (!options.caDir.isEmpty()) {
        const QList<QSslCertificate> fromDir = QSslCertificate::fromPath(
            options.caDir + QStringLiteral("/*"), QSsl::Pem, QSslCertificate::PatternSyntax::Wildcard);
        if (fromDir.isEmpty()) {
            error = QStringLiteral("CA directory %1 holds no PEM certificate").arg(options.caDir);
            return false;
        }
        cas += fromDir;
    }
    if (!cas.isEmpty())
        conf.setCaCertificates(cas);

    if (options.certFile.isEmpty() != options.keyFile.isEmpty()) {
        error = QStringLiteral("a client certificate needs both --cert and --key");
        return false;
    }
    if (!options.certFile.isEmpty()) {
        QByteArray certPem, keyPem;
        if (!readFile(options.certFile, "client certificate", certPem, error)
            || !readFile(options.keyFile, "client key", keyPem, error))
            return false;
        const QList<QSslCertificate> certs = QSslCertificate::fromData(certPem, QSsl::Pem);
        if (certs.isEmpty()) {
            error = QStringLiteral("client certificate %1 is not a PEM certificate").arg(options.certFile);
            return false;
        }
        // Parsed once, as what it is (see keyAlgorithm): seen failing handshakes with "expecting an
        // rsa key" in most TLS Sentinel / Cluster lab starts before.
        const QSslKey key(keyPem, keyAlgorithm(keyPem), QSsl::Pem);
        if (key.isNull()) {
            error = QStringLiteral("client key %1 is not an unencrypted PEM RSA or EC key").arg(options.keyFile);
            return false;
        }
        conf.setLocalCertificate(certs.first());
        conf.setPrivateKey(key);
    }
    conf.setPeerVerifyMode(options.insecure ? QSslSocket::VerifyNone : QSslSocket::VerifyPeer);
    out = conf;
    return true;
}

QSsl::KeyAlgorithm TlsSetup::keyAlgorithm(const QByteArray &pem)
{
    if (pem.contains("-----BEGIN EC PRIVATE KEY-----"))
        return QSsl::Ec;
    const QByteArray begin("-----BEGIN PRIVATE KEY-----");
    const qsizetype from = pem.indexOf(begin);
    const qsizetype to = pem.indexOf("-----END PRIVATE KEY-----");
    if (from < 0 || to < from)
        return QSsl::Rsa;
    const QByteArray der = QByteArray::fromBase64(pem.mid(from + begin.size(), to - from - begin.size()).simplified());
    static const QByteArray ecPublicKeyOid = QByteArray::fromHex("06072a8648ce3d0201"); // 1.2.840.10045.2.1
    return der.left(64).contains(ecPublicKeyOid) ? QSsl::Ec : QSsl::Rsa;
}

} // namespace ops
