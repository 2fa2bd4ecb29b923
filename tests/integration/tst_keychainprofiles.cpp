// Saved profiles' passwords in the OS keychain, for real: the test runs under
// tests/support/with-keyring.sh (a private D-Bus session bus and an unlocked GNOME Keyring, the
// freedesktop Secret Service, in a throwaway HOME). A standalone lab requires a password; a
// profile saved with "password in the keychain" opens it from `redis-ops --profile` with no
// password given anywhere else, and the same profile without the keychain is refused by the
// server (so the password really came from the keychain). A missing entry and a missing keychain
// each give their own message. Afterwards every file under HOME — the keyring itself, the
// settings, the CLI's history and log — is searched for the password: zero hits.
#include "CliProcess.h"
#include "LabFixture.h"
#include "core/ConnectionProfile.h"
#include "core/SecretStore.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTest>

using namespace ops;

namespace {

constexpr char kPassword[] = "Kc-6d41b2e9-only-in-the-keyring";
const QString kService = QStringLiteral("redis-ops-console");

struct Run
{
    int code = -1;
    QByteArray out, err;
    QByteArray describe() const { return "exit " + QByteArray::number(code) + "\nstdout:\n" + out + "\nstderr:\n" + err; }
};

} // namespace

class TestKeychainProfiles : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void keychainRoundTrip();
    void cliReadsTheProfilesPasswordFromTheKeychain();
    void missingEntryIsASpecificError();
    void noKeychainIsASpecificError();
    void nothingWrittenHoldsThePassword();

private:
    Run cli(const QStringList &args, const QProcessEnvironment &env = {});
    void saveProfile(const QString &name, bool inKeychain);
    SecretStore::Result call(const std::function<void(SecretStore::Callback)> &request);

    QString m_home;
    QString m_cliHome;
    std::unique_ptr<LocalLab> m_lab;
};

void TestKeychainProfiles::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("OPS_KEYRING_INNER"))
        QFAIL("run this test through tests/support/with-keyring.sh (ctest does)");
    m_home = qEnvironmentVariable("HOME");
    m_cliHome = QDir(m_home).filePath(QStringLiteral("cli"));
    QVERIFY(QDir().mkpath(m_cliHome));
    QVERIFY(m_lab = labtest::startedLab(LabSpec::Kind::Standalone, 1));
    for (const LabNode &n : m_lab->topology().nodes) {
        RedisConnection *c = m_lab->control(n.endpoint);
        QVERIFY(labtest::execute(*c, RespCommand{"CONFIG", "SET", "masterauth", kPassword}).ok());
        QVERIFY(labtest::execute(*c, RespCommand{"CONFIG", "SET", "requirepass", kPassword}).ok());
    }
}

SecretStore::Result TestKeychainProfiles::call(const std::function<void(SecretStore::Callback)> &request)
{
    std::optional<SecretStore::Result> result;
    request([&result](const SecretStore::Result &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 15000))
        return SecretStore::Result{SecretStore::Result::Status::Failed, {}, QStringLiteral("no answer in 15 s")};
    return *result;
}

void TestKeychainProfiles::keychainRoundTrip()
{
    SecretStore store(kService);
    // The daemon was started just before this process: wait until it owns the Secret Service.
    SecretStore::Result written;
    QTRY_VERIFY_WITH_TIMEOUT((written = call([&](auto done) { store.write(QStringLiteral("round-trip"), QStringLiteral("s3cret"), done); })).ok(),
                             15000);
    const SecretStore::Result read = call([&](auto done) { store.read(QStringLiteral("round-trip"), done); });
    QVERIFY2(read.ok(), qPrintable(read.message));
    QCOMPARE(read.password, QStringLiteral("s3cret"));
    QVERIFY(call([&](auto done) { store.remove(QStringLiteral("round-trip"), done); }).ok());
    const SecretStore::Result gone = call([&](auto done) { store.read(QStringLiteral("round-trip"), done); });
    QCOMPARE(gone.status, SecretStore::Result::Status::NotFound);
    QVERIFY2(gone.message.contains(QLatin1String("no password saved in the keychain for 'round-trip'")), qPrintable(gone.message));
    QVERIFY(call([&](auto done) { store.remove(QStringLiteral("never-saved"), done); }).ok()); // removing nothing is fine
}

void TestKeychainProfiles::saveProfile(const QString &name, bool inKeychain)
{
    // Where the console's connection dialog keeps profiles (and the CLI reads them).
    QSettings settings(QDir(m_cliHome).filePath(QStringLiteral("xdg_config_home/redis-ops/redis-ops-console.conf")), QSettings::IniFormat);
    ConnectionProfile p;
    p.name = name;
    p.options.endpoint = m_lab->topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    p.passwordInKeychain = inKeychain;
    p.save(settings);
    settings.sync();
    QCOMPARE(settings.status(), QSettings::NoError);
}

