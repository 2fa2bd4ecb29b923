#include "ReshardCommand.h"

#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "reshard/ReshardPlanner.h"
#include "reshard/ReshardSurvey.h"

#include <QRegularExpression>

#include <cstdio>
#include <unistd.h>

namespace ops {

namespace {

bool parseRange(const QString &text, SlotRange *range)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+)(?:-(\\d+))?$"));
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch())
        return false;
    range->first = m.captured(1).toInt();
    range->last = m.captured(2).isEmpty() ? range->first : m.captured(2).toInt();
    return range->first <= range->last && range->last < kSlotCount;
}

bool positive(const QString &text, qint64 *value, qint64 min)
{
    bool ok = false;
    *value = text.toLongLong(&ok);
    return ok && *value >= min;
}

QString duration(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("?");
    return ms < 60'000 ? QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1)
                       : QStringLiteral("%1 min %2 s").arg(ms / 60'000).arg((ms % 60'000) / 1000);
}

} // namespace

ReshardCommand::ReshardCommand(Mode mode) : m_mode(mode) {}

ReshardCommand::~ReshardCommand() = default;

QString ReshardCommand::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Move: return QStringLiteral("move");
    case Mode::Rebalance: return QStringLiteral("rebalance");
    case Mode::Drain: return QStringLiteral("drain");
    }
    return {};
}

void ReshardCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    const QString what = m_mode == Mode::Move ? QStringLiteral("Move hash slots between Redis Cluster masters")
        : m_mode == Mode::Rebalance ? QStringLiteral("Rebalance a Redis Cluster: every master to its weighted share of the slots")
                                    : QStringLiteral("Drain a Redis Cluster master: all its slots to the other masters");
    prepare(parser, what + QStringLiteral(": plan (owners, key counts, big keys), pre-checks, the exact commands of one slot, "
                                          "confirmation, journaled and pipelined execution with progress, and verification "
                                          "(owners on every node, no open slot, keys per moved slot). Ctrl-C cancels safely."));
    const QCommandLineOption batch(QStringLiteral("batch"), QStringLiteral("Keys per MIGRATE (default 1000; smaller for big keys)."), QStringLiteral("keys"), QStringLiteral("1000"));
    const QCommandLineOption streams(QStringLiteral("streams"), QStringLiteral("Streams per source/target pair, each on its own connections (default 4)."), QStringLiteral("n"), QStringLiteral("4"));
    const QCommandLineOption window(QStringLiteral("slots-in-flight"), QStringLiteral("At most this many slots open per stream at once (default 128; fewer when slots hold many keys)."), QStringLiteral("n"), QStringLiteral("128"));
    const QCommandLineOption rate(QStringLiteral("max-keys-per-s"), QStringLiteral("Throttle: at most this many keys per second (default: no limit)."), QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption replace(QStringLiteral("replace"), QStringLiteral("Keys that exist on the target with different values are overwritten (default: stop and list them)."));
    for (const QCommandLineOption &o : {batch, streams, window, rate, replace})
        parser.addOption(o);
    if (m_mode == Mode::Move) {
        parser.addOption({QStringLiteral("from"), QStringLiteral("Source master: node id, unique id prefix or host:port (repeatable)."), QStringLiteral("node")});
        parser.addOption({QStringLiteral("to"), QStringLiteral("Target master."), QStringLiteral("node")});
        parser.addOption({QStringLiteral("slots"), QStringLiteral("Number of slots to move, taken from the sources in proportion to what they own."), QStringLiteral("n")});
        parser.addOption({QStringLiteral("range"), QStringLiteral("Slots to move, e.g. 0-999 or 42 (repeatable)."), QStringLiteral("a-b")});
    } else if (m_mode == Mode::Rebalance) {
        parser.addOption({QStringLiteral("weight"), QStringLiteral("NODE=W: the master's weight (default 1; 0 empties it; repeatable)."), QStringLiteral("node=w")});
        parser.addOption({QStringLiteral("threshold"), QStringLiteral("Move only when a master is further than PCT % from its share (default 2)."), QStringLiteral("pct"), QStringLiteral("2")});
        parser.addOption({QStringLiteral("use-empty-masters"), QStringLiteral("Masters without slots (a node just added) take their share.")});
        parser.addOption({QStringLiteral("simulate"), QStringLiteral("Show the plan only (as --dry-run).")});
    } else {
        parser.addPositionalArgument(QStringLiteral("node"), QStringLiteral("The master to drain: node id, unique id prefix or host:port."));
        parser.addOption({QStringLiteral("to"), QStringLiteral("Receiving master (repeatable; default: every other master with slots)."), QStringLiteral("node")});
    }
    addClusterOptions(parser);
    if (!parseArguments(parser, args) || !readClusterOptions(parser))
        return;
    const struct
    {
        const QCommandLineOption &option;
        qint64 min;
        qint64 max;
    } numbers[] = {{batch, 1, 100000}, {streams, 1, 16}, {window, 1, 1024}, {rate, 0, qint64(1) << 40}};
    qint64 values[4] = {};
    for (int i = 0; i < 4; ++i)
        if (!positive(parser.value(numbers[i].option), &values[i], numbers[i].min) || values[i] > numbers[i].max)
            return usageError(QStringLiteral("--%1 needs a number from %2 to %3")
                                  .arg(numbers[i].option.names().first())
                                  .arg(numbers[i].min)
                                  .arg(numbers[i].max),
                              parser.helpText());
    m_request.batchKeys = int(values[0]);
    m_request.streamsPerPair = int(values[1]);
    m_request.slotsInFlight = int(values[2]);
    m_request.maxKeysPerSecond = values[3];
    m_request.replaceConflicts = parser.isSet(replace);
    if (!readModeOptions(parser))
        return;
    surveyCluster([this](const ReshardSurvey &s) { onSurvey(s); });
}

