// Unit tests of RespReader: every RESP2 type, split-independence, pipelining, malformed input,
// the RespLimits bounds and reset(). Pure byte-level tests: no sockets, no servers.
#include "HeapInUse.h"
#include "resp/RespReader.h"

#include <QRandomGenerator>
#include <QtTest>

#include <limits>

using ops::RespLimits;
using ops::RespReader;
using ops::RespValue;
using Replies = std::vector<RespValue>;

Q_DECLARE_METATYPE(ops::RespValue)
Q_DECLARE_METATYPE(Replies)

namespace ops {
// QTest finds these through ADL, so failed comparisons print the decoded trees byte-exactly.
static QByteArray dumpValue(const RespValue &v)
{
    switch (v.type()) {
    case RespValue::Type::Nil: return QByteArrayLiteral("nil");
    case RespValue::Type::Integer: return QByteArrayLiteral("int:") + QByteArray::number(v.integer());
    case RespValue::Type::Array: {
        QByteArray s = QByteArrayLiteral("[");
        for (std::size_t i = 0; i < v.size(); ++i)
            s += (i ? QByteArrayLiteral(", ") : QByteArray()) + dumpValue(v[i]);
        return s + ']';
    }
    default:
        return QByteArray(respTypeName(v.type())) + ":\"" + v.bytes().toPercentEncoding(" ") + '"';
    }
}
char *toString(const RespValue &v) { return qstrdup(dumpValue(v).constData()); }
char *toString(const Replies &r)
{
    QByteArray s = QByteArray::number(qulonglong(r.size())) + " replies:";
    for (const RespValue &v : r)
        s += ' ' + dumpValue(v);
    return qstrdup(s.constData());
}
} // namespace ops

namespace {
RespValue S(const QByteArray &b) { return RespValue::string(b); }
RespValue A(Replies e) { return RespValue::array(std::move(e)); }
RespValue nest(int depth, RespValue leaf)
{
    for (int i = 0; i < depth; ++i)
        leaf = A({std::move(leaf)});
    return leaf;
}
QByteArray nestWire(int depth, const QByteArray &leaf) { return QByteArrayLiteral("*1\r\n").repeated(depth) + leaf; }

// maxBulkLength 16, maxArrayElements 4, maxNestingDepth 3, maxBufferedBytes 64
RespLimits smallLimits() { return RespLimits{16, 4, 3, 64}; }

bool feedAll(RespReader &r, const QByteArray &bytes, Replies &out) { return r.feed(bytes.constData(), bytes.size(), out); }
} // namespace

class TestRespReader : public QObject
{
    Q_OBJECT

private:
    static void validInput();

private slots:
    void wholeFeed_data() { validInput(); }
    void wholeFeed();
    void byteByByte_data() { validInput(); }
    void byteByByte();
    void randomSplits_data() { validInput(); }
    void randomSplits();
    void malformed_data();
    void malformed();
    void incompleteThenCompleted_data();
    void incompleteThenCompleted();
    void limitRefused_data();
    void limitRefused();
    void announcedCountIsNotAllocated_data();
    void announcedCountIsNotAllocated();
    void bulkHeaderRefusedBeforePayload_data();
    void bulkHeaderRefusedBeforePayload();
    void limitBoundaryAccepted_data();
    void limitBoundaryAccepted();
    void resetRecovers_data();
    void resetRecovers();
};

