// Unit tests of RespCommand: exact RESP wire bytes, binary safety, and the redaction that is
// the only form of a command allowed to reach a log.
#include "resp/Redaction.h"
#include "resp/RespCommand.h"
#include "resp/RespReader.h"

#include <QtTest>

#include <hiredis.h>

#include <vector>

using ops::RespCommand;

namespace {
QByteArray bulk(const QByteArray &b) { return '$' + QByteArray::number(b.size()) + "\r\n" + b + "\r\n"; }
} // namespace

class TestRespCommand : public QObject
{
    Q_OBJECT

private slots:
    void encode_data();
    void encode();
    void encodeIntoAppends();
    void pipelineGrowsGeometrically();
    void streamOperators();
    void name_data();
    void name();

    void redaction_data();
    void redaction();
    void secretConfigParameters_data();
    void secretConfigParameters();
};

void TestRespCommand::encode_data()
{
    QTest::addColumn<QList<QByteArray>>("args");
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("PING") << QList<QByteArray>{"PING"} << QByteArrayLiteral("*1\r\n$4\r\nPING\r\n");
    QTest::newRow("SET key value") << QList<QByteArray>{"SET", "key", "value"}
                                   << QByteArrayLiteral("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n");
    QTest::newRow("empty argument") << QList<QByteArray>{"SET", "k", ""}
                                    << QByteArrayLiteral("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
    static const char nulWire[] = "*3\r\n$3\r\nSET\r\n$3\r\na\0b\r\n$1\r\n\0\r\n";
    QTest::newRow("NUL inside argument") << QList<QByteArray>{"SET", QByteArray("a\0b", 3), QByteArray("\0", 1)}
                                         << QByteArray(nulWire, sizeof(nulWire) - 1);
    QTest::newRow("spaces and quotes") << QList<QByteArray>{"SET", "my key", "say \"hi\""}
                                       << QByteArrayLiteral("*3\r\n$3\r\nSET\r\n$6\r\nmy key\r\n$8\r\nsay \"hi\"\r\n");
    QTest::newRow("CRLF inside argument") << QList<QByteArray>{"SET", "k", "\r\n*1\r\n"}
                                          << QByteArrayLiteral("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$6\r\n\r\n*1\r\n\r\n");
    QTest::newRow("UTF-8 argument") << QList<QByteArray>{"SET", "cl\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac"}
                                    << QByteArrayLiteral("*3\r\n$3\r\nSET\r\n$4\r\ncl\xc3\xa9\r\n$6\r\n\xe6\x97\xa5\xe6\x9c\xac\r\n");
    QTest::newRow("high bytes") << QList<QByteArray>{"SET", "k", "\xff\xfe\x80"}
                                << QByteArrayLiteral("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n\xff\xfe\x80\r\n");

    QList<QByteArray> many{"MSET"};
    QByteArray manyWire = QByteArrayLiteral("*21\r\n") + bulk("MSET");
    for (int i = 0; i < 20; ++i) { // more arguments than the encoder's inline buffer holds
        many << QByteArray::number(i * 7);
        manyWire += bulk(QByteArray::number(i * 7));
    }
    QTest::newRow("21 arguments") << many << manyWire;
    const QByteArray large(100000, 'v');
    QTest::newRow("100 KB value") << QList<QByteArray>{"SET", "big", large}
                                  << QByteArrayLiteral("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$100000\r\n") + large + "\r\n";
}

void TestRespCommand::encode()
{
    QFETCH(QList<QByteArray>, args);
    QFETCH(QByteArray, wire);
    const RespCommand cmd(args);
    QCOMPARE(cmd.args(), args);
    QCOMPARE(cmd.encode(), wire);

    // hiredis's formatter is the reference for our encoder.
    std::vector<const char *> argv;
    std::vector<size_t> argvlen;
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        argvlen.push_back(size_t(a.size()));
    }
    char *reference = nullptr;
    const int len = redisFormatCommandArgv(&reference, int(argv.size()), argv.data(), argvlen.data());
    QVERIFY(len > 0);
    const QByteArray hiredisWire(reference, len);
    redisFreeCommand(reference);
    QCOMPARE(cmd.encode(), hiredisWire);

    // What we send decodes back to the same arguments (a multi-bulk of bulk strings).
    ops::RespReader reader;
    std::vector<ops::RespValue> out;
    QVERIFY2(reader.feed(wire.constData(), wire.size(), out), qPrintable(reader.errorString()));
    QCOMPARE(out.size(), std::size_t(1));
    QCOMPARE(out[0].size(), std::size_t(args.size()));
    for (qsizetype i = 0; i < args.size(); ++i) {
        QVERIFY(out[0][std::size_t(i)].isString());
        QCOMPARE(out[0][std::size_t(i)].bytes(), args[i]);
    }
}

