#include "ClusterFailoverVerifier.h"

#include "OperationRunner.h"
#include "core/Clock.h"
#include "discovery/ClusterNodesParser.h"
#include "discovery/RoleReply.h"

namespace ops {

namespace {
constexpr qint64 kOldMasterGraceMs = 3000; // after verification, how long to watch for the old master's return
} // namespace

ClusterFailoverVerifier::ClusterFailoverVerifier(Target target, OperationRunner *runner, QObject *parent)
    : QObject(parent), m_target(std::move(target)), m_runner(runner)
{
    qRegisterMetaType<ops::ClusterFailoverVerifier::Outcome>();
}

void ClusterFailoverVerifier::start(qint64 timeoutMs, qint64 intervalMs)
{
    m_deadline = m_runner->clock()->monotonicMs() + timeoutMs;
    m_interval = intervalMs;
    poll();
}

void ClusterFailoverVerifier::poll()
{
    m_missing.clear();
    m_roleMaster = m_roleReplica = m_oldFlaggedFail = m_oldFollowing = false;
    m_agreeing = 0;
    m_pollEpoch = -1;
    const QString newMaster = m_target.newMaster.toString();
    const int timeout = int(std::max<qint64>(500, m_interval * 5));

    ++m_outstanding;
    m_runner->read(m_target.newMaster, false, RespCommand{"ROLE"}, [this, newMaster](const RedisResult &r) {
        const Parsed<RoleInfo> role = r.ok() ? parseRole(r.value()) : Parsed<RoleInfo>(ParseError{});
        m_roleMaster = role.ok() && role.value().role == RoleInfo::Role::Master;
        m_roleReplica = role.ok() && role.value().role == RoleInfo::Role::Replica;
        if (!m_roleMaster)
            m_missing << QStringLiteral("ROLE of %1: %2").arg(newMaster, r.ok() ? r.value().toDisplayString().left(60)
                                                                              : r.error().message());
        settle();
    }, timeout);

    for (const Endpoint &o : std::as_const(m_target.observers)) {
        ++m_outstanding;
        m_runner->read(o, false, RespCommand{"CLUSTER", "NODES"}, [this, o, newMaster](const RedisResult &r) {
            Parsed<QList<ClusterNodeLine>> lines = r.ok() ? parseClusterNodes(r.value().bytes())
                                                          : Parsed<QList<ClusterNodeLine>>(ParseError{});
            if (!lines.ok()) {
                // An observer that does not answer (the old master, down) does not vote.
                if (o == m_target.newMaster)
                    m_missing << QStringLiteral("%1 does not answer CLUSTER NODES").arg(o.toString());
                return settle();
            }
            bool agrees = false;
            for (const ClusterNodeLine &l : lines.value()) {
                if (l.id == m_target.newMasterId) {
                    agrees = l.isMaster() && l.slotCount() > 0 && qint64(l.configEpoch) > m_target.configEpochBefore;
                    if (agrees)
                        m_pollEpoch = std::max(m_pollEpoch, qint64(l.configEpoch));
                } else if (l.id == m_target.oldMasterId) {
                    m_oldFlaggedFail = m_oldFlaggedFail || l.has(ClusterNodeLine::Fail);
                } else if (m_target.otherReplicaIds.contains(l.id) && l.isMaster() && l.slotCount() > 0
                           && qint64(l.configEpoch) > m_target.configEpochBefore) {
                    m_promotedInstead = Endpoint{l.host, l.port};
                }
            }
            if (agrees)
                ++m_agreeing;
            else
                m_missing << QStringLiteral("%1 does not list %2 as a master with slots and an epoch above %3 yet")
                                 .arg(o.toString(), newMaster)
                                 .arg(m_target.configEpochBefore);
            settle();
        }, timeout);
    }

    if (m_target.oldMaster.isValid() && m_target.requireOldMasterFollowing) {
        ++m_outstanding;
        readOldMaster(timeout, true);
    } else if (m_target.oldMaster.isValid() && !m_oldMasterReadInFlight) {
        // Not required (FORCE / TAKEOVER: it may be down or frozen): read on the side, so a
        // node that does not answer never slows the polls of the others.
        m_oldMasterReadInFlight = true;
        readOldMaster(timeout, false);
    }
}

void ClusterFailoverVerifier::readOldMaster(int timeoutMs, bool counted)
{
    m_runner->read(m_target.oldMaster, false, RespCommand{"ROLE"}, [this, counted](const RedisResult &r) {
        const Parsed<RoleInfo> role = r.ok() ? parseRole(r.value()) : Parsed<RoleInfo>(ParseError{});
        const bool following = role.ok() && role.value().role == RoleInfo::Role::Replica
            && Endpoint{role.value().masterHost, role.value().masterPort} == m_target.newMaster;
        m_oldAnswered = r.ok();
        if (following && m_oldMasterFollowingAt < 0)
            m_oldMasterFollowingAt = m_runner->clock()->monotonicMs();
        if (!counted) {
            m_oldMasterReadInFlight = false;
            return;
        }
        m_oldFollowing = following;
        if (!following)
            m_missing << QStringLiteral("the old master %1 does not replicate %2 yet")
                             .arg(m_target.oldMaster.toString(), m_target.newMaster.toString());
        settle();
    }, timeoutMs);
}

void ClusterFailoverVerifier::settle()
{
    if (--m_outstanding > 0 || m_done)
        return;
    Clock *clock = m_runner->clock();
    const qint64 now = clock->monotonicMs();
    if (m_promotedInstead.isValid() && !m_roleMaster)
        return done(Outcome::Overtaken, QStringLiteral("%1 was promoted instead of %2")
                                            .arg(m_promotedInstead.toString(), m_target.newMaster.toString()));
    if (m_roleMaster && m_promotedAt < 0) {
        m_promotedAt = now;
        m_oldMasterFailedAtPromotion = m_oldFlaggedFail;
    }
    if (m_agreeing < m_target.minAgreeing)
        m_missing << QStringLiteral("%1 node(s) agree, %2 needed").arg(m_agreeing).arg(m_target.minAgreeing);
    if (m_missing.isEmpty() && m_verifiedAt < 0) {
        m_verifiedAt = now;
        m_epochAfter = m_pollEpoch;
    }
    // Once verified, keep watching a little for the old master's return (it is reported, not required).
    const bool oldMasterSettled = m_oldMasterFollowingAt >= 0 || !m_target.oldMaster.isValid() || !m_oldAnswered
        || (m_verifiedAt >= 0 && now - m_verifiedAt > kOldMasterGraceMs);
    if (m_verifiedAt >= 0 && oldMasterSettled)
        return done(Outcome::Verified, {});
    if (now + m_interval > m_deadline) {
        if (m_verifiedAt >= 0)
            return done(Outcome::Verified, {});
        if (m_roleReplica)
            return done(Outcome::StillReplica, m_missing.join(QStringLiteral("; ")));
        return done(Outcome::NotAgreed, m_missing.join(QStringLiteral("; ")));
    }
    clock->callAfter(m_interval, this, [this] { poll(); });
}

void ClusterFailoverVerifier::done(Outcome outcome, const QString &detail)
{
    m_done = true;
    emit finished(outcome, detail);
}

} // namespace ops
