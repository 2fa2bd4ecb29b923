#include "TopologyPage.h"

#include "NodeDetailsPanel.h"
#include "TopologyScene.h"
#include "TopologyView.h"
#include "NodeItem.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
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
    m_find = new QLineEdit(this);
    m_find->setObjectName(QStringLiteral("topologyFind"));
    m_find->setPlaceholderText(tr("Find node: id, address, hostname (Ctrl+F)"));
    m_find->setClearButtonEnabled(true);
    m_find->setMinimumWidth(m_find->fontMetrics().horizontalAdvance(m_find->placeholderText()) + 40);
    m_find->setMaximumWidth(m_find->minimumWidth() + 80);
    m_findStatus = new QLabel(this);
    m_findStatus->setObjectName(QStringLiteral("topologyFindStatus"));
    m_findStatus->setTextFormat(Qt::PlainText);
    m_findStatus->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // Room for the longest status from the start: the row does not jump while typing.
    m_findStatus->setMinimumWidth(m_findStatus->fontMetrics().horizontalAdvance(tr("no node matches")) + 8);

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

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 6, 0);
    top->setSpacing(8);
    top->addWidget(m_summary, 1);
    top->addWidget(m_findStatus);
    top->addWidget(m_find);
    layout->addLayout(top);
    layout->addWidget(m_splitter, 1);
    setFocusProxy(m_view); // DeploymentWorkspace::showPage puts the keyboard in the graph

    const auto on = [this](QAction *action, auto slot) { connect(action, &QAction::triggered, this, slot); };
    on(addPageAction("actionZoomIn", tr("Zoom &in"), {QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal)}),
       [this] { m_view->zoomIn(); });
    on(addPageAction("actionZoomOut", tr("Zoom &out"), {QKeySequence(Qt::CTRL | Qt::Key_Minus)}), [this] { m_view->zoomOut(); });
    on(addPageAction("actionFitAll", tr("&Fit all nodes"), {QKeySequence(Qt::CTRL | Qt::Key_0)}), [this] { m_view->fitAndFollow(); });
    on(addPageAction("actionFindNode", tr("Find &node"), {QKeySequence(Qt::CTRL | Qt::Key_F)}), [this] {
        m_find->setFocus(Qt::ShortcutFocusReason);
        m_find->selectAll();
    });
    on(addPageAction("actionClearSelection", tr("&Clear selection"), {QKeySequence(Qt::Key_Escape)}), [this] { clearSelection(); });
    connect(m_find, &QLineEdit::textEdited, this, [this](const QString &text) { findNode(text); });
    connect(m_find, &QLineEdit::returnPressed, this, [this] { findNode(m_find->text(), true); });

    connect(m_view, &TopologyView::nodeSelected, m_details, &NodeDetailsPanel::setNodeId);
    connect(m_view, &TopologyView::nodeSelected, this, &TopologyPage::nodeSelected);
    connect(m_view, &TopologyView::nodeContextMenuRequested, this, &TopologyPage::nodeContextMenuRequested);
}

QAction *TopologyPage::addPageAction(const char *objectName, const QString &text, const QList<QKeySequence> &keys)
{
    auto *action = new QAction(text, this);
    action->setObjectName(QLatin1String(objectName));
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QString plain = text;
    plain.remove(QLatin1Char('&'));
    action->setToolTip(QStringLiteral("%1 (%2)").arg(plain, keys.first().toString(QKeySequence::NativeText)));
    action->setStatusTip(action->toolTip());
    addAction(action);
    return action;
}

QStringList TopologyPage::matchingNodes(const QString &text) const
{
    const QString needle = text.trimmed();
    QStringList out;
    if (!m_snapshot || needle.isEmpty())
        return out;
    for (const QList<Node> *list : {&m_snapshot->nodes, &m_snapshot->sentinels})
        for (const Node &n : *list) {
            const bool match = n.id.startsWith(needle, Qt::CaseInsensitive)
                || (n.endpoint.isValid() && n.endpoint.toString().contains(needle, Qt::CaseInsensitive))
                || (!n.hostname.isEmpty() && n.hostname.contains(needle, Qt::CaseInsensitive));
            if (match && m_scene->nodeItem(n.id) != nullptr)
                out << n.id;
        }
    return out;
}

QString TopologyPage::findNode(const QString &text, bool next)
{
    const QStringList matches = matchingNodes(text);
    if (matches.isEmpty()) {
        m_findIndex = -1;
        m_findStatus->setText(text.trimmed().isEmpty() ? QString() : tr("no node matches"));
        return {};
    }
    m_findIndex = next ? (m_findIndex + 1) % int(matches.size()) : 0;
    const QString id = matches.at(m_findIndex);
    m_scene->selectNode(id);
    if (m_view->zoom() < 0.6) // too small to read: bring the node to a readable size
        m_view->zoomBy(1.0 / m_view->zoom());
    m_view->centerOn(m_scene->nodeItem(id));
    m_findStatus->setText(tr("%1 of %2").arg(m_findIndex + 1).arg(matches.size()));
    return id;
}

void TopologyPage::clearSelection()
{
    m_scene->selectNode({});
    if (m_find->hasFocus()) {
        m_find->clear();
        m_findStatus->clear();
        m_findIndex = -1;
        m_view->setFocus(Qt::ShortcutFocusReason);
    }
}

void TopologyPage::setHealth(const HealthReport &report)
{
    m_scene->setHealthMarks(HealthMarkerItem::marksOf(report));
    m_details->setHealth(report);
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
