#pragma once

#include "actions/SentinelSurvey.h"
#include "lab/LabTopology.h"
#include "lab/LocalLab.h"
#include "resp/RedisConnection.h"
#include "resp/RedisResult.h"
#include "resp/RespCommand.h"

#include <QByteArray>
#include <QString>

#include <initializer_list>
#include <memory>
#include <optional>

/**
 * Synchronous helpers for integration tests over a real LocalLab. They spin the event loop
 * (QSignalSpy::wait / QTest::qWaitFor) until the awaited event happens or a deadline passes:
 * they never sleep for a fixed time.
 */
namespace labtest {

/** Starts @p lab and waits for ready() or failed(). False with the lab's own error text. */
bool startLab(ops::LocalLab &lab, const ops::LabSpec &spec, QString &error, int waitMs = 90000);

/**
 * A running lab of @p kind with 3 masters (cluster) and @p replicasPerMaster replicas each, or
 * null after logging why it failed (for QVERIFY(m_lab = startedLab(...)) style fixtures).
 */
std::unique_ptr<ops::LocalLab> startedLab(ops::LabSpec::Kind kind, int replicasPerMaster, int spareNodes = 0);

/**
 * Why the cluster lab is not settled yet, or empty once it is: every node reports
 * cluster_state:ok and knows every node; every node's CLUSTER NODES lists the same nodes with
 * the same role, master, config epoch and slots (none migrating), none flagged
 * fail?/fail/handshake/noaddr or with a disconnected bus link; the masters' config epochs are
 * distinct (Redis's epoch-collision resolution is over, so no epoch changes later); every
 * replica's link is up and synced. LocalLab::ready() guarantees less: a monitor started at
 * ready() may still see some of these settle.
 */
QString clusterUnsettledReason(ops::LocalLab &lab);

/** Waits until clusterUnsettledReason() is empty; false with the last reason after @p waitMs. */
bool waitClusterSettled(ops::LocalLab &lab, QString &why, int waitMs = 30000);

/**
 * Sends @p command and waits for its handler. @p timeoutMs is the command's own deadline
 * (-1: the connection's default); if nothing arrives within @p waitMs the result is a Timeout
 * error saying so (the handler is then dropped with its context).
 */
ops::RedisResult execute(ops::RedisConnection &connection, const ops::RespCommand &command,
                         int timeoutMs = -1, int waitMs = 15000);

/** @p argv sent to @p node of @p lab on a connection of its own (the lab's TLS material), waited for. */
ops::RedisResult on(ops::LocalLab &lab, const ops::Endpoint &node, const QList<QByteArray> &argv);

/** Sends every command of @p commands (pipelined) and waits for all of them; results in order. */
QList<ops::RedisResult> executeAll(ops::RedisConnection &connection, const QList<ops::RespCommand> &commands,
                                   int waitMs = 15000);

/** Opens @p connection and waits for ready() or connectFailed(): Kind::None on success. */
ops::RedisError openAndWait(ops::RedisConnection &connection, int waitMs = 15000);

/** "field:value" in INFO / CLUSTER INFO text; empty when missing or @p result is an error. */
QByteArray infoField(const ops::RedisResult &result, const QByteArray &name);

/** A value of a flat field/value array (SENTINEL MASTER, ACL LOG entries). */
QByteArray pairValue(const ops::RespValue &pairs, const QByteArray &name);

/** Short printable description of a result, for assertion messages. */
QByteArray describe(const ops::RedisResult &result);

/** The master a Sentinel lab's first sentinel names (SENTINEL GET-MASTER-ADDR-BY-NAME); invalid on error. */
ops::Endpoint sentinelMaster(ops::LocalLab &lab);

/**
 * The id a Sentinel lab's history, journal and lease are keyed by, worked out here on its own
 * (not by DeploymentIdentity): `sentinel:<master>/` + the first 12 characters of the lowest
 * SENTINEL MYID of the lab's sentinels; empty when a sentinel does not answer.
 */
QString sentinelDeploymentId(ops::LocalLab &lab);

/**
 * A SentinelSurveyor run over every sentinel of a Sentinel lab (data nodes with the lab's
 * options); nullopt when it did not finish within @p waitMs.
 */
std::optional<ops::SentinelSurvey> surveySentinelLab(ops::LocalLab &lab, int waitMs = 10000);

/** True once no process with @p pid exists: kill(pid, 0) fails with ESRCH. */
bool processGone(qint64 pid);

/**
 * Stops every lab of @p labs that is running (resetting its pointer) and returns the pids of
 * their processes that still exist afterwards: empty when every server stopped.
 */
QList<qint64> stopLabs(std::initializer_list<std::unique_ptr<ops::LocalLab> *> labs);

} // namespace labtest