Run TestKeychainProfiles::cli(const QStringList &args, const QProcessEnvironment &env)
{
    Run r;
    if (env.isEmpty()) {
        CliProcess p(QStringLiteral(REDIS_OPS_BINARY), m_cliHome, args);
        if (p.finished(30000))
            r.code = p.process().exitStatus() == QProcess::NormalExit ? p.process().exitCode() : -2;
        r.out = p.out();
        r.err = p.err();
        return r;
    }
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(REDIS_OPS_BINARY), QStringList{QStringLiteral("--data-dir"), m_cliHome + QStringLiteral("/data")} + args);
    if (p.waitForFinished(30000))
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    else
        p.kill();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

void TestKeychainProfiles::cliReadsTheProfilesPasswordFromTheKeychain()
{
    qunsetenv("REDISCLI_AUTH");
    saveProfile(QStringLiteral("kc-lab"), true);
    saveProfile(QStringLiteral("typed-lab"), false);
    SecretStore store(kService);
    QVERIFY(call([&](auto done) { store.write(QStringLiteral("kc-lab"), QString::fromLatin1(kPassword), done); }).ok());

    const Run fromKeychain = cli({QStringLiteral("topology"), QStringLiteral("--profile"), QStringLiteral("kc-lab"), QStringLiteral("--json")});
    QVERIFY2(fromKeychain.code == 0, fromKeychain.describe().constData());
    QStringList roles;
    for (const QJsonValue &n : QJsonDocument::fromJson(fromKeychain.out).object().value(QStringLiteral("nodes")).toArray())
        roles << n.toObject().value(QStringLiteral("role")).toString();
    roles.sort();
    QVERIFY2(roles == (QStringList{QStringLiteral("master"), QStringLiteral("replica")}), fromKeychain.describe().constData());

    // The same address without the keychain: the server refuses (so the password above came from it).
    const Run typed = cli({QStringLiteral("topology"), QStringLiteral("--profile"), QStringLiteral("typed-lab"), QStringLiteral("--json")});
    QVERIFY2(typed.code == 3, typed.describe().constData());
    QVERIFY2(typed.err.contains("NOAUTH") || typed.err.contains("password"), typed.describe().constData());
}

void TestKeychainProfiles::missingEntryIsASpecificError()
{
    saveProfile(QStringLiteral("kc-empty"), true);
    const Run r = cli({QStringLiteral("topology"), QStringLiteral("--profile"), QStringLiteral("kc-empty")});
    QVERIFY2(r.code == 2, r.describe().constData());
    QVERIFY2(r.err.contains("saved deployment 'kc-empty' keeps its password in the keychain, but no password saved in the "
                            "keychain for 'kc-empty': give it with --askpass or REDISCLI_AUTH"),
             r.describe().constData());
}

void TestKeychainProfiles::noKeychainIsASpecificError()
{
    saveProfile(QStringLiteral("kc-lab"), true);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_cliHome);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_cliHome + QStringLiteral("/xdg_config_home"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_cliHome + QStringLiteral("/xdg_data_home"));
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=") + m_home + QStringLiteral("/no-bus-here"));
    const Run r = cli({QStringLiteral("topology"), QStringLiteral("--profile"), QStringLiteral("kc-lab")}, env);
    QVERIFY2(r.code == 2, r.describe().constData());
    // QtKeychain reports an unreachable bus as its "other" error, with the D-Bus reason.
    QVERIFY2(r.err.contains("saved deployment 'kc-lab' keeps its password in the keychain, but keychain error for 'kc-lab': "
                            "Could not connect"),
             r.describe().constData());
    QVERIFY2(r.err.contains("give it with --askpass or REDISCLI_AUTH"), r.describe().constData());
}

void TestKeychainProfiles::nothingWrittenHoldsThePassword()
{
    const QList<QByteArray> forms{QByteArray(kPassword), QByteArray(kPassword).toBase64(), QByteArray(kPassword).toHex()};
    QStringList searched;
    QDirIterator it(m_home, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (!f.open(QIODevice::ReadOnly))
            continue; // sockets and the like
        const QByteArray content = f.readAll();
        const QString name = QDir(m_home).relativeFilePath(f.fileName());
        searched << name;
        for (const QByteArray &form : forms)
            QVERIFY2(!content.contains(form), qPrintable(name + QStringLiteral(" holds the password")));
    }
    qInfo("searched %lld files: %s", qint64(searched.size()), qPrintable(searched.join(QStringLiteral(", "))));
    // Each kind must exist, or the search proves nothing.
    auto has = [&](const QString &part) {
        return std::any_of(searched.cbegin(), searched.cend(), [&](const QString &s) { return s.contains(part); });
    };
    QVERIFY2(has(QStringLiteral("keyrings/")), qPrintable(searched.join(QLatin1Char('\n'))));
    QVERIFY2(has(QStringLiteral("redis-ops-console.conf")), qPrintable(searched.join(QLatin1Char('\n'))));
    QVERIFY2(has(QStringLiteral("data/logs/")), qPrintable(searched.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestKeychainProfiles)
#include "tst_keychainprofiles.moc"
