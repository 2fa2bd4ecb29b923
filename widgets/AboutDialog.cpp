#include "AboutDialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMap>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ops {

namespace {

QTreeWidget *twoColumnTree(const QString &objectName, const QStringList &headers, QWidget *parent)
{
    auto *tree = new QTreeWidget(parent);
    tree->setObjectName(objectName);
    tree->setColumnCount(2);
    tree->setHeaderLabels(headers);
    tree->setUniformRowHeights(true);
    tree->setSelectionMode(QAbstractItemView::SingleSelection);
    tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    tree->header()->setStretchLastSection(true);
    return tree;
}

QString roleWord(const Node &n)
{
    return n.isMaster() ? QStringLiteral("master") : n.isReplica() ? QStringLiteral("replica") : QStringLiteral("server");
}

} // namespace

AboutDialog::Versions AboutDialog::serverVersions(const TopologySnapshot &snapshot)
{
    // version label -> role -> count, both sorted (QMap) so the rows are stable.
    QMap<QString, QMap<QString, int>> counts;
    for (const Node &n : snapshot.nodes) {
        const QString label = n.version.isEmpty() ? tr("Redis, version unknown") : QStringLiteral("Redis ") + n.version;
        ++counts[label][roleWord(n)];
    }
    for (const Node &n : snapshot.sentinels) {
        const QString label = n.version.isEmpty() ? tr("Sentinel, version unknown") : QStringLiteral("Sentinel ") + n.version;
        ++counts[label][QStringLiteral("sentinel")];
    }
    Versions out;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        QStringList parts;
        for (auto role = it->cbegin(); role != it->cend(); ++role)
            parts << QStringLiteral("%1 %2%3").arg(role.value()).arg(role.key(), role.value() == 1 ? QString() : QStringLiteral("s"));
        out << qMakePair(it.key(), parts.join(QStringLiteral(", ")));
    }
    return out;
}

AboutDialog::AboutDialog(const Versions &libraries, const QList<Deployment> &deployments, QWidget *parent)
    : QDialog(parent)
    , m_libraries(twoColumnTree(QStringLiteral("aboutLibraries"), {tr("Library"), tr("Version")}, this))
    , m_servers(twoColumnTree(QStringLiteral("aboutServers"), {tr("Deployment / server"), tr("Kind / servers")}, this))
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About Redis Ops Console"));
    const QString version = QApplication::applicationVersion();
    auto *title = new QLabel(tr("Redis Ops Console%1\nOperations console for Redis Sentinel and Redis Cluster.")
                                 .arg(version.isEmpty() ? QString() : QLatin1Char(' ') + version),
                             this);
    title->setObjectName(QStringLiteral("aboutTitle"));
    title->setTextFormat(Qt::PlainText);
    title->setWordWrap(true);

    m_libraries->setRootIsDecorated(false);
    for (const auto &[name, libraryVersion] : libraries)
        new QTreeWidgetItem(m_libraries, {name, libraryVersion});

    for (const Deployment &d : deployments) {
        const QString kind = d.snapshot ? TopologySnapshot::kindName(d.snapshot->kind) : tr("not seen yet");
        auto *top = new QTreeWidgetItem(m_servers, {d.title, kind});
        if (d.snapshot)
            for (const auto &[label, where] : serverVersions(*d.snapshot))
                new QTreeWidgetItem(top, {label, where});
        top->setExpanded(true);
    }
    if (deployments.isEmpty())
        new QTreeWidgetItem(m_servers, {tr("No deployment open"), QString()});

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(new QLabel(tr("Libraries"), this));
    layout->addWidget(m_libraries, 2);
    layout->addWidget(new QLabel(tr("Servers seen in the open deployments"), this));
    layout->addWidget(m_servers, 3);
    layout->addWidget(buttons);
    resize(560, 520);
}

} // namespace ops
