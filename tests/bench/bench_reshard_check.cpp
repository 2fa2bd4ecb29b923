// Checks a cluster after a reshard of the benchmark's data set (bench_reshard_seed), for
// reshard_bench.sh. Subcommands:
//
//   bench_reshard_check ports COUNT
//       COUNT free 127.0.0.1 ports, one a line (ops::FreePorts, as the labs pick them).
//   bench_reshard_check map --cluster HOST:PORT --out FILE
//       the slot owners (one node id a line, slot 0 first), to compare with after a run.
//   bench_reshard_check verify --cluster HOST:PORT --keys N [--before FILE] [--settle-ms MS]
//       every node agrees on every slot's owner and has no open (migrating/importing) slot, the
//       cluster is ok on every node (waits up to MS for that), all N keys are at their owner
//       with their value, and the masters hold nothing else (DBSIZE sum = N). With --before:
//       the slots whose owner changed and the keys in them. One JSON line; exit 0 when clean.
#include "LabFixture.h"
#include "ReshardBenchData.h"
#include "discovery/ClusterNodesParser.h"
#include "lab/FreePorts.h"
#include "model/HashSlot.h"
#include "resp/RedisConnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cstdio>
#include <map>
#include <memory>

using namespace ops;

namespace {

/** Connections by endpoint, created on first use. */
class Connections
{
public:
    RedisConnection &to(const Endpoint &e)
    {
        std::unique_ptr<RedisConnection> &c = m_map[e.toString()];
        if (!c) {
            ConnectionOptions o;
            o.endpoint = e;
            o.commandTimeoutMs = 60000;
            c = std::make_unique<RedisConnection>(o);
        }
        return *c;
    }

private:
    std::map<QString, std::unique_ptr<RedisConnection>> m_map;
};

/** Slot owner ids as @p node's CLUSTER NODES has them, or why not; @p open gets its open slots. */
QString nodeView(RedisConnection &node, std::vector<QByteArray> &owner, int &open, QList<Endpoint> *all)
{
    const QList<RedisResult> r = labtest::executeAll(node, {RespCommand{"CLUSTER", "INFO"}, RespCommand{"CLUSTER", "NODES"}});
    const QString who = node.endpoint().toString();
    if (labtest::infoField(r[0], "cluster_state") != "ok")
        return who + QStringLiteral(": cluster_state is not ok: ") + reshardbench::describe(r[0]).left(120);
    if (!r[1].ok())
        return who + QStringLiteral(": CLUSTER NODES: ") + reshardbench::describe(r[1]);
    Parsed<QList<ClusterNodeLine>> lines = parseClusterNodes(r[1].value().bytes());
    if (!lines.ok())
        return who + QStringLiteral(": CLUSTER NODES does not parse");
    owner.assign(std::size_t(HashSlot::kSlots), QByteArray());
    open = 0;
    for (const ClusterNodeLine &line : lines.value()) {
        if (all && line.isMaster())
            *all << Endpoint{line.host.isEmpty() ? node.endpoint().host : line.host, line.port};
        for (const SlotRange &range : line.slotRanges)
            for (int s = range.first; s <= range.last; ++s)
                owner[std::size_t(s)] = line.id;
        if (line.has(ClusterNodeLine::Myself))
            open = int(line.migrating.size() + line.importing.size());
    }
    return {};
}

/** Empty once every master agrees on the owners and none has an open slot; else why not. */
QString agreement(Connections &connections, const Endpoint &seed, std::vector<QByteArray> &owner, QList<Endpoint> &masters, int &openSlots)
{
    masters.clear();
    QString why = nodeView(connections.to(seed), owner, openSlots, &masters);
    if (!why.isEmpty())
        return why;
    for (const Endpoint &m : std::as_const(masters)) {
        std::vector<QByteArray> view;
        int open = 0;
        why = nodeView(connections.to(m), view, open, nullptr);
        if (!why.isEmpty())
            return why;
        openSlots += m == seed ? 0 : open;
        if (view != owner)
            return m.toString() + QStringLiteral(" and ") + seed.toString() + QStringLiteral(" disagree on slot owners");
    }
    if (openSlots > 0)
        return QStringLiteral("%1 open slots").arg(openSlots);
    for (int s = 0; s < HashSlot::kSlots; ++s)
        if (owner[std::size_t(s)].isEmpty())
            return QStringLiteral("slot %1 is not covered").arg(s);
    return {};
}

int verify(const Endpoint &seed, qint64 keys, const QString &beforeFile, int settleMs)
{
    QElapsedTimer timer;
    timer.start();
    Connections connections;
    QJsonObject out{{QStringLiteral("keys"), keys}};
    std::vector<QByteArray> owner;
    QList<Endpoint> masters;
    int openSlots = 0;
    QString why;
    (void)QTest::qWaitFor([&] { return (why = agreement(connections, seed, owner, masters, openSlots)).isEmpty(); }, settleMs);
    out.insert(QStringLiteral("agree"), why.isEmpty());
    out.insert(QStringLiteral("open_slots"), openSlots);
    if (!why.isEmpty())
        out.insert(QStringLiteral("problem"), why);

    std::vector<QList<qint64>> bySlot(static_cast<std::size_t>(HashSlot::kSlots));
    for (qint64 n = 0; n < keys; ++n)
        bySlot[std::size_t(HashSlot::of(reshardbench::key(n)))] << n;

    qint64 missing = 0, wrong = 0, errors = 0, dbsize = 0;
    if (why.isEmpty()) {
        // Every key at the owner all nodes agree on: one MGET per slot, pipelined per master.
        QMap<QByteArray, Endpoint> byId;
        for (const Endpoint &m : std::as_const(masters)) {
            const RedisResult id = labtest::execute(connections.to(m), RespCommand{"CLUSTER", "MYID"});
            byId.insert(id.value().bytes(), m);
            const RedisResult size = labtest::execute(connections.to(m), RespCommand{"DBSIZE"});
            dbsize += size.ok() ? size.value().integer() : 0;
            errors += size.ok() ? 0 : 1;
        }
        std::map<QString, std::vector<int>> slotsAt;
        for (int s = 0; s < HashSlot::kSlots; ++s)
            if (!bySlot[std::size_t(s)].isEmpty())
                slotsAt[byId.value(owner[std::size_t(s)]).toString()].push_back(s);
        std::vector<reshardbench::Stream> streams;
        for (auto &[endpoint, slotList] : slotsAt) {
            reshardbench::Stream stream;
            stream.connection = &connections.to(Endpoint::parse(endpoint));
            stream.count = qint64(slotList.size());
            const std::vector<int> *list = &slotList;
            stream.command = [list, &bySlot](qint64 i) {
                RespCommand mget{"MGET"};
                for (qint64 n : bySlot[std::size_t((*list)[std::size_t(i)])])
                    mget << reshardbench::key(n);
                return mget;
            };
            stream.reply = [&, list](qint64 i, const RedisResult &r) {
                const QList<qint64> &ns = bySlot[std::size_t((*list)[std::size_t(i)])];
                if (!r.ok() || r.value().size() != std::size_t(ns.size())) {
                    ++errors;
                    return;
                }
                for (qsizetype k = 0; k < ns.size(); ++k) {
                    const RespValue &v = r.value()[std::size_t(k)];
                    missing += v.isNil() ? 1 : 0;
                    wrong += !v.isNil() && v.bytes() != reshardbench::value(ns[k]) ? 1 : 0;
                }
            };
            streams.push_back(std::move(stream));
        }
        if (!reshardbench::runStreams(streams, 32))
            ++errors;
    }
    out.insert(QStringLiteral("missing"), missing);
    out.insert(QStringLiteral("wrong"), wrong);
    out.insert(QStringLiteral("read_errors"), errors);
    out.insert(QStringLiteral("dbsize"), dbsize);

    if (!beforeFile.isEmpty()) {
        QFile f(beforeFile);
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "bench_reshard_check: cannot read %s\n", qPrintable(beforeFile));
            return 2;
        }
        const QList<QByteArray> before = f.readAll().split('\n');
        std::vector<bool> moved(std::size_t(HashSlot::kSlots), false);
        int movedSlots = 0;
        for (int s = 0; s < HashSlot::kSlots && s < before.size() && !owner.empty(); ++s)
            if (before[s] != owner[std::size_t(s)])
                ++movedSlots, moved[std::size_t(s)] = true;
        qint64 movedKeys = 0;
        for (int s = 0; s < HashSlot::kSlots; ++s)
            movedKeys += moved[std::size_t(s)] ? bySlot[std::size_t(s)].size() : 0;
        out.insert(QStringLiteral("moved_slots"), movedSlots);
        out.insert(QStringLiteral("moved_keys"), movedKeys);
    }
    const bool ok = why.isEmpty() && missing == 0 && wrong == 0 && errors == 0 && dbsize == keys;
    out.insert(QStringLiteral("ok"), ok);
    out.insert(QStringLiteral("check_s"), double(timer.elapsed()) / 1000.0);
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return ok ? 0 : 1;
}

