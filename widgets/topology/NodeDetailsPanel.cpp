#include "NodeDetailsPanel.h"

#include "NodeItem.h"
#include "TopologyText.h"
#include "core/PlainText.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>

namespace ops {

namespace {

constexpr int kMaxRanges = 32;
constexpr int kLabelWidth = 13;

QString known(qint64 v)
{
    return v < 0 ? QStringLiteral("–") : QString::number(v);
}

QString flagList(const Node &n)
{
    static constexpr std::pair<Node::Flag, const char *> kNames[] = {
        {Node::Fail, "fail"}, {Node::PFail, "pfail"}, {Node::ODown, "odown"}, {Node::SDown, "sdown"},
        {Node::Stale, "stale"}, {Node::Handshake, "handshake"}, {Node::NoAddr, "noaddr"},
        {Node::Loading, "loading"}, {Node::NoFailover, "nofailover"},
    };
    QStringList out;
    for (const auto &[flag, name] : kNames)
        if (n.has(flag))
            out << QString::fromLatin1(name);
    return out.isEmpty() ? QStringLiteral("none") : out.join(QStringLiteral(", "));
}

QString slotsText(const Node &n)
{
    if (n.slotRanges.isEmpty())
        return QString::number(n.slotCount);
    QStringList ranges;
    for (qsizetype i = 0; i < n.slotRanges.size() && i < kMaxRanges; ++i)
        ranges << n.slotRanges.at(i).toString();
    QString text = QStringLiteral("%1 in %2 range%3: ").arg(n.slotCount).arg(n.slotRanges.size())
                       .arg(n.slotRanges.size() == 1 ? QString() : QStringLiteral("s"))
        + ranges.join(QStringLiteral(", "));
    if (n.slotRanges.size() > kMaxRanges)
        text += QStringLiteral(" … and %1 more").arg(n.slotRanges.size() - kMaxRanges);
    return text;
}

QString nodeRef(const TopologySnapshot &s, const QString &id)
{
    const Node *m = s.node(id);
    if (m == nullptr || m->endpoint.toString() == id)
        return id;
    return QStringLiteral("%1 (%2)").arg(topology::shortId(id), m->endpoint.toString());
}

} // namespace

NodeDetailsPanel::NodeDetailsPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("nodeDetailsTitle"));
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("nodeDetailsText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_title);
    layout->addWidget(m_text, 1);
    refresh();
}

void NodeDetailsPanel::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    refresh();
}

void NodeDetailsPanel::setNodeId(const QString &id)
{
    if (id == m_nodeId)
        return;
    m_nodeId = id;
    refresh();
}

QString NodeDetailsPanel::text() const
{
    return m_text->toPlainText();
}

void NodeDetailsPanel::setHealth(const HealthReport &report)
{
    m_health = report;
    refresh();
}

void NodeDetailsPanel::refresh()
{
    const Node *n = m_snapshot && !m_nodeId.isEmpty() ? m_snapshot->node(m_nodeId) : nullptr;
    QString title, body;
    if (m_nodeId.isEmpty()) {
        title = tr("Node details");
        body = tr("Select a node in the graph to see its details.");
    } else if (n == nullptr) {
        title = tr("Node details");
        body = tr("Node %1 is not in the current topology.").arg(m_nodeId);
    } else {
        title = QStringLiteral("%1 %2").arg(Node::roleName(n->role), n->endpoint.toString());
        const qint64 now = m_snapshot->timestampMs > 0 ? m_snapshot->timestampMs : QDateTime::currentMSecsSinceEpoch();
        body = describe(*m_snapshot, *n, now);
        QList<HealthFinding> firing = m_health.firingOn(n->id);
        std::stable_sort(firing.begin(), firing.end(), [](const HealthFinding &a, const HealthFinding &b) { return a.severity > b.severity; });
        if (!firing.isEmpty())
            body += QStringLiteral("\nHealth findings (worst first):\n");
        for (const HealthFinding &f : std::as_const(firing))
            body += QStringLiteral("%1 · %2 (%3)\n  %4\n  Fix: %5\n")
                        .arg(HealthFinding::severityName(f.severity).toUpper(), f.title, f.ruleId, f.summary, f.fix);
    }
    m_title->setText(title);
    // Keep the reader's scroll position when only the numbers changed.
    if (body != m_text->toPlainText()) {
        const int scroll = m_text->verticalScrollBar() ? m_text->verticalScrollBar()->value() : 0;
        m_text->setPlainText(body);
        if (m_text->verticalScrollBar())
            m_text->verticalScrollBar()->setValue(scroll);
    }
}