void TestRespCommand::encodeIntoAppends()
{
    const RespCommand get{"GET", "k"};
    const RespCommand incr{"INCR", "n"};
    QByteArray pipeline = QByteArrayLiteral("prefix");
    get.encodeInto(pipeline);
    incr.encodeInto(pipeline);
    QCOMPARE(pipeline, QByteArrayLiteral("prefix") + get.encode() + incr.encode());
    QCOMPARE(pipeline, QByteArrayLiteral("prefix*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n"));
}

// A pipeline of 16,384 commands (a key census of every slot) encoded into one buffer grows it a
// few dozen times, not once per command: an exact reserve per command copied the whole buffer
// each time (quadratic; seconds under ASan).
void TestRespCommand::pipelineGrowsGeometrically()
{
    QByteArray pipeline;
    int growths = 0;
    qsizetype capacity = pipeline.capacity();
    for (int slot = 0; slot < 16384; ++slot) {
        RespCommand{"CLUSTER", "COUNTKEYSINSLOT", QByteArray::number(slot)}.encodeInto(pipeline);
        if (pipeline.capacity() != capacity) {
            capacity = pipeline.capacity();
            ++growths;
        }
    }
    QVERIFY2(growths <= 40, qPrintable(QStringLiteral("the buffer grew %1 times for 16384 commands").arg(growths)));
    QVERIFY(pipeline.startsWith(RespCommand{"CLUSTER", "COUNTKEYSINSLOT", "0"}.encode()));
    QVERIFY(pipeline.endsWith(RespCommand{"CLUSTER", "COUNTKEYSINSLOT", "16383"}.encode()));
}

void TestRespCommand::streamOperators()
{
    RespCommand cmd;
    QVERIFY(cmd.isEmpty());
    cmd << QByteArrayLiteral("INCRBY") << QStringLiteral("cl\u00e9") << qint64(-9223372036854775807LL - 1);
    QVERIFY(!cmd.isEmpty());
    QCOMPARE(cmd.args(), (QList<QByteArray>{"INCRBY", "cl\xc3\xa9", "-9223372036854775808"}));
    QCOMPARE(cmd.encode(),
             QByteArrayLiteral("*3\r\n$6\r\nINCRBY\r\n$4\r\ncl\xc3\xa9\r\n$20\r\n-9223372036854775808\r\n"));
}

void TestRespCommand::name_data()
{
    QTest::addColumn<QList<QByteArray>>("args");
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("lower case") << QList<QByteArray>{"get", "Key"} << QByteArrayLiteral("GET");
    QTest::newRow("mixed case") << QList<QByteArray>{"cLuStEr", "nodes"} << QByteArrayLiteral("CLUSTER");
    QTest::newRow("empty command") << QList<QByteArray>{} << QByteArray();
}

void TestRespCommand::name()
{
    QFETCH(QList<QByteArray>, args);
    QFETCH(QByteArray, name);
    QCOMPARE(RespCommand(args).name(), name);
}

