#include "SentinelSurveyor.h"

#include "resp/RedisConnection.h"

#include <QSet>

#include <algorithm>

namespace ops {

namespace {
QString errorText(const RedisResult &r) { return r.error().message(); }
} // namespace

SentinelSurveyor::SentinelSurveyor(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options))
{
    qRegisterMetaType<ops::SentinelSurvey>();
    m_survey.masterName = m_options.masterName;
    m_survey.takenAtMs = m_options.nowMs;
}

SentinelSurveyor::~SentinelSurveyor() = default;

RedisConnection *SentinelSurveyor::connectTo(const Endpoint &endpoint, const ConnectionOptions &base)
{
    ConnectionOptions o = base;
    o.endpoint = endpoint;
    o.clientName = QByteArrayLiteral("redis-ops:survey");
    o.connectTimeoutMs = m_options.timeoutMs;
    o.commandTimeoutMs = m_options.timeoutMs;
    o.reconnect.enabled = false; // one attempt: a survey reports what it sees now
    auto *c = new RedisConnection(o, this);
    m_connections << c;
    return c;
}

void SentinelSurveyor::start()
{
    m_survey.sentinels.clear();
    for (const Endpoint &s : std::as_const(m_options.sentinels)) {
        SentinelView v;
        v.sentinel = s;
        m_survey.sentinels << v;
    }
    if (m_survey.sentinels.isEmpty()) {
        sentinelsDone();
        return;
    }
    for (int i = 0; i < m_survey.sentinels.size(); ++i)
        askSentinel(i);
}

void SentinelSurveyor::askSentinel(int index)
{
    RedisConnection *c = connectTo(m_survey.sentinels[index].sentinel, m_options.sentinelOptions);
    const QByteArray name = m_options.masterName;
    m_outstanding += 5;
    // Index, not pointer: the list is not resized while replies come in, but stay safe anyway.
    c->send(RespCommand{"SENTINEL", "MASTER", name}, this, [this, index](const RedisResult &r) {
        SentinelView &v = m_survey.sentinels[index];
        if (!r.ok()) {
            if (v.error.isEmpty())
                v.error = errorText(r);
        } else if (Parsed<SentinelMasterState> m = parseSentinelMaster(r.value()); m.ok()) {
            v.master = m.take();
        } else if (v.error.isEmpty()) {
            v.error = QStringLiteral("SENTINEL MASTER: ") + m.error().toString();
        }
        oneDone();
    });
    c->send(RespCommand{"SENTINEL", "REPLICAS", name}, this, [this, index](const RedisResult &r) {
        SentinelView &v = m_survey.sentinels[index];
        if (r.ok())
            if (Parsed<QList<SentinelReplicaState>> list = parseSentinelReplicas(r.value()); list.ok())
                v.replicas = list.take();
        oneDone();
    });
    c->send(RespCommand{"SENTINEL", "CKQUORUM", name}, this, [this, index](const RedisResult &r) {
        m_survey.sentinels[index].ckquorum = parseCkQuorum(r);
        oneDone();
    });
    // Its peers: the operator may have named only one sentinel; the checks need them all.
    // Their ids too: the deployment id is made of them (SentinelSurvey::identity()).
    c->send(RespCommand{"SENTINEL", "SENTINELS", name}, this, [this, index](const RedisResult &r) {
        if (r.ok())
            if (Parsed<QList<SentinelPeerState>> peers = parseSentinelSentinels(r.value()); peers.ok()) {
                for (const SentinelPeerState &p : peers.value())
                    if (p.port != 0 && !m_peers.contains(Endpoint{p.host, p.port}))
                        m_peers << Endpoint{p.host, p.port};
                m_survey.sentinels[index].peers = peers.take();
            }
        oneDone();
    });
    c->send(RespCommand{"SENTINEL", "MYID"}, this, [this, index](const RedisResult &r) {
        if (r.ok() && r.value().isString())
            m_survey.sentinels[index].myId = r.value().bytes();
        oneDone();
    });
}

void SentinelSurveyor::askDataNode(DataNodeView *view, bool master)
{
    RedisConnection *c = connectTo(view->endpoint, m_options.dataOptions);
    m_outstanding += master ? 3 : 2;
    c->send(RespCommand{"INFO", "replication"}, this, [this, view](const RedisResult &r) {
        if (!r.ok())
            view->error = errorText(r);
        else
            view->replication = InfoReply::parse(r.value().bytes());
        oneDone();
    });
    if (master)
        c->send(RespCommand{"CONFIG", "GET", "min-replicas-to-write"}, this, [this, view](const RedisResult &r) {
            if (r.ok() && r.value().isArray() && r.value().size() == 2)
                view->minReplicasToWrite = r.value()[1].bytes().toInt();
            oneDone();
        });
    c->send(RespCommand{"CLIENT", "LIST"}, this, [this, view](const RedisResult &r) {
        if (r.ok())
            view->actionClients = ActionClient::parse(view->endpoint, r.value().bytes());
        else
            view->clientListError = errorText(r);
        oneDone();
    });
}

void SentinelSurveyor::oneDone()
{
    if (--m_outstanding > 0)
        return;
    if (!m_dataRound) {
        const qsizetype known = m_survey.sentinels.size();
        for (const Endpoint &peer : std::as_const(m_peers)) {
            const bool listed = std::any_of(m_survey.sentinels.begin(), m_survey.sentinels.end(),
                                            [&](const SentinelView &v) { return v.sentinel == peer; });
            if (!listed) {
                SentinelView v;
                v.sentinel = peer;
                m_survey.sentinels << v;
            }
        }
        if (m_survey.sentinels.size() > known) {
            for (qsizetype i = known; i < m_survey.sentinels.size(); ++i)
                askSentinel(int(i));
            return;
        }
        sentinelsDone();
        return;
    }
    for (RedisConnection *c : std::as_const(m_connections))
        c->close();
    emit finished(m_survey);
}

void SentinelSurveyor::sentinelsDone()
{
    m_dataRound = true;
    m_survey.master.endpoint = m_survey.majorityMaster();
    QSet<QString> seen;
    for (const SentinelView &s : std::as_const(m_survey.sentinels))
        for (const SentinelReplicaState &r : s.replicas) {
            const Endpoint e{r.host, r.port};
            if (e.port == 0 || seen.contains(e.toString()) || e == m_survey.master.endpoint)
                continue;
            seen.insert(e.toString());
            DataNodeView v;
            v.endpoint = e;
            m_survey.replicas << v;
        }
    // Pointers into the lists stay valid: nothing is added to them from here on.
    if (m_survey.master.endpoint.isValid())
        askDataNode(&m_survey.master, true);
    else
        m_survey.master.error = QStringLiteral("no sentinel named a master for %1").arg(QString::fromUtf8(m_options.masterName));
    for (DataNodeView &r : m_survey.replicas)
        askDataNode(&r, false);
    if (m_outstanding == 0) {
        m_outstanding = 1;
        QMetaObject::invokeMethod(this, [this] { oneDone(); }, Qt::QueuedConnection);
    }
}

} // namespace ops