int saveMap(const Endpoint &seed, const QString &file)
{
    Connections connections;
    std::vector<QByteArray> owner;
    QList<Endpoint> masters;
    int open = 0;
    const QString why = agreement(connections, seed, owner, masters, open);
    if (!why.isEmpty()) {
        std::fprintf(stderr, "bench_reshard_check: %s\n", qPrintable(why));
        return 1;
    }
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "bench_reshard_check: cannot write %s\n", qPrintable(file));
        return 2;
    }
    for (const QByteArray &id : owner)
        f.write(id + '\n');
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Checks a cluster for the resharding benchmark."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("ports COUNT | map | verify"));
    parser.addOption({QStringLiteral("cluster"), QStringLiteral("A cluster node."), QStringLiteral("host:port")});
    parser.addOption({QStringLiteral("keys"), QStringLiteral("Number of keys seeded."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("out"), QStringLiteral("map: file to write."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("before"), QStringLiteral("verify: a map saved before the run."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("settle-ms"), QStringLiteral("verify: wait this long for agreement."), QStringLiteral("ms"),
                      QStringLiteral("10000")});
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    const QString command = args.value(0);
    if (command == QLatin1String("ports")) {
        const int count = args.value(1).toInt();
        if (count <= 0) {
            std::fprintf(stderr, "bench_reshard_check ports COUNT\n");
            return 2;
        }
        for (quint16 port : FreePorts::allocate(count))
            std::printf("%u\n", unsigned(port));
        return 0;
    }
    bool ok = false;
    const Endpoint seed = Endpoint::parse(parser.value(QStringLiteral("cluster")), 6379, &ok);
    if (!ok) {
        std::fprintf(stderr, "bench_reshard_check: --cluster HOST:PORT needed\n");
        return 2;
    }
    if (command == QLatin1String("map") && parser.isSet(QStringLiteral("out")))
        return saveMap(seed, parser.value(QStringLiteral("out")));
    const qint64 keys = parser.value(QStringLiteral("keys")).toLongLong();
    if (command == QLatin1String("verify") && keys > 0)
        return verify(seed, keys, parser.value(QStringLiteral("before")), parser.value(QStringLiteral("settle-ms")).toInt());
    parser.showHelp(2);
}