QString NodeDetailsPanel::describe(const TopologySnapshot &s, const Node &n, qint64 nowMs)
{
    QStringList lines;
    auto row = [&](const QString &label, const QString &value) {
        // Values come from servers (an announced hostname, a master name): one line each, always.
        lines << (label + QLatin1Char(':')).leftJustified(kLabelWidth) + QLatin1Char(' ') + PlainText::singleLine(value);
    };
    row(QStringLiteral("Role"), Node::roleName(n.role));
    row(QStringLiteral("Address"), n.endpoint.isValid() ? n.endpoint.toString() : QStringLiteral("unknown"));
    row(QStringLiteral("Hostname"), n.hostname.isEmpty() ? QStringLiteral("–") : n.hostname);
    row(QStringLiteral("Id"), n.id);
    row(QStringLiteral("Health"), NodeItem::healthWords(n));
    row(QStringLiteral("Flags"), flagList(n));
    if (n.role == Node::Role::Sentinel) {
        row(QStringLiteral("Watches"), n.watchedMasters.isEmpty() ? QStringLiteral("–") : n.watchedMasters.join(QStringLiteral(", ")));
        const QString view = s.sentinelMasterViews.value(n.id);
        if (!view.isEmpty())
            row(QStringLiteral("Reports"), QStringLiteral("master at ") + view);
    } else {
        if (n.isReplica() || !n.masterId.isEmpty())
            row(QStringLiteral("Master"), n.masterId.isEmpty() ? QStringLiteral("unknown") : nodeRef(s, n.masterId));
        if (n.isMaster())
            row(QStringLiteral("Replicas"), QString::number(s.replicasOf(n.id).size()));
        row(QStringLiteral("Repl offset"), known(n.replOffset));
        if (n.isReplica()) {
            row(QStringLiteral("Lag"), QStringLiteral("%1 (%2 bytes) / %3").arg(topology::formatBytes(n.lagBytes), known(n.lagBytes),
                                                                             topology::formatSeconds(n.lagSeconds)));
            QString link = n.masterLinkUp == 1 ? QStringLiteral("up") : n.masterLinkUp == 0 ? QStringLiteral("down") : QStringLiteral("unknown");
            if (n.masterLinkUp == 0 && n.masterLinkDownSeconds >= 0)
                link += QStringLiteral(" for %1 s").arg(n.masterLinkDownSeconds);
            row(QStringLiteral("Link"), link);
        }
        QString memory = topology::formatBytes(n.usedMemory);
        if (n.usedMemory >= 0)
            memory += QStringLiteral(" (%1 bytes)").arg(n.usedMemory);
        if (n.maxMemory > 0)
            memory += QStringLiteral(", max ") + topology::formatBytes(n.maxMemory);
        if (n.fragmentation >= 0)
            memory += QStringLiteral(", fragmentation %1").arg(n.fragmentation, 0, 'f', 2);
        row(QStringLiteral("Memory"), memory);
        row(QStringLiteral("Ops/s"), n.opsPerSec < 0 ? QStringLiteral("–") : QString::number(n.opsPerSec, 'f', 0));
        row(QStringLiteral("Keys"), known(n.keys));
        if (s.kind == TopologySnapshot::Kind::Cluster) {
            row(QStringLiteral("Slots"), slotsText(n));
            row(QStringLiteral("Config epoch"), QString::number(n.configEpoch));
        }
    }
    row(QStringLiteral("Clients"), known(n.clients));
    row(QStringLiteral("Version"), n.version.isEmpty() ? QStringLiteral("–") : n.version);
    row(QStringLiteral("Uptime"), n.uptimeSeconds < 0 ? QStringLiteral("–") : QStringLiteral("%1 s").arg(n.uptimeSeconds));
    if (n.lastSeenMs > 0) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(n.lastSeenMs);
        row(QStringLiteral("Last seen"), QStringLiteral("%1 (%2)").arg(topology::formatAge(std::max<qint64>(0, nowMs - n.lastSeenMs)),
                                                                     at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))));
    } else {
        row(QStringLiteral("Last seen"), QStringLiteral("never"));
    }
    row(QStringLiteral("Last error"), n.lastError.isEmpty() ? QStringLiteral("–") : n.lastError);
    return lines.join(QLatin1Char('\n'));
}

} // namespace ops