void TestRespReader::validInput()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<Replies>("expected");
    const qint64 i64max = std::numeric_limits<qint64>::max();
    const qint64 i64min = std::numeric_limits<qint64>::min();
    const QByteArray binary("a\0b\r\nc\r\n\0", 9);
    const QByteArray big(5000, 'x');

    QTest::newRow("status") << QByteArrayLiteral("+OK\r\n") << Replies{RespValue::status("OK")};
    QTest::newRow("status with spaces") << QByteArrayLiteral("+Background saving started\r\n")
                                        << Replies{RespValue::status("Background saving started")};
    QTest::newRow("empty status") << QByteArrayLiteral("+\r\n") << Replies{RespValue::status("")};
    QTest::newRow("error") << QByteArrayLiteral("-ERR unknown command 'FOO'\r\n")
                           << Replies{RespValue::error("ERR unknown command 'FOO'")};
    QTest::newRow("error moved") << QByteArrayLiteral("-MOVED 3999 127.0.0.1:6381\r\n")
                                 << Replies{RespValue::error("MOVED 3999 127.0.0.1:6381")};
    QTest::newRow("integer 0") << QByteArrayLiteral(":0\r\n") << Replies{RespValue::integer(0)};
    QTest::newRow("integer 42") << QByteArrayLiteral(":42\r\n") << Replies{RespValue::integer(42)};
    QTest::newRow("integer -1") << QByteArrayLiteral(":-1\r\n") << Replies{RespValue::integer(-1)};
    QTest::newRow("integer -123456") << QByteArrayLiteral(":-123456\r\n") << Replies{RespValue::integer(-123456)};
    QTest::newRow("integer int64 max") << QByteArrayLiteral(":9223372036854775807\r\n") << Replies{RespValue::integer(i64max)};
    QTest::newRow("integer int64 min") << QByteArrayLiteral(":-9223372036854775808\r\n") << Replies{RespValue::integer(i64min)};
    QTest::newRow("bulk") << QByteArrayLiteral("$5\r\nhello\r\n") << Replies{S("hello")};
    QTest::newRow("empty bulk") << QByteArrayLiteral("$0\r\n\r\n") << Replies{S("")};
    QTest::newRow("binary bulk with NUL and CRLF") << QByteArrayLiteral("$9\r\n") + binary + "\r\n" << Replies{S(binary)};
    QTest::newRow("bulk that is only CRLF") << QByteArrayLiteral("$2\r\n\r\n\r\n") << Replies{S("\r\n")};
    QTest::newRow("bulk utf8 and high bytes") << QByteArrayLiteral("$6\r\n\xc3\xa9t\xc3\xa9\xff\r\n")
                                              << Replies{S("\xc3\xa9t\xc3\xa9\xff")};
    QTest::newRow("bulk 5000 bytes") << QByteArrayLiteral("$5000\r\n") + big + "\r\n" << Replies{S(big)};
    QTest::newRow("nil bulk") << QByteArrayLiteral("$-1\r\n") << Replies{RespValue::nil()};
    QTest::newRow("nil array") << QByteArrayLiteral("*-1\r\n") << Replies{RespValue::nil()};
    QTest::newRow("empty array") << QByteArrayLiteral("*0\r\n") << Replies{A({})};
    QTest::newRow("array of bulks") << QByteArrayLiteral("*2\r\n$3\r\nfoo\r\n$3\r\nbar\r\n") << Replies{A({S("foo"), S("bar")})};
    QTest::newRow("mixed array")
        << QByteArrayLiteral("*7\r\n+OK\r\n-ERR x\r\n:-7\r\n$-1\r\n*-1\r\n*0\r\n*1\r\n$0\r\n\r\n")
        << Replies{A({RespValue::status("OK"), RespValue::error("ERR x"), RespValue::integer(-7), RespValue::nil(),
                      RespValue::nil(), A({}), A({S("")})})};
    for (int depth = 2; depth <= 7; ++depth)
        QTest::addRow("nested depth %d", depth) << nestWire(depth, QByteArrayLiteral(":1\r\n"))
                                               << Replies{nest(depth, RespValue::integer(1))};
    QTest::newRow("depth 7 wide") << QByteArrayLiteral("*2\r\n") + nestWire(5, QByteArrayLiteral("*3\r\n$1\r\na\r\n$-1\r\n:5\r\n")) + ":9\r\n"
                                  << Replies{A({nest(5, A({S("a"), RespValue::nil(), RespValue::integer(5)})), RespValue::integer(9)})};
    Replies many;
    QByteArray manyWire = QByteArrayLiteral("*300\r\n");
    for (int i = 0; i < 300; ++i) {
        many.push_back(S(QByteArray::number(i)));
        manyWire += '$' + QByteArray::number(QByteArray::number(i).size()) + "\r\n" + QByteArray::number(i) + "\r\n";
    }
    QTest::newRow("array of 300") << manyWire << Replies{A(many)};
    QTest::newRow("pipelined mixed")
        << QByteArrayLiteral("+OK\r\n:1\r\n$3\r\nfoo\r\n*0\r\n$-1\r\n-ERR no\r\n*1\r\n:2\r\n")
        << Replies{RespValue::status("OK"), RespValue::integer(1), S("foo"), A({}), RespValue::nil(),
                   RespValue::error("ERR no"), A({RespValue::integer(2)})};
    Replies counted;
    QByteArray countedWire;
    for (int i = 0; i < 200; ++i) {
        counted.push_back(RespValue::integer(i));
        countedWire += ':' + QByteArray::number(i) + "\r\n";
    }
    QTest::newRow("pipelined 200 integers in order") << countedWire << counted;
}