void TestRespCommand::redaction_data()
{
    QTest::addColumn<QList<QByteArray>>("args");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<QByteArray>>("secrets");
    using L = QList<QByteArray>;

    QTest::newRow("AUTH pass") << L{"AUTH", "s3cr3t-pw"} << QStringLiteral("AUTH (redacted)") << L{"s3cr3t-pw"};
    QTest::newRow("AUTH user pass") << L{"AUTH", "alice", "s3cr3t-pw"} << QStringLiteral("AUTH (redacted) (redacted)")
                                    << L{"s3cr3t-pw"};
    QTest::newRow("AUTH pass with space") << L{"AUTH", "two words"} << QStringLiteral("AUTH (redacted)") << L{"two words", "two"};
    QTest::newRow("HELLO 3 AUTH u p SETNAME x")
        << L{"HELLO", "3", "AUTH", "alice", "s3cr3t-pw", "SETNAME", "console"}
        << QStringLiteral("HELLO 3 AUTH (redacted) (redacted) (redacted) (redacted)") << L{"s3cr3t-pw"};
    QTest::newRow("MIGRATE AUTH p")
        << L{"MIGRATE", "10.0.0.2", "6379", "", "0", "5000", "COPY", "AUTH", "s3cr3t-pw", "KEYS", "k1", "k2"}
        << QStringLiteral("MIGRATE 10.0.0.2 6379 \"\" 0 5000 COPY AUTH (redacted) KEYS k1 k2") << L{"s3cr3t-pw"};
    QTest::newRow("MIGRATE AUTH2 u p KEYS k")
        << L{"MIGRATE", "10.0.0.2", "6379", "", "0", "5000", "AUTH2", "alice", "s3cr3t-pw", "KEYS", "k"}
        << QStringLiteral("MIGRATE 10.0.0.2 6379 \"\" 0 5000 AUTH2 (redacted) (redacted) KEYS k") << L{"s3cr3t-pw"};
    QTest::newRow("MIGRATE single key AUTH p") << L{"MIGRATE", "h", "6379", "key", "0", "5000", "AUTH", "s3cr3t-pw"}
                                               << QStringLiteral("MIGRATE h 6379 key 0 5000 AUTH (redacted)") << L{"s3cr3t-pw"};
    QTest::newRow("ACL SETUSER u on >pw ~*") << L{"ACL", "SETUSER", "alice", "on", ">s3cr3t-pw", "~*"}
                                             << QStringLiteral("ACL SETUSER alice (redacted) (redacted) (redacted)")
                                             << L{"s3cr3t-pw"};
    QTest::newRow("ACL SETUSER #hash") << L{"ACL", "SETUSER", "bob", "#5e884898da28047151d0e56f8dc62927"}
                                       << QStringLiteral("ACL SETUSER bob (redacted)") << L{"5e884898da28047151d0e56f8dc62927"};
    QTest::newRow("CONFIG SET requirepass x maxmemory 1mb")
        << L{"CONFIG", "SET", "requirepass", "s3cr3t-pw", "maxmemory", "1mb"}
        << QStringLiteral("CONFIG SET requirepass (redacted) maxmemory 1mb") << L{"s3cr3t-pw"};
    QTest::newRow("CONFIG SET maxmemory 1mb requirepass x")
        << L{"CONFIG", "SET", "maxmemory", "1mb", "requirepass", "s3cr3t-pw"}
        << QStringLiteral("CONFIG SET maxmemory 1mb requirepass (redacted)") << L{"s3cr3t-pw"};
    QTest::newRow("CONFIG SET masterauth x") << L{"CONFIG", "SET", "masterauth", "s3cr3t-pw"}
                                             << QStringLiteral("CONFIG SET masterauth (redacted)") << L{"s3cr3t-pw"};
    QTest::newRow("CONFIG SET masteruser u") << L{"CONFIG", "SET", "masteruser", "repl-user"}
                                             << QStringLiteral("CONFIG SET masteruser (redacted)") << L{"repl-user"};
    QTest::newRow("CONFIG SET tls-key-file-pass") << L{"CONFIG", "SET", "tls-key-file-pass", "s3cr3t-pw"}
                                                  << QStringLiteral("CONFIG SET tls-key-file-pass (redacted)") << L{"s3cr3t-pw"};
    QTest::newRow("SENTINEL SET m auth-pass x quorum 2")
        << L{"SENTINEL", "SET", "mymaster", "auth-pass", "s3cr3t-pw", "quorum", "2"}
        << QStringLiteral("SENTINEL SET mymaster auth-pass (redacted) quorum 2") << L{"s3cr3t-pw"};
    QTest::newRow("SENTINEL SET m quorum 2 auth-user u")
        << L{"SENTINEL", "SET", "mymaster", "quorum", "2", "auth-user", "repl-user"}
        << QStringLiteral("SENTINEL SET mymaster quorum 2 auth-user (redacted)") << L{"repl-user"};
    QTest::newRow("SENTINEL CONFIG SET sentinel-pass x") << L{"SENTINEL", "CONFIG", "SET", "sentinel-pass", "s3cr3t-pw"}
                                                         << QStringLiteral("SENTINEL CONFIG SET sentinel-pass (redacted)")
                                                         << L{"s3cr3t-pw"};
    QTest::newRow("SENTINEL CONFIG SET two parameters")
        << L{"SENTINEL", "CONFIG", "SET", "resolve-hostnames", "yes", "sentinel-user", "sentinel-admin"}
        << QStringLiteral("SENTINEL CONFIG SET resolve-hostnames yes sentinel-user (redacted)") << L{"sentinel-admin"};

    // Case-insensitivity of command names, subcommands, keywords and parameter names.
    QTest::newRow("auth lower case") << L{"auth", "s3cr3t-pw"} << QStringLiteral("auth (redacted)") << L{"s3cr3t-pw"};
    QTest::newRow("hello lower case auth") << L{"hello", "3", "auth", "u", "s3cr3t-pw"}
                                           << QStringLiteral("hello 3 auth (redacted) (redacted)") << L{"s3cr3t-pw"};
    QTest::newRow("migrate lower case auth2") << L{"migrate", "h", "1", "", "0", "1", "auth2", "u", "s3cr3t-pw", "keys", "k"}
                                              << QStringLiteral("migrate h 1 \"\" 0 1 auth2 (redacted) (redacted) keys k")
                                              << L{"s3cr3t-pw"};
    QTest::newRow("acl setuser lower case") << L{"acl", "setuser", "u", ">s3cr3t-pw"}
                                            << QStringLiteral("acl setuser u (redacted)") << L{"s3cr3t-pw"};
    QTest::newRow("config set RequirePass") << L{"config", "Set", "RequirePass", "s3cr3t-pw"}
                                            << QStringLiteral("config Set RequirePass (redacted)") << L{"s3cr3t-pw"};
    QTest::newRow("Sentinel set AUTH-PASS") << L{"Sentinel", "set", "m", "AUTH-PASS", "s3cr3t-pw"}
                                            << QStringLiteral("Sentinel set m AUTH-PASS (redacted)") << L{"s3cr3t-pw"};
    QTest::newRow("sentinel config set SENTINEL-PASS") << L{"sentinel", "config", "set", "SENTINEL-PASS", "s3cr3t-pw"}
                                                       << QStringLiteral("sentinel config set SENTINEL-PASS (redacted)")
                                                       << L{"s3cr3t-pw"};

    // Nothing secret: untouched (quoted only where a word is empty or has spaces or quotes).
    QTest::newRow("GET key") << L{"GET", "key"} << QStringLiteral("GET key") << L{};
    QTest::newRow("CONFIG SET maxmemory 1mb") << L{"CONFIG", "SET", "maxmemory", "1mb"}
                                              << QStringLiteral("CONFIG SET maxmemory 1mb") << L{};
    QTest::newRow("CONFIG GET requirepass") << L{"CONFIG", "GET", "requirepass"} << QStringLiteral("CONFIG GET requirepass") << L{};
    QTest::newRow("HELLO without AUTH") << L{"HELLO", "3", "SETNAME", "console"} << QStringLiteral("HELLO 3 SETNAME console") << L{};
    QTest::newRow("MIGRATE without AUTH") << L{"MIGRATE", "h", "6379", "key", "0", "5000", "REPLACE"}
                                          << QStringLiteral("MIGRATE h 6379 key 0 5000 REPLACE") << L{};
    QTest::newRow("ACL WHOAMI") << L{"ACL", "WHOAMI"} << QStringLiteral("ACL WHOAMI") << L{};
    QTest::newRow("SENTINEL SET quorum") << L{"SENTINEL", "SET", "m", "quorum", "2"} << QStringLiteral("SENTINEL SET m quorum 2") << L{};
    QTest::newRow("quoted words") << L{"SET", "", "a b", "say \"hi\""} << QStringLiteral("SET \"\" \"a b\" \"say \\\"hi\\\"\"") << L{};
    QTest::newRow("empty command") << L{} << QString() << L{};
}

