#pragma once
// Shared by the RedisConnection integration tests (header-only): one standalone lab node with an
// admin connection, options for the connections under test, typed-error helpers for QCOMPARE.

#include "LabFixture.h"
#include "lab/LocalLab.h"
#include "resp/RedisConnection.h"

#include <QFile>
#include <QtTest>

#include <memory>

namespace ops {
/** QCOMPARE prints error kinds by name. */
inline char *toString(RedisError::Kind kind)
{
    return qstrdup(RedisError::kindName(kind));
}
} // namespace ops

namespace nodetest {

using Kind = ops::RedisError::Kind;

inline Kind kindOf(const ops::RedisResult &r)
{
    return r.error().kind();
}

/** VmHWM (peak resident set) of this process, in bytes; 0 if unknown. */
inline qint64 peakRssBytes()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines)
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    return 0;
}

/** A standalone lab node (no replicas) and a ready admin connection to it. */
struct StandaloneNode
{
    std::unique_ptr<ops::LocalLab> lab;
    ops::Endpoint node;
    std::unique_ptr<ops::RedisConnection> admin;
    QByteArray clientName;

    bool start(const QByteArray &name, QString &error)
    {
        clientName = name;
        lab = std::make_unique<ops::LocalLab>();
        ops::LabSpec spec;
        spec.kind = ops::LabSpec::Kind::Standalone;
        spec.replicasPerMaster = 0;
        if (!labtest::startLab(*lab, spec, error))
            return false;
        const QList<ops::LabNode> masters = lab->topology().nodesWithRole(ops::LabNode::Role::Master);
        if (masters.size() != 1) {
            error = QStringLiteral("expected one master, the lab has %1").arg(masters.size());
            return false;
        }
        node = masters.first().endpoint;
        admin = std::make_unique<ops::RedisConnection>(options());
        const ops::RedisError e = labtest::openAndWait(*admin);
        error = e.message();
        return !e.isError();
    }

    /** Options for a connection to the node: quick reconnects, named for CLIENT LIST. */
    ops::ConnectionOptions options() const
    {
        ops::ConnectionOptions o = lab->topology().connectionOptions(node);
        o.clientName = clientName;
        o.reconnect.initialDelayMs = 50;
        o.reconnect.maxDelayMs = 500;
        return o;
    }

    void stop()
    {
        admin.reset();
        lab.reset(); // LocalLab's destructor stops and reaps every process it started
    }
};

} // namespace nodetest