void TestRespReader::wholeFeed()
{
    QFETCH(QByteArray, wire);
    QFETCH(Replies, expected);
    RespReader reader;
    Replies out{RespValue::status("sentinel")}; // feed() appends: what was there stays first
    QVERIFY2(feedAll(reader, wire, out), qPrintable(reader.errorString()));
    QVERIFY(!out.empty());
    QCOMPARE(out.front(), RespValue::status("sentinel"));
    out.erase(out.begin());
    QCOMPARE(out, expected);
    QVERIFY(!reader.hasError());
    QCOMPARE(reader.bufferedBytes(), qint64(0));
}

void TestRespReader::byteByByte()
{
    QFETCH(QByteArray, wire);
    QFETCH(Replies, expected);
    RespReader reader;
    Replies out;
    for (qsizetype i = 0; i < wire.size(); ++i) {
        if (i == wire.size() - 1) // the last reply must not appear before its last byte
            QCOMPARE(out.size(), expected.size() - 1);
        QVERIFY2(reader.feed(wire.constData() + i, 1, out), qPrintable(reader.errorString()));
    }
    QCOMPARE(out, expected);
    QCOMPARE(reader.bufferedBytes(), qint64(0));
}

void TestRespReader::randomSplits()
{
    QFETCH(QByteArray, wire);
    QFETCH(Replies, expected);
    for (quint32 seed = 1; seed <= 40; ++seed) {
        QRandomGenerator rng(seed);
        RespReader reader;
        Replies out;
        for (qsizetype pos = 0; pos < wire.size();) {
            const qsizetype chunk = qMin<qsizetype>(wire.size() - pos, 1 + rng.bounded(int(qMin<qsizetype>(wire.size(), 700))));
            QVERIFY2(reader.feed(wire.constData() + pos, chunk, out), qPrintable(reader.errorString()));
            pos += chunk;
        }
        QVERIFY2(out == expected, qPrintable(QStringLiteral("seed %1").arg(seed)));
        QCOMPARE(reader.bufferedBytes(), qint64(0));
    }
}

void TestRespReader::malformed_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<int>("decodedFirst"); // well-formed replies before the bad bytes, still delivered
    QTest::addColumn<bool>("framing");     // must be reported as framing, not as a limit
    QTest::newRow("bad type byte") << QByteArrayLiteral("?foo\r\n") << 0 << true;
    QTest::newRow("NUL type byte") << QByteArray("\0\r\n", 3) << 0 << true;
    QTest::newRow("HTTP answer") << QByteArrayLiteral("HTTP/1.1 400 Bad Request\r\n\r\n") << 0 << true;
    QTest::newRow("bad type after a valid reply") << QByteArrayLiteral("+OK\r\n!x\r\n") << 1 << true;
    QTest::newRow("non-numeric bulk length") << QByteArrayLiteral("$abc\r\nabc\r\n") << 0 << true;
    QTest::newRow("empty bulk length") << QByteArrayLiteral("$\r\n\r\n") << 0 << true;
    QTest::newRow("bulk length with junk") << QByteArrayLiteral("$3x\r\nfoo\r\n") << 0 << true;
    QTest::newRow("bulk length overflows int64") << QByteArrayLiteral("$99999999999999999999\r\n") << 0 << false;
    QTest::newRow("non-numeric array count") << QByteArrayLiteral("*x\r\n") << 0 << true;
    QTest::newRow("non-numeric integer") << QByteArrayLiteral(":12a\r\n") << 0 << true;
    QTest::newRow("empty integer") << QByteArrayLiteral(":\r\n") << 0 << true;
    QTest::newRow("integer above int64 max") << QByteArrayLiteral(":9223372036854775808\r\n") << 0 << true;
    QTest::newRow("integer below int64 min") << QByteArrayLiteral(":-9223372036854775809\r\n") << 0 << true;
    QTest::newRow("bulk length -2") << QByteArrayLiteral("$-2\r\n") << 0 << true;
    QTest::newRow("bulk length -5") << QByteArrayLiteral("$-5\r\nhello\r\n") << 0 << true;
    QTest::newRow("array count -2") << QByteArrayLiteral("*-2\r\n") << 0 << true;
    QTest::newRow("bad element inside array") << QByteArrayLiteral("*2\r\n:1\r\n?\r\n") << 0 << true;
    QTest::newRow("bulk payload longer than announced") << QByteArrayLiteral("$3\r\nfoobar\r\n") << 0 << true;
    QTest::newRow("bulk missing CRLF, more bytes follow") << QByteArrayLiteral("$3\r\nfooXX:1\r\n") << 0 << true;
}

