#include "TopologyDiff.h"

#include <QJsonArray>

namespace ops {

namespace {

class DiffBuilder
{
public:
    DiffBuilder(const TopologySnapshot &before, const TopologySnapshot &after)
        : m_before(before)
        , m_after(after)
    {
    }

    OpsEvents run()
    {
        m_beforeIndex.reserve(m_before.nodes.size() + m_before.sentinels.size());
        m_afterIndex.reserve(m_after.nodes.size() + m_after.sentinels.size());
        for (const QList<Node> *list : {&m_before.nodes, &m_before.sentinels})
            for (const Node &n : *list)
                m_beforeIndex.insert(n.id, &n);
        for (const QList<Node> *list : {&m_after.nodes, &m_after.sentinels})
            for (const Node &n : *list)
                m_afterIndex.insert(n.id, &n);
        for (const QList<Node> *list : {&m_after.nodes, &m_after.sentinels}) {
            for (const Node &n : *list) {
                const Node *old = m_beforeIndex.value(n.id);
                if (old == nullptr)
                    nodeAdded(n);
                else
                    nodeChanged(*old, n);
            }
        }
        for (const QList<Node> *list : {&m_before.nodes, &m_before.sentinels})
            for (const Node &gone : *list)
                if (!m_afterIndex.contains(gone.id))
                    add(OpsEvent::Kind::NodeRemoved, OpsEvent::Severity::Warning, gone,
                        QStringLiteral("%1 %2 left the deployment").arg(Node::roleName(gone.role), label(gone)));
        slotChanges();
        clusterState();
        sentinelViews();
        return std::move(m_events);
    }

private:
    static QString label(const Node &n)
    {
        const QString address = n.endpoint.toString();
        return n.id == address || n.id.isEmpty() ? address : QStringLiteral("%1 (%2)").arg(address, n.id.left(8));
    }

    const Node *find(const QString &id) const
    {
        const Node *n = m_afterIndex.value(id);
        return n != nullptr ? n : m_beforeIndex.value(id);
    }

    QString labelOf(const QString &id) const
    {
        const Node *n = find(id);
        return n != nullptr ? label(*n) : id.left(8);
    }

    QString addressOf(const QString &id) const
    {
        const Node *n = find(id);
        return n != nullptr ? n->endpoint.toString() : QString();
    }

    OpsEvent &add(OpsEvent::Kind kind, OpsEvent::Severity severity, const Node &n, const QString &message)
    {
        OpsEvent e;
        e.timestampMs = m_after.timestampMs;
        e.deploymentId = m_after.deploymentId;
        e.kind = kind;
        e.severity = severity;
        e.source = OpsEvent::Source::Poll;
        e.nodeId = n.id;
        e.endpoint = n.endpoint.toString();
        e.message = message;
        m_events.append(e);
        return m_events.last();
    }

    void nodeAdded(const Node &n)
    {
        OpsEvent &e = add(OpsEvent::Kind::NodeAdded, OpsEvent::Severity::Info, n,
                          QStringLiteral("%1 %2 joined").arg(Node::roleName(n.role), label(n)));
        e.details.insert(QStringLiteral("role"), Node::roleName(n.role));
    }

    void flagChange(const Node &old, const Node &n, Node::Flag flag, OpsEvent::Kind setKind, OpsEvent::Kind clearKind,
                    OpsEvent::Severity severity, const QString &setText, const QString &clearText)
    {
        if (old.has(flag) == n.has(flag))
            return;
        if (n.has(flag))
            add(setKind, severity, n, setText.arg(label(n)));
        else
            add(clearKind, OpsEvent::Severity::Info, n, clearText.arg(label(n)));
    }

