#include "ReshardVerifier.h"

#include "ReshardChecks.h"
#include "actions/ClusterSurveyor.h"
#include "core/Clock.h"

namespace ops {

ReshardVerifier::ReshardVerifier(Input input, Clock *clock, QObject *parent)
    : QObject(parent), m_input(std::move(input)), m_clock(clock)
{
    qRegisterMetaType<ops::ReshardVerifier::Result>();
}

ReshardVerifier::~ReshardVerifier() = default;

void ReshardVerifier::start()
{
    m_startedMs = m_clock->monotonicMs();
    attempt();
}

void ReshardVerifier::attempt()
{
    ClusterSurveyor::Options o;
    o.seeds = m_input.nodes;
    o.dataOptions = m_input.dataOptions;
    o.timeoutMs = m_input.timeoutMs;
    o.nowMs = m_clock->wallMs();
    auto *surveyor = new ClusterSurveyor(o, this);
    connect(surveyor, &ClusterSurveyor::finished, this, [this, surveyor](const ClusterSurvey &survey) {
        surveyor->deleteLater();
        Result r = judge(survey, m_input);
        r.attempts = ++m_attempts;
        if (r.verified || m_clock->monotonicMs() - m_startedMs >= m_input.deadlineMs) {
            emit finished(r);
            return;
        }
        m_clock->callAfter(m_input.intervalMs, this, [this] { attempt(); }); // the deadline's clock, not QTimer's
    });
    surveyor->start();
}

ReshardVerifier::Result ReshardVerifier::judge(const ClusterSurvey &survey, const Input &input)
{
    Result r;
    int agreeing = 0;
    for (const ClusterNodeView &v : survey.nodes) {
        const ClusterNodeLine *self = v.myself();
        if (!v.reachable() || self == nullptr) {
            const ClusterNodeLine *l = survey.consensusLine(v.id());
            if (l == nullptr || l->isMaster())
                r.problems << QStringLiteral("%1 did not answer: %2").arg(v.endpoint.toString(), v.error);
            else
                r.notes << QStringLiteral("replica %1 did not answer (not verified)").arg(v.endpoint.toString());
            continue;
        }
        QHash<int, QByteArray> seen;
        for (const ClusterNodeLine &l : v.nodes)
            if (l.isMaster())
                for (const SlotRange &range : l.slotRanges)
                    for (int s = range.first; s <= range.last; ++s)
                        if (input.owners.contains(s))
                            seen.insert(s, l.id);
        int wrong = 0;
        int first = -1;
        for (auto it = input.owners.cbegin(); it != input.owners.cend(); ++it)
            if (seen.value(it.key()) != it.value() && wrong++ == 0)
                first = it.key();
        if (wrong > 0)
            r.problems << QStringLiteral("%1 lists %2 moved slot(s) elsewhere (e.g. %3)").arg(v.endpoint.toString()).arg(wrong).arg(first);
        else
            ++agreeing;
    }
    const QStringList open = ReshardChecks::openSlots(survey, input.leftOpen);
    if (!open.isEmpty())
        r.problems << QStringLiteral("open slots: %1").arg(open.mid(0, 5).join(QStringLiteral("; ")));
    qint64 before = 0;
    qint64 after = 0;
    QStringList fewer;
    for (const SlotMover::SlotCount &c : input.counts) {
        before += std::max<qint64>(0, c.before);
        after += std::max<qint64>(0, c.after);
        if (c.before >= 0 && c.after >= 0 && c.after < c.before)
            fewer << QStringLiteral("slot %1: %2 before, %3 after").arg(c.slot).arg(c.before).arg(c.after);
    }
    if (!fewer.isEmpty())
        r.problems << QStringLiteral("fewer keys after the move (lost keys, or deletes by clients meanwhile): %1")
                          .arg(fewer.mid(0, 5).join(QStringLiteral("; ")));
    r.notes << QStringLiteral("%1 node(s) list the new owner of all %2 moved slots").arg(agreeing).arg(input.owners.size())
            << (open.isEmpty() ? QStringLiteral("no open slot on any node answering")
                               : QStringLiteral("%1 open slot(s)").arg(open.size()))
            << QStringLiteral("keys in the moved slots: %1 on the sources before, %2 on the target after").arg(before).arg(after);
    r.verified = r.problems.isEmpty();
    return r;
}

} // namespace ops