// Malformed input is an error with a reason, never a crash; the reader is spent afterwards.
// Splitting the bytes must not change the verdict.
void TestRespReader::malformed()
{
    QFETCH(QByteArray, wire);
    QFETCH(int, decodedFirst);
    QFETCH(bool, framing);
    for (const bool oneByteAtATime : {false, true}) {
        RespReader reader;
        Replies out;
        bool ok = true;
        if (oneByteAtATime) {
            for (qsizetype i = 0; i < wire.size() && ok; ++i)
                ok = reader.feed(wire.constData() + i, 1, out);
        } else {
            ok = feedAll(reader, wire, out);
        }
        QVERIFY2(!ok, qPrintable(QStringLiteral("accepted, %1 replies").arg(out.size())));
        QVERIFY(reader.hasError());
        QVERIFY(!reader.errorString().isEmpty());
        if (framing)
            QVERIFY2(!reader.limitExceeded(), qPrintable(reader.errorString()));
        const std::size_t decoded = out.size();
        QCOMPARE(int(decoded), decodedFirst);
        // Spent: further bytes, even valid ones, are refused and yield nothing.
        QVERIFY(!feedAll(reader, QByteArrayLiteral("+OK\r\n"), out));
        QCOMPARE(out.size(), decoded);
    }
}

void TestRespReader::incompleteThenCompleted_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("rest");
    QTest::addColumn<RespValue>("expected");
    QTest::newRow("type byte only") << QByteArrayLiteral("$") << QByteArrayLiteral("1\r\nx\r\n") << S("x");
    QTest::newRow("status without CRLF") << QByteArrayLiteral("+OK") << QByteArrayLiteral("\r\n") << RespValue::status("OK");
    QTest::newRow("status with CR only") << QByteArrayLiteral("+OK\r") << QByteArrayLiteral("\n") << RespValue::status("OK");
    QTest::newRow("integer digits only") << QByteArrayLiteral(":-12") << QByteArrayLiteral("3\r\n") << RespValue::integer(-123);
    QTest::newRow("bulk header only") << QByteArrayLiteral("$5\r\n") << QByteArrayLiteral("hello\r\n") << S("hello");
    QTest::newRow("bulk half payload") << QByteArrayLiteral("$5\r\nhel") << QByteArrayLiteral("lo\r\n") << S("hello");
    QTest::newRow("bulk missing LF") << QByteArrayLiteral("$5\r\nhello\r") << QByteArrayLiteral("\n") << S("hello");
    QTest::newRow("array missing elements") << QByteArrayLiteral("*3\r\n:1\r\n") << QByteArrayLiteral(":2\r\n:3\r\n")
                                            << A({RespValue::integer(1), RespValue::integer(2), RespValue::integer(3)});
    QTest::newRow("nested array partial") << QByteArrayLiteral("*2\r\n*2\r\n:1\r\n") << QByteArrayLiteral(":2\r\n$-1\r\n")
                                          << A({A({RespValue::integer(1), RespValue::integer(2)}), RespValue::nil()});
}

// Truncated but well-formed input is merely incomplete: no reply, no error, bytes kept.
void TestRespReader::incompleteThenCompleted()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, rest);
    QFETCH(RespValue, expected);
    RespReader reader;
    Replies out;
    QVERIFY(feedAll(reader, head, out));
    QVERIFY(out.empty());
    QVERIFY(!reader.hasError());
    QVERIFY(reader.errorString().isEmpty());
    // Undecoded bytes only: elements already decoded are held as values, not bytes.
    QVERIFY(reader.bufferedBytes() <= head.size());
    QVERIFY(feedAll(reader, QByteArray(), out)); // an empty feed changes nothing
    QVERIFY(out.empty());
    QVERIFY2(feedAll(reader, rest, out), qPrintable(reader.errorString()));
    QCOMPARE(out, Replies{expected});
    QCOMPARE(reader.bufferedBytes(), qint64(0));
}

