#include "FaultInjector.h"

#include "LabProcess.h"
#include "LocalLab.h"
#include "core/Logging.h"
#include "resp/RedisConnection.h"

#include <csignal>

namespace ops {

namespace {
auto log() { return Logging::get("lab"); }
}

FaultInjector::FaultInjector(LocalLab *lab, QObject *parent)
    : QObject(parent), m_lab(lab)
{
}

bool FaultInjector::kill(const Endpoint &node)
{
    LabProcess *p = m_lab->process(node);
    log()->info("fault: kill -9 {}", node.toString().toStdString());
    return p != nullptr && p->signal(SIGKILL);
}

bool FaultInjector::freeze(const Endpoint &node)
{
    LabProcess *p = m_lab->process(node);
    log()->info("fault: SIGSTOP {}", node.toString().toStdString());
    return p != nullptr && p->signal(SIGSTOP);
}

bool FaultInjector::thaw(const Endpoint &node)
{
    LabProcess *p = m_lab->process(node);
    log()->info("fault: SIGCONT {}", node.toString().toStdString());
    return p != nullptr && p->signal(SIGCONT);
}

bool FaultInjector::restart(const Endpoint &node, QString *error)
{
    LabProcess *p = m_lab->process(node);
    if (p == nullptr || p->isRunning()) {
        if (error)
            *error = p == nullptr ? QStringLiteral("%1 is not a lab node").arg(node.toString())
                                  : QStringLiteral("%1 is still running").arg(node.toString());
        return false;
    }
    log()->info("fault: restarting {}", node.toString().toStdString());
    const bool ok = p->start();
    if (!ok && error)
        *error = p->error();
    return ok;
}

void FaultInjector::run(const Endpoint &node, QList<QList<QByteArray>> commands, Done done)
{
    RedisConnection *c = m_lab->control(node);
    if (c == nullptr)
        return done(QStringLiteral("%1 is not a lab node").arg(node.toString()));
    auto remaining = std::make_shared<qsizetype>(commands.size());
    auto firstError = std::make_shared<QString>();
    for (const QList<QByteArray> &cmd : commands)
        c->send(RespCommand(cmd), this, [remaining, firstError, done](const RedisResult &r) {
            if (!r.ok() && firstError->isEmpty())
                *firstError = r.error().message();
            if (--*remaining == 0)
                done(*firstError);
        });
}

void FaultInjector::debugSleep(const Endpoint &node, double seconds, Done done)
{
    // The reply to DEBUG SLEEP only comes after the sleep; report once it is on the wire instead.
    RedisConnection *c = m_lab->control(node);
    if (c == nullptr)
        return done(QStringLiteral("%1 is not a lab node").arg(node.toString()));
    log()->info("fault: DEBUG SLEEP {} on {}", seconds, node.toString().toStdString());
    c->send(RespCommand{"DEBUG", "SLEEP", QByteArray::number(seconds, 'f', 3)}, this, [](const RedisResult &) {},
            int(seconds * 1000) + 5000);
    done({});
}

void FaultInjector::clientPause(const Endpoint &node, int milliseconds, bool writesOnly, Done done)
{
    log()->info("fault: CLIENT PAUSE {} ms on {}", milliseconds, node.toString().toStdString());
    run(node, {{"CLIENT", "PAUSE", QByteArray::number(milliseconds), writesOnly ? "WRITE" : "ALL"}}, std::move(done));
}

void FaultInjector::breakReplication(const Endpoint &replica, Done done)
{
    log()->info("fault: breaking replication of {}", replica.toString().toStdString());
    run(replica, {{"CONFIG", "SET", "masterauth", "redis-ops-lab-broken-link"}, {"CLIENT", "KILL", "TYPE", "master"}},
        std::move(done));
}

void FaultInjector::restoreReplication(const Endpoint &replica, Done done)
{
    log()->info("fault: restoring replication of {}", replica.toString().toStdString());
    run(replica, {{"CONFIG", "SET", "masterauth", ""}}, std::move(done));
}

} // namespace ops