void TestRespCommand::redaction()
{
    QFETCH(QList<QByteArray>, args);
    QFETCH(QString, text);
    QFETCH(QList<QByteArray>, secrets);
    const RespCommand cmd(args);
    QCOMPARE(cmd.redactedText(), text);

    const QList<QByteArray> redacted = ops::redactArguments(args);
    QCOMPARE(redacted.size(), args.size()); // positions are kept: only values are replaced
    int replaced = 0;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (redacted[i] != args[i]) {
            QCOMPARE(redacted[i], QByteArrayLiteral("(redacted)"));
            ++replaced;
        }
    }
    QCOMPARE(replaced > 0, !secrets.isEmpty());
    for (const QByteArray &secret : secrets) {
        QVERIFY2(!cmd.redactedText().contains(QString::fromUtf8(secret), Qt::CaseInsensitive), secret.constData());
        for (const QByteArray &a : redacted)
            QVERIFY2(!a.contains(secret), secret.constData());
        QVERIFY(cmd.encode().contains(secret)); // the wire form itself is never redacted
    }
    QCOMPARE(cmd.args(), args); // redaction works on a copy
}

void TestRespCommand::secretConfigParameters_data()
{
    QTest::addColumn<QByteArray>("parameter");
    QTest::addColumn<bool>("secret");
    for (const char *p : {"requirepass", "masterauth", "masteruser", "tls-key-file-pass", "tls-client-key-file-pass",
                          "sentinel-pass", "sentinel-user", "auth-pass", "auth-user", "REQUIREPASS", "MasterAuth"})
        QTest::newRow(p) << QByteArray(p) << true;
    for (const char *p : {"maxmemory", "requirepass2", "require", "", "tls-key-file", "appendonly", "save"})
        QTest::addRow("not secret: '%s'", p) << QByteArray(p) << false;
}

void TestRespCommand::secretConfigParameters()
{
    QFETCH(QByteArray, parameter);
    QFETCH(bool, secret);
    QCOMPARE(ops::isSecretConfigParameter(parameter), secret);
}

QTEST_APPLESS_MAIN(TestRespCommand)
#include "tst_respcommand.moc"