void TestRespReader::announcedCountIsNotAllocated_data()
{
    QTest::addColumn<QByteArray>("wire");
    // fuzz_resp_reader: a 16-byte header announcing 4M elements (within the limit) allocated 256 MiB
    // for elements that never came; memory must follow the elements received.
    QTest::newRow("4M elements announced, 2 sent (fuzz)") << QByteArrayLiteral("*4194304\r\n:1\r\n:2\r\n");
    QTest::newRow("nested 4M announced (fuzz)") << QByteArrayLiteral("*2\r\n*4194304\r\n$1\r\nx\r\n");
    QTest::newRow("4M announced, a bulk pending") << QByteArrayLiteral("*4194304\r\n$100\r\nabc");
}

// The heap in use around the feed: glibc's counters, or ASan's own under the sanitizers (CI),
// where mallinfo2() reports nothing.
void TestRespReader::announcedCountIsNotAllocated()
{
    QFETCH(QByteArray, wire);
    const auto heapBytes = [] { return testmem::heapInUse(); };
    QVERIFY2(heapBytes() > 0, "the allocator reports no heap in use: nothing would be measured");
    RespReader reader;
    Replies out;
    const qint64 before = heapBytes();
    QVERIFY2(feedAll(reader, wire, out), qPrintable(reader.errorString()));
    const qint64 grown = heapBytes() - before;
    QVERIFY(out.empty());
    QVERIFY(!reader.hasError());
    QVERIFY2(grown < 1024 * 1024, qPrintable(QStringLiteral("heap grew by %1 bytes").arg(grown)));
}

void TestRespReader::limitRefused_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QString>("reason");
    QTest::newRow("array count above limit at header") << QByteArrayLiteral("*5\r\n") << QStringLiteral("array of 5 elements");
    QTest::newRow("huge array count at header") << QByteArrayLiteral("*2000000000\r\n") << QStringLiteral("array of 2000000000");
    QTest::newRow("nested array count above limit") << QByteArrayLiteral("*1\r\n*100\r\n") << QStringLiteral("array of 100");
    QTest::newRow("nesting above limit") << nestWire(4, QByteArray()) << QStringLiteral("nested 4 deep");
    QTest::newRow("nesting far above limit") << nestWire(7, QByteArrayLiteral(":1\r\n")) << QStringLiteral("nested 4 deep");
    QTest::newRow("complete bulk above limit") << QByteArrayLiteral("$17\r\n") + QByteArray(17, 'b') + "\r\n"
                                               << QStringLiteral("bulk string of 17 bytes");
    QTest::newRow("unterminated status line") << QByteArrayLiteral("+") + QByteArray(100, 'a') << QStringLiteral("buffered");
    QTest::newRow("unterminated error after valid reply") << QByteArrayLiteral("+OK\r\n-") + QByteArray(80, 'e')
                                                          << QStringLiteral("buffered");
}

void TestRespReader::limitRefused()
{
    QFETCH(QByteArray, wire);
    QFETCH(QString, reason);
    RespReader reader(smallLimits());
    QCOMPARE(reader.limits().maxBulkLength, qint64(16));
    Replies out;
    const bool ok = feedAll(reader, wire, out);
    QVERIFY(!ok);
    QVERIFY(reader.hasError());
    QVERIFY(reader.limitExceeded());
    QVERIFY2(reader.errorString().contains(reason), qPrintable(reader.errorString()));
    QVERIFY(out.size() <= 1);
    QVERIFY(!feedAll(reader, QByteArray(1000, 'z'), out)); // nothing more is buffered
    QVERIFY(reader.bufferedBytes() <= wire.size());
}

void TestRespReader::bulkHeaderRefusedBeforePayload_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("top-level bulk") << QByteArrayLiteral("$1000\r\n");
    QTest::newRow("bulk inside array") << QByteArrayLiteral("*2\r\n:1\r\n$1000\r\n");
    QTest::newRow("1 GB bulk") << QByteArrayLiteral("$1073741824\r\n");
}