bool ReshardCommand::readModeOptions(const QCommandLineParser &parser)
{
    if (m_mode == Mode::Rebalance) {
        for (const QString &w : parser.values(QStringLiteral("weight"))) {
            const qsizetype eq = w.lastIndexOf(QLatin1Char('='));
            bool ok = false;
            const double weight = eq > 0 ? w.mid(eq + 1).toDouble(&ok) : 0;
            if (!ok || weight < 0) {
                usageError(QStringLiteral("bad --weight %1: use NODE=W with W >= 0").arg(w), parser.helpText());
                return false;
            }
            m_rebalance.weights.insert(w.left(eq), weight);
        }
        bool ok = false;
        m_rebalance.thresholdPercent = parser.value(QStringLiteral("threshold")).toDouble(&ok);
        if (!ok || m_rebalance.thresholdPercent < 0) {
            usageError(QStringLiteral("--threshold needs a percentage"), parser.helpText());
            return false;
        }
        m_rebalance.useEmptyMasters = parser.isSet(QStringLiteral("use-empty-masters"));
        m_dryRun = m_dryRun || parser.isSet(QStringLiteral("simulate"));
        m_rebalance.tuning = m_request;
        return true;
    }
    if (m_mode == Mode::Drain) {
        if (parser.positionalArguments().size() != 1) {
            usageError(QStringLiteral("name the master to drain"), parser.helpText());
            return false;
        }
        m_rebalance.drain = parser.positionalArguments().first();
        m_rebalance.drainTo = parser.values(QStringLiteral("to"));
        m_rebalance.tuning = m_request;
        return true;
    }
    if (!parser.isSet(QStringLiteral("to"))) {
        usageError(QStringLiteral("--to is needed"), parser.helpText());
        return false;
    }
    if (parser.isSet(QStringLiteral("slots")) == parser.isSet(QStringLiteral("range"))) {
        usageError(QStringLiteral("exactly one of --slots and --range is needed"), parser.helpText());
        return false;
    }
    m_request.sources = parser.values(QStringLiteral("from"));
    m_request.target = parser.value(QStringLiteral("to"));
    qint64 n = 0;
    if (parser.isSet(QStringLiteral("slots"))) {
        if (!positive(parser.value(QStringLiteral("slots")), &n, 1) || n > kSlotCount) {
            usageError(QStringLiteral("--slots needs a number from 1 to 16384"), parser.helpText());
            return false;
        }
        m_request.slotCount = int(n);
    }
    for (const QString &r : parser.values(QStringLiteral("range"))) {
        SlotRange sr;
        if (!parseRange(r, &sr)) {
            usageError(QStringLiteral("bad --range %1: use A-B with 0 <= A <= B <= 16383").arg(r), parser.helpText());
            return false;
        }
        m_request.ranges << sr;
    }
    return true;
}