    void nodeChanged(const Node &old, const Node &n)
    {
        if (old.role != n.role && old.role != Node::Role::Unknown && n.role != Node::Role::Unknown) {
            if (n.role == Node::Role::Master) {
                OpsEvent &e = add(OpsEvent::Kind::Promoted, OpsEvent::Severity::Warning, n,
                                  QStringLiteral("%1 was promoted to master").arg(label(n)));
                e.details.insert(QStringLiteral("oldMaster"), old.masterId);
                e.details.insert(QStringLiteral("oldMasterAddress"), addressOf(old.masterId));
                e.details.insert(QStringLiteral("newMaster"), n.id);
                e.details.insert(QStringLiteral("newMasterAddress"), n.endpoint.toString());
                e.details.insert(QStringLiteral("configEpoch"), qint64(n.configEpoch));
            } else if (old.role == Node::Role::Master) {
                OpsEvent &e = add(OpsEvent::Kind::Demoted, OpsEvent::Severity::Warning, n,
                                  QStringLiteral("%1 was demoted to replica of %2").arg(label(n), labelOf(n.masterId)));
                e.details.insert(QStringLiteral("oldMaster"), n.id);
                e.details.insert(QStringLiteral("oldMasterAddress"), n.endpoint.toString());
                e.details.insert(QStringLiteral("newMaster"), n.masterId);
                e.details.insert(QStringLiteral("newMasterAddress"), addressOf(n.masterId));
            }
        } else if (n.isReplica() && old.isReplica() && old.masterId != n.masterId && !n.masterId.isEmpty()) {
            OpsEvent &e = add(OpsEvent::Kind::MasterChanged, OpsEvent::Severity::Info, n,
                              QStringLiteral("%1 now replicates %2").arg(label(n), labelOf(n.masterId)));
            e.details.insert(QStringLiteral("oldMaster"), old.masterId);
            e.details.insert(QStringLiteral("newMaster"), n.masterId);
        }
        flagChange(old, n, Node::PFail, OpsEvent::Kind::PFailSet, OpsEvent::Kind::PFailCleared,
                   OpsEvent::Severity::Warning, QStringLiteral("%1 is suspected down (pfail)"),
                   QStringLiteral("%1 is no longer suspected (pfail cleared)"));
        flagChange(old, n, Node::Fail, OpsEvent::Kind::FailSet, OpsEvent::Kind::FailCleared,
                   OpsEvent::Severity::Critical, QStringLiteral("%1 is marked FAIL by the cluster"),
                   QStringLiteral("%1 FAIL flag cleared"));
        flagChange(old, n, Node::Stale, OpsEvent::Kind::NodeStale, OpsEvent::Kind::NodeRecovered,
                   OpsEvent::Severity::Warning, QStringLiteral("%1 stopped answering the console"),
                   QStringLiteral("%1 answers again"));
        if (old.configEpoch != n.configEpoch && n.configEpoch != 0 && old.configEpoch != 0) {
            OpsEvent &e = add(OpsEvent::Kind::ConfigEpochChanged, OpsEvent::Severity::Info, n,
                              QStringLiteral("%1 config epoch %2 -> %3").arg(label(n)).arg(old.configEpoch).arg(n.configEpoch));
            e.details.insert(QStringLiteral("oldEpoch"), qint64(old.configEpoch));
            e.details.insert(QStringLiteral("newEpoch"), qint64(n.configEpoch));
        }
        if (n.isReplica() && old.isReplica() && old.masterLinkUp >= 0 && n.masterLinkUp >= 0
            && old.masterLinkUp != n.masterLinkUp) {
            if (n.masterLinkUp == 0)
                add(OpsEvent::Kind::ReplicationLinkDown, OpsEvent::Severity::Warning, n,
                    QStringLiteral("%1 lost its link to master %2").arg(label(n), labelOf(n.masterId)));
            else
                add(OpsEvent::Kind::ReplicationLinkUp, OpsEvent::Severity::Info, n,
                    QStringLiteral("%1 link to master %2 is up").arg(label(n), labelOf(n.masterId)));
        }
    }

    void ownerChanged(int first, int last, const QString &from, const QString &to)
    {
        const Node *subject = m_afterIndex.value(to.isEmpty() ? from : to);
        Node placeholder;
        placeholder.id = to.isEmpty() ? from : to;
        const SlotRange range{first, last};
        OpsEvent &e = add(OpsEvent::Kind::SlotOwnerChanged, to.isEmpty() ? OpsEvent::Severity::Critical : OpsEvent::Severity::Info,
                          subject != nullptr ? *subject : placeholder,
                          to.isEmpty() ? QStringLiteral("slots %1 are no longer covered (were %2)").arg(range.toString(), labelOf(from))
                          : from.isEmpty() ? QStringLiteral("slots %1 are now served by %2").arg(range.toString(), labelOf(to))
                                           : QStringLiteral("slots %1 moved %2 -> %3").arg(range.toString(), labelOf(from), labelOf(to)));
        e.details.insert(QStringLiteral("slots"), range.toString());
        e.details.insert(QStringLiteral("count"), range.count());
        e.details.insert(QStringLiteral("from"), from);
        e.details.insert(QStringLiteral("to"), to);
    }

    void slotChanges()
    {
        if (!m_before.slotMap || !m_after.slotMap)
            return;
        const SlotMap &a = *m_before.slotMap;
        const SlotMap &b = *m_after.slotMap;
        // Owner indexes differ between maps: translate a's indexes to b's once, then compare ints.
        QList<int> translate(a.owners().size(), -2);
        for (qsizetype i = 0; i < a.owners().size(); ++i)
            translate[i] = b.indexOfOwner(a.owners().at(i));
        int runStart = -1;
        int runFrom = -1, runTo = -1;
        auto flush = [&](int end) {
            if (runStart >= 0)
                ownerChanged(runStart, end, runFrom >= 0 ? a.owners().at(runFrom) : QString(),
                             runTo >= 0 ? b.owners().at(runTo) : QString());
            runStart = -1;
        };
        for (int s = 0; s < kSlotCount; ++s) {
            const int from = a.ownerIndex(s);
            const int to = b.ownerIndex(s);
            const bool changed = (from < 0 ? -1 : translate.at(from)) != to;
            if (changed && runStart >= 0 && from == runFrom && to == runTo)
                continue;
            flush(s - 1);
            if (changed) {
                runStart = s;
                runFrom = from;
                runTo = to;
            }
        }
        flush(kSlotCount - 1);
        migrationChanges(a, b);
    }

