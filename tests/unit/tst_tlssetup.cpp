// TlsSetup on keys and certificates made by the openssl CLI at run time (nothing secret in the
// tree): the key algorithm is decided from the PEM itself for every format openssl writes, each
// key loads as what it is, and bad files give errors that name the file.
#include "resp/TlsSetup.h"

#include <QFile>
#include <QProcess>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

class TestTlsSetup : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void keyFormats_data();
    void keyFormats();
    void badFiles_data();
    void badFiles();

private:
    bool openssl(const QStringList &args);
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

bool TestTlsSetup::openssl(const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    if (p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
        return true;
    qWarning() << "openssl" << args << p.readAll();
    return false;
}

void TestTlsSetup::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const auto S = [](const char *s) { return QString::fromLatin1(s); };
    QVERIFY(openssl({S("genpkey"), S("-algorithm"), S("RSA"), S("-pkeyopt"), S("rsa_keygen_bits:2048"), S("-out"), S("rsa-pkcs8.key")}));
    QVERIFY(openssl({S("rsa"), S("-in"), S("rsa-pkcs8.key"), S("-traditional"), S("-out"), S("rsa-traditional.key")}));
    QVERIFY(openssl({S("genpkey"), S("-algorithm"), S("EC"), S("-pkeyopt"), S("ec_paramgen_curve:P-256"), S("-out"), S("ec-pkcs8.key")}));
    QVERIFY(openssl({S("ec"), S("-in"), S("ec-pkcs8.key"), S("-out"), S("ec-traditional.key")}));
    for (const char *key : {"rsa", "ec"})
        QVERIFY(openssl({S("req"), S("-x509"), S("-key"), S(key) + S("-pkcs8.key"), S("-days"), S("1"), S("-subj"), S("/CN=client"),
                         S("-out"), S(key) + S(".crt")}));
}

void TestTlsSetup::keyFormats_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("cert");
    QTest::addColumn<int>("algorithm");
    QTest::newRow("RSA PKCS#8 (BEGIN PRIVATE KEY)") << "rsa-pkcs8.key" << "rsa.crt" << int(QSsl::Rsa);
    QTest::newRow("RSA traditional (BEGIN RSA PRIVATE KEY)") << "rsa-traditional.key" << "rsa.crt" << int(QSsl::Rsa);
    QTest::newRow("EC PKCS#8 (BEGIN PRIVATE KEY)") << "ec-pkcs8.key" << "ec.crt" << int(QSsl::Ec);
    QTest::newRow("EC traditional (BEGIN EC PRIVATE KEY)") << "ec-traditional.key" << "ec.crt" << int(QSsl::Ec);
}

void TestTlsSetup::keyFormats()
{
    QFETCH(QString, key);
    QFETCH(QString, cert);
    QFETCH(int, algorithm);
    QFile f(path(key));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(int(TlsSetup::keyAlgorithm(f.readAll())), algorithm);

    TlsOptions o;
    o.enabled = true;
    o.certFile = path(cert);
    o.keyFile = path(key);
    QSslConfiguration conf;
    QString error;
    QVERIFY2(TlsSetup::build(o, conf, error), qPrintable(error));
    QVERIFY(!conf.privateKey().isNull());
    QCOMPARE(int(conf.privateKey().algorithm()), algorithm);
    QCOMPARE(conf.peerVerifyMode(), QSslSocket::VerifyPeer);
}

void TestTlsSetup::badFiles_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("content");  ///< written to "bad.pem" first
    QTest::addColumn<QString>("expected"); ///< in the error
    QTest::newRow("key missing") << "ec.crt" << "nope.key" << "" << "nope.key";
    QTest::newRow("key is garbage") << "ec.crt" << "bad.pem" << "not a key" << "bad.pem";
    QTest::newRow("key is a certificate") << "ec.crt" << "ec.crt" << "" << "ec.crt";
    QTest::newRow("certificate is garbage") << "bad.pem" << "ec-pkcs8.key" << "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
                                            << "bad.pem";
    QTest::newRow("certificate without key") << "ec.crt" << "" << "" << "both --cert and --key";
}

void TestTlsSetup::badFiles()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, content);
    QFETCH(QString, expected);
    QFile bad(path(QStringLiteral("bad.pem")));
    QVERIFY(bad.open(QIODevice::WriteOnly | QIODevice::Truncate));
    bad.write(content.toUtf8());
    bad.close();
    TlsOptions o;
    o.enabled = true;
    o.certFile = path(cert);
    o.keyFile = key.isEmpty() ? QString() : path(key);
    QSslConfiguration conf;
    QString error;
    QVERIFY(!TlsSetup::build(o, conf, error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestTlsSetup)
#include "tst_tlssetup.moc"
