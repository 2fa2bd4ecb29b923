#include "FailoverEpisodes.h"

#include <QHash>

#include <algorithm>
#include <numeric>

namespace ops {

QString FailoverEpisode::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::InProgress: return QStringLiteral("in progress");
    case Outcome::Completed: return QStringLiteral("completed");
    case Outcome::Aborted: return QStringLiteral("aborted");
    }
    return QStringLiteral("unknown");
}

QString FailoverEpisode::durationText(qint64 ms)
{
    if (ms <= 0) // first and last step seen in the same poll: faster than the monitor can tell
        return QStringLiteral("within one poll");
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 60'000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    const qint64 s = ms / 1000;
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

namespace {

QString text(const OpsEvent &e, const char *key) { return e.details.value(QLatin1String(key)).toString(); }

/** The Sentinel steps that prove a failover was actually attempted (sentinel.c's failover state machine). */
bool isFailoverStep(const QString &kind)
{
    static const QStringList steps{
        QStringLiteral("+try-failover"), QStringLiteral("+elected-leader"), QStringLiteral("+selected-slave"),
        QStringLiteral("+promoted-slave"), QStringLiteral("+failover-end"), QStringLiteral("+failover-end-for-timeout"),
        QStringLiteral("+new-epoch"), QStringLiteral("+vote-for-leader"), QStringLiteral("fail-set"),
    };
    return steps.contains(kind) || kind.startsWith(QLatin1String("+failover-state-"))
        || kind.startsWith(QLatin1String("+slave-reconf-"));
}

bool isMasterInstance(const OpsEvent &e)
{
    const QString type = text(e, "instanceType");
    return type.isEmpty() || type == QLatin1String("master");
}

enum class Role { Open, Complete, Abort, Recover, Demoted, Other };

Role roleOf(const OpsEvent &e, const QString &kind)
{
    if (kind == QLatin1String("pfail-set") || kind == QLatin1String("fail-set") || kind == QLatin1String("+try-failover"))
        return Role::Open;
    if ((kind == QLatin1String("+sdown") || kind == QLatin1String("+odown")) && isMasterInstance(e))
        return Role::Open;
    if (kind == QLatin1String("+switch-master") || kind == QLatin1String("promoted"))
        return Role::Complete;
    if (kind.startsWith(QLatin1String("-failover-abort-")))
        return Role::Abort;
    if (kind == QLatin1String("pfail-cleared") || kind == QLatin1String("fail-cleared"))
        return Role::Recover;
    if ((kind == QLatin1String("-sdown") || kind == QLatin1String("-odown")) && isMasterInstance(e))
        return Role::Recover;
    if (kind == QLatin1String("demoted"))
        return Role::Demoted;
    return Role::Other;
}

/** Which master an event is about: the Sentinel master name, else the failed node. */
QString subjectOf(const OpsEvent &e, const QString &kind)
{
    if (e.kind == OpsEvent::Kind::Sentinel)
        return text(e, "masterName");
    if (kind == QLatin1String("promoted") || kind == QLatin1String("demoted")) {
        const QString old = text(e, "oldMaster");
        if (!old.isEmpty())
            return old;
    }
    return e.nodeId;
}

qint64 epochOf(const OpsEvent &e)
{
    qint64 epoch = 0;
    for (const char *key : {"epoch", "configEpoch", "newEpoch"})
        epoch = std::max(epoch, e.details.value(QLatin1String(key)).toInteger());
    return epoch;
}

struct Work
{
    FailoverEpisode episode;
    QString key;
    bool attempted = false;
    bool dropped = false;
    bool open = true;
    qint64 recoveredMs = 0; ///< Sentinel: when the master was seen back during an attempt
};

class Grouper
{
public:
    explicit Grouper(const FailoverEpisodeOptions &options)
        : m_options(options)
    {
    }

    /**
     * Groups events[first..] (in time, id order) on top of the events grouped so far; false,
     * grouping nothing, when one of them sorts before the last event grouped.
     */
    bool append(const QList<OpsEvent> &events, qsizetype first)
    {
        QList<int> order(events.size() - first);
        std::iota(order.begin(), order.end(), int(first));
        std::stable_sort(order.begin(), order.end(), [&events](int a, int b) {
            const OpsEvent &x = events.at(a);
            const OpsEvent &y = events.at(b);
            return x.timestampMs != y.timestampMs ? x.timestampMs < y.timestampMs : x.id < y.id;
        });
        if (!order.isEmpty() && m_grouped > 0) {
            const OpsEvent &e = events.at(order.first());
            if (e.timestampMs < m_lastMs || (e.timestampMs == m_lastMs && e.id < m_lastId))
                return false;
        }
        for (int index : std::as_const(order)) {
            const OpsEvent &e = events.at(index);
            expire(e.timestampMs);
            handle(index, e);
            m_latestMs = std::max(m_latestMs, e.timestampMs);
            m_lastMs = e.timestampMs;
            m_lastId = e.id;
        }
        m_grouped += order.size();
        return true;
    }

    qsizetype grouped() const { return m_grouped; }

    QList<FailoverEpisode> episodes() const
    {
        // What expire(now) and the end of grouping would do, on copies: the state stays valid
        // for events appended later (options.nowMs may lie beyond them).
        const qint64 now = m_options.nowMs != 0 ? m_options.nowMs : m_latestMs;
        QList<FailoverEpisode> result;
        for (const Work &w : std::as_const(m_work)) {
            if (w.dropped)
                continue;
            FailoverEpisode ep = w.episode;
            if (w.open && now - ep.startMs > m_options.timeoutMs) {
                if (!w.attempted)
                    continue; // a suspicion that never became a failover
                ep.outcome = FailoverEpisode::Outcome::Aborted;
                ep.endReason = w.recoveredMs != 0 ? QStringLiteral("recovered") : QStringLiteral("timeout");
                ep.endMs = w.recoveredMs != 0 ? w.recoveredMs : ep.startMs + m_options.timeoutMs;
            } else if (w.open) {
                ep.endMs = std::max(ep.endMs, now);
            }
            result.append(ep);
        }
        std::stable_sort(result.begin(), result.end(),
                         [](const FailoverEpisode &a, const FailoverEpisode &b) { return a.startMs < b.startMs; });
        return result;
    }

private:
    void expire(qint64 nowMs)
    {
        for (auto it = m_open.begin(); it != m_open.end();) {
            Work &w = m_work[*it];
            if (nowMs - w.episode.startMs <= m_options.timeoutMs) {
                ++it;
                continue;
            }
            if (w.attempted && w.recoveredMs != 0)
                finish(w, FailoverEpisode::Outcome::Aborted, QStringLiteral("recovered"), w.recoveredMs);
            else if (w.attempted)
                finish(w, FailoverEpisode::Outcome::Aborted, QStringLiteral("timeout"), w.episode.startMs + m_options.timeoutMs);
            else
                w.dropped = true;
            w.open = false;
            it = m_open.erase(it);
        }
    }

    void finish(Work &w, FailoverEpisode::Outcome outcome, const QString &reason, qint64 endMs)
    {
        w.open = false;
        w.episode.outcome = outcome;
        w.episode.endReason = reason;
        w.episode.endMs = endMs;
        m_finished.insert(w.key, int(&w - m_work.data()));
    }

    void attach(Work &w, int index, const OpsEvent &e, const QString &kind)
    {
        w.episode.eventIds.append(e.id);
        w.episode.eventIndexes.append(index);
        w.episode.epoch = std::max(w.episode.epoch, epochOf(e));
        if (w.open) {
            w.episode.endMs = std::max(w.episode.endMs, e.timestampMs);
            if (isFailoverStep(kind))
                w.attempted = true;
            if (w.episode.newMaster.isEmpty()
                && (kind == QLatin1String("+selected-slave") || kind == QLatin1String("+promoted-slave"))) {
                w.episode.newMaster = e.nodeId;
                w.episode.newMasterAddress = e.endpoint;
            }
        }
    }

    Work &start(const QString &key, const QString &subject, const OpsEvent &e)
    {
        Work w;
        w.key = key;
        w.episode.deploymentId = e.deploymentId;
        w.episode.subject = subject;
        w.episode.startMs = e.timestampMs;
        w.episode.endMs = e.timestampMs;
        m_work.append(w);
        m_open.insert(key, int(m_work.size()) - 1);
        return m_work.last();
    }

    /** The finished episode of @p key if @p e is within the trailing window after its end. */
    Work *recentFinished(const QString &key, const OpsEvent &e)
    {
        const auto it = m_finished.constFind(key);
        if (it == m_finished.cend())
            return nullptr;
        Work &w = m_work[*it];
        return e.timestampMs - w.episode.endMs <= m_options.timeoutMs ? &w : nullptr;
    }

    Work *openFor(const QString &key) { return m_open.contains(key) ? &m_work[m_open.value(key)] : nullptr; }

    /** The deployment's most recently started open episode (for "+new-epoch" without a master name). */
    Work *openInDeployment(const QString &deploymentId)
    {
        Work *best = nullptr;
        for (int i : std::as_const(m_open)) {
            Work &w = m_work[i];
            if (w.episode.deploymentId == deploymentId && (best == nullptr || w.episode.startMs >= best->episode.startMs))
                best = &w;
        }
        return best;
    }

    void handle(int index, const OpsEvent &e)
    {
        const QString kind = e.kindName();
        const Role role = roleOf(e, kind);
        const QString subject = subjectOf(e, kind);
        if (subject.isEmpty()) {
            if (e.kind == OpsEvent::Kind::Sentinel)
                if (Work *w = openInDeployment(e.deploymentId))
                    attach(*w, index, e, kind);
            return;
        }
        const QString key = e.deploymentId + QChar(0x1f) + subject;
        Work *open = openFor(key);
        switch (role) {
        case Role::Open:
            if (open != nullptr) {
                attach(*open, index, e, kind);
            } else if (Work *done = recentFinished(key, e); done != nullptr && isAboutOldMaster(*done, e)) {
                attach(*done, index, e, kind);
            } else {
                Work &w = start(key, subject, e);
                w.episode.oldMaster = e.nodeId;
                w.episode.oldMasterAddress = e.endpoint;
                attach(w, index, e, kind);
            }
            return;
        case Role::Complete:
            complete(open, key, subject, index, e, kind);
            return;
        case Role::Abort:
            if (open != nullptr) {
                attach(*open, index, e, kind);
                finish(*open, FailoverEpisode::Outcome::Aborted, kind, e.timestampMs);
                m_open.remove(key);
            } else if (Work *done = recentFinished(key, e)) {
                attach(*done, index, e, kind);
            }
            return;
        case Role::Recover:
            if (open != nullptr) {
                attach(*open, index, e, kind);
                if (!open->attempted) {
                    open->dropped = true;
                    open->open = false;
                    m_open.remove(key);
                } else if (e.kind != OpsEvent::Kind::Sentinel) {
                    // Cluster: FAIL cleared before any promotion, the master is back with its slots.
                    finish(*open, FailoverEpisode::Outcome::Aborted, QStringLiteral("recovered"), e.timestampMs);
                    m_open.remove(key);
                } else if (open->recoveredMs == 0) {
                    // Sentinel: one sentinel's -sdown does not stop a failover already running; if
                    // nothing completes it before the timeout it ends as "recovered" at this time.
                    open->recoveredMs = e.timestampMs;
                }
            } else if (Work *done = recentFinished(key, e)) {
                attach(*done, index, e, kind);
            }
            return;
        case Role::Demoted:
            if (open != nullptr) {
                attach(*open, index, e, kind);
            } else if (m_finished.contains(key)) {
                // The old master rejoined as a replica, possibly long after the failover.
                attach(m_work[m_finished.value(key)], index, e, kind);
            }
            return;
        case Role::Other:
            if (open != nullptr)
                attach(*open, index, e, kind);
            else if (Work *done = recentFinished(key, e))
                attach(*done, index, e, kind);
            return;
        }
    }

    static bool isAboutOldMaster(const Work &w, const OpsEvent &e)
    {
        return e.nodeId == w.episode.oldMaster || (!e.endpoint.isEmpty() && e.endpoint == w.episode.oldMasterAddress);
    }

    void complete(Work *open, const QString &key, const QString &subject, int index, const OpsEvent &e, const QString &kind)
    {
        const QString newMaster = text(e, "newMaster");
        if (open == nullptr) {
            // Another sentinel reporting the same switch joins the finished episode.
            Work *done = recentFinished(key, e);
            if (done != nullptr && done->episode.newMaster == newMaster) {
                attach(*done, index, e, kind);
                return;
            }
            open = &start(key, subject, e); // a manual failover: no suspicion before it
            open->attempted = true;
        }
        Work &w = *open;
        attach(w, index, e, kind);
        const QString oldMaster = text(e, "oldMaster");
        if (!oldMaster.isEmpty())
            w.episode.oldMaster = oldMaster;
        QString oldAddress = text(e, "oldMasterAddress");
        if (oldAddress.isEmpty() && e.kind == OpsEvent::Kind::Sentinel)
            oldAddress = oldMaster; // Sentinel names masters by address
        if (!oldAddress.isEmpty())
            w.episode.oldMasterAddress = oldAddress;
        w.episode.newMaster = newMaster.isEmpty() ? e.nodeId : newMaster;
        const QString newAddress = text(e, "newMasterAddress");
        w.episode.newMasterAddress = !newAddress.isEmpty() ? newAddress : (e.endpoint.isEmpty() ? w.episode.newMaster : e.endpoint);
        finish(w, FailoverEpisode::Outcome::Completed, kind, e.timestampMs);
        m_open.remove(key);
    }

    FailoverEpisodeOptions m_options;
    qint64 m_latestMs = 0;  ///< newest event time (the default "now")
    qint64 m_lastMs = 0;    ///< time and id of the last event grouped, in grouping order
    qint64 m_lastId = 0;
    qsizetype m_grouped = 0;
    QList<Work> m_work;
    QHash<QString, int> m_open;      ///< key -> index in m_work of its open episode
    QHash<QString, int> m_finished;  ///< key -> index in m_work of its latest finished episode
};

} // namespace

QList<FailoverEpisode> groupFailoverEpisodes(const QList<OpsEvent> &events, const FailoverEpisodeOptions &options)
{
    Grouper grouper(options);
    grouper.append(events, 0);
    return grouper.episodes();
}

struct FailoverEpisodeGrouper::Impl : Grouper
{
    using Grouper::Grouper;
};

FailoverEpisodeGrouper::FailoverEpisodeGrouper(const FailoverEpisodeOptions &options)
    : m_options(options)
    , d(std::make_unique<Impl>(options))
{
}

FailoverEpisodeGrouper::~FailoverEpisodeGrouper() = default;

void FailoverEpisodeGrouper::reset()
{
    d = std::make_unique<Impl>(m_options);
}

bool FailoverEpisodeGrouper::append(const QList<OpsEvent> &events, qsizetype first)
{
    return d->append(events, std::clamp<qsizetype>(first, 0, events.size()));
}

qsizetype FailoverEpisodeGrouper::groupedCount() const
{
    return d->grouped();
}

QList<FailoverEpisode> FailoverEpisodeGrouper::episodes()
{
    return d->episodes();
}

} // namespace ops
