#include "MembershipCommand.h"

#include "actions/ClusterSurveyor.h"
#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "reshard/MembershipPlanner.h"
#include "resp/RedisConnection.h"

namespace ops {

MembershipCommand::MembershipCommand(MembershipPlan::Kind kind) : m_kind(kind) {}

MembershipCommand::~MembershipCommand() = default;

void MembershipCommand::run(const QStringList &args)
{
    const bool add = m_kind == MembershipPlan::Kind::Add;
    QCommandLineParser parser;
    prepare(parser, add ? QStringLiteral("Add an empty node to a Redis Cluster (CLUSTER MEET), as an empty master or a replica "
                                         "(CLUSTER REPLICATE), verified when every member lists it.")
                        : QStringLiteral("Remove a node that owns no slot from a Redis Cluster: CLUSTER FORGET on every other "
                                         "member at once, CLUSTER RESET SOFT on the node, verified when no member lists it."));
    parser.addPositionalArgument(QStringLiteral("node"), add ? QStringLiteral("The new node, host:port.")
                                                             : QStringLiteral("The node: id, unique id prefix or host:port."));
    if (add)
        parser.addOption({QStringLiteral("replica-of"), QStringLiteral("Make it a replica of this master."), QStringLiteral("node")});
    addClusterOptions(parser);
    if (!parseArguments(parser, args) || !readClusterOptions(parser))
        return;
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("name one node"), parser.helpText());
    m_node = parser.positionalArguments().first();
    if (add)
        m_replicaOf = parser.value(QStringLiteral("replica-of"));
    bool ok = false;
    const Endpoint newNode = add ? Endpoint::parse(m_node, 6379, &ok) : Endpoint{};
    if (add && !ok)
        return usageError(QStringLiteral("bad address: %1").arg(m_node), parser.helpText());

    auto survey = [this](const QList<Endpoint> &seeds, std::function<void(const ClusterSurvey &)> done) {
        ClusterSurveyor::Options o;
        o.seeds = seeds;
        o.dataOptions = m_options;
        o.timeoutMs = m_options.connectTimeoutMs;
        o.nowMs = Clock::system()->wallMs();
        auto *s = new ClusterSurveyor(o, this);
        connect(s, &ClusterSurveyor::finished, this, [s, done](const ClusterSurvey &r) {
            s->deleteLater();
            done(r);
        });
        ++m_waiting;
        s->start();
    };
    survey({m_options.endpoint}, [this](const ClusterSurvey &s) {
        m_cluster = s;
        surveyed();
    });
    if (!add)
        return;
    survey({newNode}, [this, newNode](const ClusterSurvey &s) {
        m_newNode = s.nodes.value(0);
        m_newNode.endpoint = newNode;
        surveyed();
    });
    ConnectionOptions o = m_options;
    o.endpoint = newNode;
    o.reconnect.enabled = false;
    auto *c = new RedisConnection(o, this);
    ++m_waiting;
    c->send(RespCommand{"DBSIZE"}, this, [this, c](const RedisResult &r) {
        if (r.ok() && r.value().isInteger())
            m_newNodeKeys = r.value().integer();
        c->deleteLater();
        surveyed();
    });
}

void MembershipCommand::surveyed()
{
    if (--m_waiting > 0)
        return;
    if (!someNodeAnswered(m_cluster))
        return;
    m_plan = m_kind == MembershipPlan::Kind::Add ? MembershipPlanner::planAdd(m_cluster, m_newNode, m_newNodeKeys, m_replicaOf)
                                                 : MembershipPlanner::planRemove(m_cluster, m_node);
    if (m_kind == MembershipPlan::Kind::Remove)
        warnUnfinished([this](const OperationRecord &op) { return op.deploymentId == m_plan.deploymentId; });
    proceed(m_plan.describe(), m_plan.toJson(), m_plan.checks, m_plan.allowed());
}

bool MembershipCommand::confirmed()
{
    if (!mayConfirm())
        return false;
    const QString address = m_plan.node.toString();
    return m_yes
        || ask(QStringLiteral("Type the node's address (%1) to %2 it: ")
                   .arg(address, m_kind == MembershipPlan::Kind::Add ? QStringLiteral("add") : QStringLiteral("remove")),
               address);
}

void MembershipCommand::execute()
{
    const QString mode = m_plan.replicaOf ? QStringLiteral("replica")
        : m_kind == MembershipPlan::Kind::Add ? QStringLiteral("master")
                                              : QStringLiteral("forget");
    auto *executor = new MembershipExecutor(
        m_plan,
        startClusterOperation(MembershipPlan::kindName(m_kind), m_plan.deploymentId, m_plan.node.toString(), mode, m_plan.toJson()),
        30000, this);
    connect(executor, &MembershipExecutor::phaseChanged, this, [this](const QString &text) { showPhase(text); });
    connect(executor, &MembershipExecutor::finished, this, [this](const MembershipExecutor::Result &r) {
        endOperation(r.state, r.outcome, r.details, QStringLiteral("confirmation to verified: %1 ms").arg(r.totalMs));
    });
    stopOnInterrupt([executor](const QString &reason) { executor->cancel(reason); });
    executor->start();
}

} // namespace ops