// A `$` header above maxBulkLength must be refused when the header arrives, not after the payload
// has been buffered. maxBufferedBytes is large here so that it cannot be what stops the reply.
void TestRespReader::bulkHeaderRefusedBeforePayload()
{
    QFETCH(QByteArray, header);
    RespLimits limits = smallLimits();
    limits.maxBufferedBytes = 1024 * 1024;
    RespReader reader(limits);
    Replies out;
    const bool ok = feedAll(reader, header, out);
    QVERIFY2(reader.limitExceeded(), "bulk header above maxBulkLength was not refused");
    QVERIFY(!ok);
    QVERIFY(reader.errorString().contains(QStringLiteral("bulk string of")));
    const QByteArray payload(4096, 'p');
    for (int i = 0; i < 16; ++i) {
        QVERIFY(!feedAll(reader, payload, out));
        QVERIFY(reader.bufferedBytes() <= header.size());
    }
    QVERIFY(out.empty());
}

void TestRespReader::limitBoundaryAccepted_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<RespValue>("expected");
    QTest::addColumn<int>("maxBulk"); // status lines count against maxBulkLength too
    QTest::newRow("bulk of exactly maxBulkLength") << QByteArrayLiteral("$16\r\n0123456789abcdef\r\n") << S("0123456789abcdef") << 16;
    QTest::newRow("array of exactly maxArrayElements")
        << QByteArrayLiteral("*4\r\n:1\r\n:2\r\n:3\r\n:4\r\n")
        << A({RespValue::integer(1), RespValue::integer(2), RespValue::integer(3), RespValue::integer(4)}) << 16;
    QTest::newRow("nesting of exactly maxNestingDepth") << nestWire(3, QByteArrayLiteral("$-1\r\n")) << nest(3, RespValue::nil()) << 16;
    QTest::newRow("status just under maxBufferedBytes") << QByteArrayLiteral("+") + QByteArray(61, 's') + "\r\n"
                                                        << RespValue::status(QByteArray(61, 's')) << 64;
}

void TestRespReader::limitBoundaryAccepted()
{
    QFETCH(QByteArray, wire);
    QFETCH(RespValue, expected);
    QFETCH(int, maxBulk);
    RespLimits limits = smallLimits();
    limits.maxBulkLength = maxBulk;
    RespReader reader(limits);
    Replies out;
    QVERIFY2(feedAll(reader, wire, out), qPrintable(reader.errorString()));
    QCOMPARE(out, Replies{expected});
    QVERIFY(!reader.limitExceeded());
}

void TestRespReader::resetRecovers_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<bool>("expectError");
    QTest::newRow("after malformed input") << QByteArrayLiteral("HTTP/1.1 400\r\n") << true;
    QTest::newRow("after array limit") << QByteArrayLiteral("*5\r\n") << true;
    QTest::newRow("after nesting limit") << nestWire(5, QByteArrayLiteral(":1\r\n")) << true;
    QTest::newRow("after buffered limit") << QByteArrayLiteral("+") + QByteArray(200, 'a') << true;
    QTest::newRow("partial reply is dropped") << QByteArrayLiteral("*2\r\n$5\r\nhel") << false;
}

void TestRespReader::resetRecovers()
{
    QFETCH(QByteArray, before);
    QFETCH(bool, expectError);
    RespReader reader(smallLimits());
    Replies out;
    QCOMPARE(feedAll(reader, before, out), !expectError);
    QCOMPARE(reader.hasError(), expectError);
    reader.reset();
    QVERIFY(!reader.hasError());
    QVERIFY(reader.errorString().isEmpty());
    QVERIFY(!reader.limitExceeded());
    QCOMPARE(reader.bufferedBytes(), qint64(0));
    out.clear();
    QVERIFY2(feedAll(reader, QByteArrayLiteral("+OK\r\n*2\r\n:1\r\n$2\r\nhi\r\n"), out), qPrintable(reader.errorString()));
    QCOMPARE(out, (Replies{RespValue::status("OK"), A({RespValue::integer(1), S("hi")})}));
    QCOMPARE(reader.limits().maxArrayElements, qint64(4)); // limits survive reset
}

QTEST_APPLESS_MAIN(TestRespReader)
#include "tst_respreader.moc"
