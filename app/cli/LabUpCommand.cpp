#include "LabUpCommand.h"

#include "SignalWatcher.h"
#include "lab/LocalLab.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTimer>

namespace ops {

void LabUpCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Start a local lab of real Redis servers on free loopback ports."));
    parser.addPositionalArgument(QStringLiteral("kind"), QStringLiteral("cluster, sentinel or standalone"));
    const QCommandLineOption masters(QStringLiteral("masters"), QStringLiteral("Cluster masters (default 3)."), QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption replicas(QStringLiteral("replicas"), QStringLiteral("Replicas per master (default 1; sentinel: 2)."), QStringLiteral("n"));
    const QCommandLineOption sentinels(QStringLiteral("sentinels"), QStringLiteral("Sentinels (default 3)."), QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption tls(QStringLiteral("tls"), QStringLiteral("Serve TLS only (certificates made at run time)."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the topology as one JSON object."));
    const QCommandLineOption sample(QStringLiteral("sample-data"), QStringLiteral("Load this many sample keys."), QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Stop after this many seconds (default: until Ctrl-C)."), QStringLiteral("s"), QStringLiteral("0"));
    parser.addOptions({masters, replicas, sentinels, tls, json, sample, duration});
    if (!parseArguments(parser, args))
        return;
    LabSpec spec;
    if (parser.positionalArguments().size() != 1 || !LabSpec::parseKind(parser.positionalArguments().first(), spec.kind))
        return usageError(QStringLiteral("lab up needs one kind: cluster, sentinel or standalone"), parser.helpText());
    bool okM = false, okR = true, okS = false, okD = false, okN = false;
    spec.masters = parser.value(masters).toInt(&okM);
    spec.replicasPerMaster = parser.isSet(replicas) ? parser.value(replicas).toInt(&okR)
                                                    : (spec.kind == LabSpec::Kind::Sentinel ? 2 : 1);
    spec.sentinels = parser.value(sentinels).toInt(&okS);
    const int seconds = parser.value(duration).toInt(&okD);
    const int sampleKeys = parser.value(sample).toInt(&okN);
    if (!okM || !okR || !okS || !okD || !okN || spec.masters < 1 || spec.masters > 50 || spec.replicasPerMaster < 0
        || spec.replicasPerMaster > 5 || spec.sentinels < 1 || spec.sentinels > 9 || seconds < 0 || sampleKeys < 0)
        return usageError(QStringLiteral("numbers out of range (masters 1-50, replicas 0-5, sentinels 1-9)"), parser.helpText());
    spec.tls = parser.isSet(tls);
    m_json = parser.isSet(json);

    auto *watcher = new SignalWatcher(this);
    connect(watcher, &SignalWatcher::interrupted, this, [this] {
        err(QStringLiteral("stopping the lab..."));
        shutdown(ExitOk);
    });
    m_lab = new LocalLab(this);
    connect(m_lab, &LocalLab::progress, this, [this](const QString &step) {
        if (!m_json)
            err(QStringLiteral("lab: ") + step);
    });
    connect(m_lab, &LocalLab::failed, this, [this](const QString &error) {
        err(QStringLiteral("redis-ops: the lab did not start: ") + error);
        shutdown(ExitFailed);
    });
    connect(m_lab, &LocalLab::ready, this, [this, seconds, sampleKeys](const LabTopology &topology) {
        auto announce = [this, seconds, topology] {
            if (m_json)
                out(QString::fromUtf8(QJsonDocument(topology.toJson()).toJson(QJsonDocument::Compact)));
            else
                out(topology.toText());
            err(seconds > 0 ? QStringLiteral("lab is up for %1 s").arg(seconds)
                            : QStringLiteral("lab is up; press Ctrl-C to stop it and remove its files"));
            if (seconds > 0)
                QTimer::singleShot(seconds * 1000, this, [this] { shutdown(ExitOk); });
        };
        if (sampleKeys == 0)
            return announce();
        m_lab->loadSampleData(sampleKeys, [this, announce](const QString &error) {
            if (!error.isEmpty()) {
                err(QStringLiteral("redis-ops: loading sample data failed: ") + error);
                return shutdown(ExitFailed);
            }
            announce();
        });
    });
    m_lab->start(spec);
}

void LabUpCommand::shutdown(int code)
{
    if (m_lab != nullptr)
        m_lab->stop();
    finish(code);
}

} // namespace ops
