#include "LabCertificates.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

namespace ops {

namespace {
bool openssl(const QString &dir, const QStringList &args, QString &error)
{
    const QString exe = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (exe.isEmpty()) {
        error = QStringLiteral("openssl is not on PATH (install the openssl package)");
        return false;
    }
    QProcess p;
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(exe, args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        error = QStringLiteral("openssl %1 failed: %2").arg(args.value(0), QString::fromUtf8(p.readAll()).trimmed());
        return false;
    }
    return true;
}

QStringList ecKey() { return {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                              QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")}; }

bool signedCert(const QString &dir, const QString &name, const QString &cn, const QString &ext, QString &error)
{
    QFile extFile(dir + QLatin1Char('/') + name + QStringLiteral(".ext"));
    if (!extFile.open(QIODevice::WriteOnly) || extFile.write(ext.toUtf8()) < 0) {
        error = QStringLiteral("cannot write %1").arg(extFile.fileName());
        return false;
    }
    extFile.close();
    return openssl(dir, QStringList{QStringLiteral("req")} + ecKey()
                            + QStringList{QStringLiteral("-keyout"), name + QStringLiteral(".key"), QStringLiteral("-out"),
                                          name + QStringLiteral(".csr"), QStringLiteral("-subj"), QStringLiteral("/CN=") + cn},
                   error)
        && openssl(dir, {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), name + QStringLiteral(".csr"),
                         QStringLiteral("-CA"), QStringLiteral("ca.crt"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                         QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("2"),
                         QStringLiteral("-extfile"), name + QStringLiteral(".ext"),
                         QStringLiteral("-out"), name + QStringLiteral(".crt")},
                   error);
}
} // namespace

bool LabCertificates::generateCa(const QString &directory, const QString &name, QString &caFile, QString &error)
{
    QDir().mkpath(directory);
    if (!openssl(directory, QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ecKey()
                                + QStringList{QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                                              QStringLiteral("ca.crt"), QStringLiteral("-days"), QStringLiteral("2"),
                                              QStringLiteral("-subj"), QStringLiteral("/CN=") + name},
                 error))
        return false;
    caFile = directory + QStringLiteral("/ca.crt");
    return true;
}

bool LabCertificates::generate(const QString &directory, LabCertificates &out, QString &error)
{
    if (!generateCa(directory, QStringLiteral("redis-ops lab CA"), out.caFile, error))
        return false;
    if (!signedCert(directory, QStringLiteral("server"), QStringLiteral("localhost"),
                    QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n"), error)
        || !signedCert(directory, QStringLiteral("client"), QStringLiteral("redis-ops-client"),
                       QStringLiteral("extendedKeyUsage=clientAuth\n"), error))
        return false;
    out.caKeyFile = directory + QStringLiteral("/ca.key");
    out.serverCertFile = directory + QStringLiteral("/server.crt");
    out.serverKeyFile = directory + QStringLiteral("/server.key");
    out.clientCertFile = directory + QStringLiteral("/client.crt");
    out.clientKeyFile = directory + QStringLiteral("/client.key");
    return true;
}

bool LabCertificates::generateExpiredServerCertificate(QString &certFile, QString &error) const
{
    // openssl x509 cannot set dates in the past; openssl ca can, with a minimal CA database.
    const QString dir = QFileInfo(caFile).absolutePath();
    const QString cnf = QStringLiteral("[ca]\ndefault_ca = lab\n[lab]\ndatabase = expired-index.txt\nnew_certs_dir = .\n"
                                       "serial = expired-serial\ndefault_md = sha256\npolicy = any\nunique_subject = no\n"
                                       "[any]\ncommonName = supplied\n");
    for (const auto &[name, content] : {std::pair{QStringLiteral("expired-ca.cnf"), cnf}, std::pair{QStringLiteral("expired-index.txt"), QString()},
                                        std::pair{QStringLiteral("expired-serial"), QStringLiteral("1000\n")},
                                        std::pair{QStringLiteral("expired.ext"), QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                                                                                                 "extendedKeyUsage=serverAuth,clientAuth\n")}}) {
        QFile f(dir + QLatin1Char('/') + name);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content.toUtf8()) < 0) {
            error = QStringLiteral("cannot write %1").arg(f.fileName());
            return false;
        }
    }
    if (!openssl(dir, {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"), serverKeyFile, QStringLiteral("-out"),
                       QStringLiteral("expired.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost")},
                 error)
        || !openssl(dir, {QStringLiteral("ca"), QStringLiteral("-batch"), QStringLiteral("-notext"), QStringLiteral("-config"),
                          QStringLiteral("expired-ca.cnf"), QStringLiteral("-cert"), caFile, QStringLiteral("-keyfile"), caKeyFile,
                          QStringLiteral("-in"), QStringLiteral("expired.csr"), QStringLiteral("-out"), QStringLiteral("expired.crt"),
                          QStringLiteral("-startdate"), QStringLiteral("20200101000000Z"), QStringLiteral("-enddate"),
                          QStringLiteral("20200102000000Z"), QStringLiteral("-extfile"), QStringLiteral("expired.ext")},
                    error))
        return false;
    certFile = dir + QStringLiteral("/expired.crt");
    return true;
}

} // namespace ops