void ReshardCommand::onSurvey(const ReshardSurvey &survey)
{
    if (!someNodeAnswered(survey.cluster))
        return;
    m_plan = m_mode == Mode::Move ? ReshardPlanner::planMove(survey, m_request)
        : m_mode == Mode::Rebalance ? RebalancePlanner::planRebalance(survey, m_rebalance)
                                    : RebalancePlanner::planDrain(survey, m_rebalance);
    warnUnfinished([this](const OperationRecord &op) { return op.deploymentId == m_plan.deploymentId; });
    m_plan.authenticated = !m_options.password.isEmpty();
    if (m_plan.slotCount() == 0 && preChecksAllow(m_plan.checks))
        return nothingToDo(m_plan.toJson(), m_plan.describe(), QStringLiteral("Nothing to move."));
    proceed(m_plan.describe(), m_plan.toJson(), m_plan.checks, m_plan.allowed());
}

bool ReshardCommand::confirmed()
{
    if (!mayConfirm())
        return false;
    if (m_yes)
        return true;
    if (m_mode == Mode::Drain) {
        const QString drained = m_plan.pairs.first().source.endpoint.toString();
        return ask(QStringLiteral("Type the drained master's address (%1) to move its %2 slots away: ").arg(drained).arg(m_plan.slotCount()),
                   drained);
    }
    if (m_mode == Mode::Rebalance) {
        const QString count = QString::number(m_plan.slotCount());
        return ask(QStringLiteral("Type the number of slots to move (%1) to rebalance: ").arg(count), count);
    }
    const QString target = m_plan.pairs.first().target.endpoint.toString();
    return ask(QStringLiteral("Type the target's address (%1) to move %2 slots to it: ").arg(target).arg(m_plan.slotCount()),
               target);
}

void ReshardCommand::execute()
{
    const QString target = m_mode == Mode::Drain ? m_plan.pairs.first().source.endpoint.toString()
        : m_mode == Mode::Rebalance              ? m_plan.deploymentId
                                                 : m_plan.pairs.first().target.endpoint.toString();
    m_progressBar = !m_json && ::isatty(STDERR_FILENO);
    m_progressJson = m_json || !::isatty(STDOUT_FILENO);
    m_quietSteps = true;
    m_executor = new ReshardExecutor(
        m_plan, startClusterOperation(QStringLiteral("cluster-reshard"), m_plan.deploymentId, target, modeName(m_mode), m_plan.toJson()),
        this);
    connect(m_executor, &ReshardExecutor::phaseChanged, this, [this](const QString &text) { showPhase(text); });
    connect(m_executor, &ReshardExecutor::warning, this, [this](const QString &text) {
        if (m_json)
            emitJson(QStringLiteral("warning"), {{QStringLiteral("text"), text}});
        else
            err(QStringLiteral("warning: ") + text);
    });
    connect(m_executor, &ReshardExecutor::progressed, this, &ReshardCommand::onProgress);
    connect(m_executor, &ReshardExecutor::finished, this, &ReshardCommand::onFinished);
    stopOnInterrupt([this](const QString &reason) { m_executor->cancel(reason); });
    m_executor->start();
}

void ReshardCommand::onProgress(const ReshardProgress &p)
{
    const qint64 now = Clock::system()->monotonicMs();
    if (m_progressJson && !m_json && m_progressBar)
        m_progressJson = false;
    if (m_progressJson) {
        if (m_lastProgressMs >= 0 && now - m_lastProgressMs < 1000 && p.slotsDone < p.slotsTotal)
            return;
        m_lastProgressMs = now;
        emitJson(QStringLiteral("progress"), p.toJson());
        return;
    }
    if (!m_progressBar)
        return;
    const int width = 30;
    const int filled = p.slotsTotal > 0 ? width * p.slotsDone / p.slotsTotal : 0;
    const QString bar = QString(filled, QLatin1Char('#')) + QString(width - filled, QLatin1Char('.'));
    std::fprintf(stderr, "\r[%s] %d/%d slots  %lld keys  %.0f keys/s  ETA %s%s   ", bar.toUtf8().constData(),
                 p.slotsDone, p.slotsTotal, static_cast<long long>(p.keysMoved), p.keysPerSecond,
                 duration(p.etaMs).toUtf8().constData(), p.paused ? " (paused)" : "");
    std::fflush(stderr);
}

void ReshardCommand::onFinished(const ReshardExecutor::Result &result)
{
    if (m_progressBar)
        std::fputs("\n", stderr);
    endOperation(result.state, result.outcome, result.details,
                 QStringLiteral("confirmation to verified: %1; moving: %2 ms, %3 slots, %4 keys, %5 keys/s")
                     .arg(duration(result.totalMs))
                     .arg(result.movingMs)
                     .arg(result.slotsMoved)
                     .arg(result.keysMoved)
                     .arg(qRound64(result.keysPerSecond)));
}

} // namespace ops
