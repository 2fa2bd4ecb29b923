#include "TopologyPage.h"

#include "NodeDetailsPanel.h"
#include "TopologyScene.h"
#include "TopologyView.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace ops {

namespace {
QString count(qsizetype n, const char *singular, const char *plural)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? singular : plural));
}
} // namespace

TopologyPage::TopologyPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("topologyPage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("topologySummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setContentsMargins(6, 4, 6, 2);
    m_summary->setText(tr("No topology yet."));

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("topologySplitter"));
    m_scene = new TopologyScene(this);
    m_scene->setObjectName(QStringLiteral("topologyScene"));
    m_view = new TopologyView(m_scene, m_splitter);
    m_view->setObjectName(QStringLiteral("topologyView"));
    m_details = new NodeDetailsPanel(m_splitter);
    m_details->setObjectName(QStringLiteral("nodeDetailsPanel"));
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({960, 440});

    layout->addWidget(m_summary);
    layout->addWidget(m_splitter, 1);

    connect(m_view, &TopologyView::nodeSelected, m_details, &NodeDetailsPanel::setNodeId);
    connect(m_view, &TopologyView::nodeSelected, this, &TopologyPage::nodeSelected);
}

void TopologyPage::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = snapshot;
    m_scene->setSnapshot(snapshot);
    m_details->setSnapshot(snapshot);
    m_summary->setText(snapshot ? summaryOf(*snapshot) : tr("No topology yet."));
}

QString TopologyPage::summaryOf(const TopologySnapshot &s)
{
    int masters = 0, replicas = 0, down = 0;
    for (const Node &n : s.nodes) {
        masters += n.isMaster() ? 1 : 0;
        replicas += n.isReplica() ? 1 : 0;
        down += (n.has(Node::Fail) || n.has(Node::ODown) || n.has(Node::PFail) || n.has(Node::SDown)) ? 1 : 0;
    }
    QStringList parts{TopologySnapshot::kindName(s.kind)};
    if (s.kind == TopologySnapshot::Kind::Sentinel && !s.masterName.isEmpty())
        parts << s.masterName;
    parts << count(masters, "master", "masters") << count(replicas, "replica", "replicas");
    if (!s.sentinels.isEmpty())
        parts << count(s.sentinels.size(), "sentinel", "sentinels");
    if (!s.clusterState.isEmpty())
        parts << QStringLiteral("state ") + QString::fromLatin1(s.clusterState);
    if (down > 0)
        parts << count(down, "node failing", "nodes failing");
    if (const int stale = s.staleCount(); stale > 0)
        parts << QStringLiteral("%1 stale").arg(stale);
    if (!s.warnings.isEmpty())
        parts << count(s.warnings.size(), "warning", "warnings");
    return parts.join(QStringLiteral(" · "));
}

} // namespace ops
