#include "LabCertificates.h"

#include <QDir>
#include <QFile>
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

} // namespace ops
