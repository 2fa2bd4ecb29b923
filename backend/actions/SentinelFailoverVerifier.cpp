#include "SentinelFailoverVerifier.h"

#include "OperationRunner.h"
#include "core/Clock.h"
#include "discovery/RoleReply.h"

namespace ops {

SentinelFailoverVerifier::SentinelFailoverVerifier(Target target, OperationRunner *runner, QObject *parent)
    : QObject(parent), m_target(std::move(target)), m_runner(runner)
{
}

void SentinelFailoverVerifier::start(qint64 timeoutMs, qint64 intervalMs)
{
    m_deadline = m_runner->clock()->monotonicMs() + timeoutMs;
    m_interval = intervalMs;
    poll();
}

void SentinelFailoverVerifier::poll()
{
    m_missing.clear();
    m_oldFollowing = false;
    const QString newMaster = m_target.newMaster.toString();
    auto expectReplica = [this, newMaster](const Endpoint &node, bool isOldMaster) {
        ++m_outstanding;
        m_runner->read(node, false, RespCommand{"ROLE"}, [this, node, newMaster, isOldMaster](const RedisResult &r) {
            const Parsed<RoleInfo> role = r.ok() ? parseRole(r.value()) : Parsed<RoleInfo>(ParseError{});
            const bool follows = role.ok() && role.value().role == RoleInfo::Role::Replica
                && Endpoint{role.value().masterHost, role.value().masterPort} == m_target.newMaster
                && role.value().linkState == "connected";
            if (isOldMaster && follows) {
                m_oldFollowing = true;
                if (m_oldMasterFollowingAt < 0)
                    m_oldMasterFollowingAt = m_runner->clock()->monotonicMs();
            }
            if (!follows && (!isOldMaster || m_target.requireOldMasterFollowing))
                m_missing << QStringLiteral("%1 does not replicate %2 yet (%3)")
                                 .arg(node.toString(), newMaster,
                                      r.ok() ? r.value().toDisplayString().left(80) : r.error().message());
            settle();
        });
    };
    for (const Endpoint &s : std::as_const(m_target.sentinels)) {
        ++m_outstanding;
        m_runner->read(s, true, RespCommand{"SENTINEL", "GET-MASTER-ADDR-BY-NAME", m_target.masterName},
                       [this, s, newMaster](const RedisResult &r) {
                           QString named;
                           if (r.ok() && r.value().isArray() && r.value().size() == 2)
                               named = Endpoint{QString::fromUtf8(r.value()[0].bytes()),
                                                r.value()[1].bytes().toUShort()}.toString();
                           if (named != newMaster)
                               m_missing << QStringLiteral("sentinel %1 names %2")
                                                .arg(s.toString(), r.ok() ? (named.isEmpty() ? QStringLiteral("nothing") : named)
                                                                          : r.error().message());
                           settle();
                       });
    }
    ++m_outstanding;
    m_runner->read(m_target.newMaster, false, RespCommand{"ROLE"}, [this, newMaster](const RedisResult &r) {
        const Parsed<RoleInfo> role = r.ok() ? parseRole(r.value()) : Parsed<RoleInfo>(ParseError{});
        if (!role.ok() || role.value().role != RoleInfo::Role::Master)
            m_missing << QStringLiteral("%1 is not master yet").arg(newMaster);
        settle();
    });
    for (const Endpoint &r : std::as_const(m_target.otherReplicas))
        expectReplica(r, false);
    if (m_target.oldMaster.isValid())
        expectReplica(m_target.oldMaster, true);
}

void SentinelFailoverVerifier::settle()
{
    if (--m_outstanding > 0 || m_done)
        return;
    Clock *clock = m_runner->clock();
    const qint64 now = clock->monotonicMs();
    if (m_missing.isEmpty() && m_verifiedAt < 0)
        m_verifiedAt = now;
    const bool oldMasterSettled = m_oldFollowing || !m_target.oldMaster.isValid();
    if (m_verifiedAt >= 0 && oldMasterSettled) {
        m_done = true;
        emit finished(true, {});
        return;
    }
    if (now + m_interval > m_deadline) {
        m_done = true;
        if (m_verifiedAt >= 0)
            emit finished(true, {});
        else
            emit finished(false, m_missing.join(QStringLiteral("; ")));
        return;
    }
    clock->callAfter(m_interval, this, [this] { poll(); });
}

} // namespace ops