    void migrationChanges(const SlotMap &a, const SlotMap &b)
    {
        const QList<SlotMap::Migration> before = a.migrations();
        const QList<SlotMap::Migration> after = b.migrations();
        auto describe = [this](const SlotMap::Migration &m) {
            return QStringLiteral("slot %1 %2 -> %3").arg(m.slot).arg(labelOf(m.source), labelOf(m.target));
        };
        auto details = [](OpsEvent &e, const SlotMap::Migration &m) {
            e.details.insert(QStringLiteral("slot"), m.slot);
            e.details.insert(QStringLiteral("source"), m.source);
            e.details.insert(QStringLiteral("target"), m.target);
            e.details.insert(QStringLiteral("migrating"), m.migratingSeen);
            e.details.insert(QStringLiteral("importing"), m.importingSeen);
        };
        for (const SlotMap::Migration &m : after) {
            const SlotMap::Migration *old = a.migration(m.slot);
            if (old == nullptr || old->source != m.source || old->target != m.target) {
                Node subject;
                subject.id = m.source;
                if (const Node *n = m_afterIndex.value(m.source))
                    subject = *n;
                OpsEvent &e = add(OpsEvent::Kind::MigrationStarted, OpsEvent::Severity::Info, subject,
                                  QStringLiteral("migration started: %1").arg(describe(m)));
                details(e, m);
            }
        }
        for (const SlotMap::Migration &m : before) {
            const SlotMap::Migration *now = b.migration(m.slot);
            if (now == nullptr || now->source != m.source || now->target != m.target) {
                Node subject;
                subject.id = m.source;
                if (const Node *n = m_afterIndex.value(m.source))
                    subject = *n;
                OpsEvent &e = add(OpsEvent::Kind::MigrationFinished, OpsEvent::Severity::Info, subject,
                                  QStringLiteral("migration finished: %1, now owned by %2")
                                      .arg(describe(m), labelOf(b.ownerOf(m.slot))));
                details(e, m);
                e.details.insert(QStringLiteral("owner"), b.ownerOf(m.slot));
            }
        }
    }

    void clusterState()
    {
        if (m_before.clusterState.isEmpty() || m_after.clusterState.isEmpty()
            || m_before.clusterState == m_after.clusterState)
            return;
        Node cluster;
        cluster.id = m_after.deploymentId;
        const bool ok = m_after.clusterState == "ok";
        OpsEvent &e = add(OpsEvent::Kind::ClusterStateChanged, ok ? OpsEvent::Severity::Info : OpsEvent::Severity::Critical,
                          cluster, QStringLiteral("cluster state %1 -> %2")
                                       .arg(QString::fromLatin1(m_before.clusterState), QString::fromLatin1(m_after.clusterState)));
        e.nodeId.clear();
        e.endpoint.clear();
        e.details.insert(QStringLiteral("from"), QString::fromLatin1(m_before.clusterState));
        e.details.insert(QStringLiteral("to"), QString::fromLatin1(m_after.clusterState));
    }

    void sentinelViews()
    {
        const bool was = !m_before.sentinelMasterViews.isEmpty();
        const bool is = !m_after.sentinelMasterViews.isEmpty();
        if (was == is && m_before.sentinelMasterViews == m_after.sentinelMasterViews)
            return;
        if (!is && !was)
            return;
        Node subject;
        subject.id = m_after.masterName;
        OpsEvent &e = add(OpsEvent::Kind::SentinelDisagreement, is ? OpsEvent::Severity::Warning : OpsEvent::Severity::Info,
                          subject, is ? QStringLiteral("sentinels disagree about the master of %1").arg(m_after.masterName)
                                      : QStringLiteral("sentinels agree again about the master of %1").arg(m_after.masterName));
        e.nodeId.clear();
        e.endpoint.clear();
        QJsonObject views;
        for (auto it = m_after.sentinelMasterViews.cbegin(); it != m_after.sentinelMasterViews.cend(); ++it)
            views.insert(it.key(), it.value());
        e.details.insert(QStringLiteral("state"), is ? QStringLiteral("disagree") : QStringLiteral("agree"));
        e.details.insert(QStringLiteral("views"), views);
    }

    const TopologySnapshot &m_before;
    const TopologySnapshot &m_after;
    QHash<QString, const Node *> m_beforeIndex;
    QHash<QString, const Node *> m_afterIndex;
    OpsEvents m_events;
};

} // namespace

OpsEvents TopologyDiff::diff(const TopologySnapshot &before, const TopologySnapshot &after)
{
    return DiffBuilder(before, after).run();
}

} // namespace ops
