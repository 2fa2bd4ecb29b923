#include "ClusterSurveyor.h"

#include "resp/RedisConnection.h"

#include <algorithm>

namespace ops {

ClusterSurveyor::ClusterSurveyor(Options options, QObject *parent) : QObject(parent), m_options(std::move(options))
{
    qRegisterMetaType<ops::ClusterSurvey>();
    m_survey.takenAtMs = m_options.nowMs;
    m_survey.seeds = m_options.seeds;
}

ClusterSurveyor::~ClusterSurveyor() = default;

void ClusterSurveyor::start()
{
    for (const Endpoint &seed : std::as_const(m_options.seeds)) {
        if (m_survey.node(seed) != nullptr)
            continue;
        ClusterNodeView v;
        v.endpoint = seed;
        m_survey.nodes << v;
    }
    if (m_survey.nodes.isEmpty()) {
        m_outstanding = 1;
        QMetaObject::invokeMethod(this, [this] { oneDone(); }, Qt::QueuedConnection);
        return;
    }
    for (int i = 0; i < m_survey.nodes.size(); ++i)
        ask(i);
}

void ClusterSurveyor::ask(int index)
{
    ConnectionOptions o = m_options.dataOptions;
    o.endpoint = m_survey.nodes[index].endpoint;
    o.clientName = QByteArrayLiteral("redis-ops:survey");
    o.connectTimeoutMs = m_options.timeoutMs;
    o.commandTimeoutMs = m_options.timeoutMs;
    o.reconnect.enabled = false; // one attempt: a survey reports what it sees now
    auto *c = new RedisConnection(o, this);
    m_connections << c;
    m_outstanding += 5;
    // By index: the list grows between rounds (nodes found in CLUSTER NODES).
    auto failed = [this, index](const RedisResult &r, const char *what) {
        ClusterNodeView &v = m_survey.nodes[index];
        if (!r.ok() && v.error.isEmpty())
            v.error = QString::fromLatin1(what) + QStringLiteral(": ") + r.error().message();
        return !r.ok();
    };
    c->send(RespCommand{"CLUSTER", "NODES"}, this, [this, index, failed](const RedisResult &r) {
        if (!failed(r, "CLUSTER NODES")) {
            Parsed<QList<ClusterNodeLine>> lines = parseClusterNodes(r.value().bytes());
            if (lines.ok())
                m_survey.nodes[index].nodes = lines.take();
            else if (m_survey.nodes[index].error.isEmpty())
                m_survey.nodes[index].error = QStringLiteral("CLUSTER NODES: ") + lines.error().toString();
        }
        oneDone();
    });
    c->send(RespCommand{"CLUSTER", "INFO"}, this, [this, index, failed](const RedisResult &r) {
        if (!failed(r, "CLUSTER INFO"))
            m_survey.nodes[index].clusterInfo = InfoReply::parse(r.value().bytes());
        oneDone();
    });
    c->send(RespCommand{"INFO", "replication"}, this, [this, index, failed](const RedisResult &r) {
        if (!failed(r, "INFO replication"))
            m_survey.nodes[index].replication = InfoReply::parse(r.value().bytes());
        oneDone();
    });
    // Not a setting in Redis 7.0 (CLUSTER_MF_TIMEOUT is compiled in): an empty reply, or an
    // error where CONFIG is renamed, leaves -1 and the planner uses the compiled-in value.
    c->send(RespCommand{"CONFIG", "GET", "cluster-manual-failover-timeout"}, this, [this, index](const RedisResult &r) {
        if (r.ok() && r.value().isArray() && r.value().size() == 2)
            m_survey.nodes[index].manualFailoverTimeoutMs = r.value()[1].bytes().toLongLong();
        oneDone();
    });
    c->send(RespCommand{"CLIENT", "LIST"}, this, [this, index](const RedisResult &r) {
        if (r.ok())
            m_survey.nodes[index].actionClients = ActionClient::parse(m_survey.nodes[index].endpoint, r.value().bytes());
        else
            m_survey.nodes[index].clientListError = r.error().message();
        oneDone();
    });
}

void ClusterSurveyor::oneDone()
{
    if (--m_outstanding > 0)
        return;
    // Every node an answering node lists and that was not read yet: another round.
    const qsizetype known = m_survey.nodes.size();
    for (qsizetype i = 0; i < known; ++i)
        for (const ClusterNodeLine &l : std::as_const(m_survey.nodes[i].nodes)) {
            const Endpoint e{l.host, l.port};
            if (!e.isValid() || l.has(ClusterNodeLine::NoAddr) || l.has(ClusterNodeLine::Handshake))
                continue;
            if (m_survey.node(e) != nullptr)
                continue;
            ClusterNodeView v;
            v.endpoint = e;
            m_survey.nodes << v;
        }
    if (m_survey.nodes.size() > known) {
        for (qsizetype i = known; i < m_survey.nodes.size(); ++i)
            ask(int(i));
        return;
    }
    for (RedisConnection *c : std::as_const(m_connections))
        c->close();
    emit finished(m_survey);
}

} // namespace ops
