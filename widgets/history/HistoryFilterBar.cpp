#include "HistoryFilterBar.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

#include <algorithm>

namespace ops {

HistoryFilterBar::HistoryFilterBar(QAction *exportCsv, QAction *exportJson, QAction *incidentReport, QWidget *parent)
    : QWidget(parent)
{
    m_kindEdit = new QLineEdit(this);
    m_kindEdit->setObjectName(QStringLiteral("historyKindFilter"));
    m_kindEdit->setPlaceholderText(tr("Kinds, e.g. switch-master, fail, promoted (Ctrl+F)"));
    m_kindEdit->setClearButtonEnabled(true);
    connect(m_kindEdit, &QLineEdit::textChanged, this, &HistoryFilterBar::kindFilterChanged);

    m_nodeBox = new QComboBox(this);
    m_nodeBox->setObjectName(QStringLiteral("historyNodeFilter"));
    m_nodeBox->setMinimumContentsLength(18);
    m_nodeBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_nodeBox->addItem(tr("All nodes"), QString());
    connect(m_nodeBox, &QComboBox::currentIndexChanged, this, [this] { emit nodeFilterChanged(nodeFilter()); });

    m_rangeBox = new QComboBox(this);
    m_rangeBox->setObjectName(QStringLiteral("historyRange"));
    m_rangeBox->addItem(tr("Last hour"), int(Range::LastHour));
    m_rangeBox->addItem(tr("Last 24 hours"), int(Range::LastDay));
    m_rangeBox->addItem(tr("Last 7 days"), int(Range::LastWeek));
    m_rangeBox->addItem(tr("All"), int(Range::All));
    m_rangeBox->setCurrentIndex(1);
    connect(m_rangeBox, &QComboBox::currentIndexChanged, this, &HistoryFilterBar::rangeChanged);

    auto *reload = new QToolButton(this);
    reload->setObjectName(QStringLiteral("historyReload"));
    reload->setText(tr("Reload"));
    reload->setToolTip(tr("Query the history database again for this range"));
    connect(reload, &QToolButton::clicked, this, &HistoryFilterBar::reloadClicked);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto addLabelled = [this, layout](const QString &text, QWidget *field, int stretch) {
        auto *label = new QLabel(text, this);
        label->setBuddy(field);
        layout->addWidget(label);
        layout->addWidget(field, stretch);
    };
    addLabelled(tr("&Kind:"), m_kindEdit, 2);
    addLabelled(tr("&Node:"), m_nodeBox, 1);
    addLabelled(tr("&Range:"), m_rangeBox, 0);
    layout->addWidget(reload);
    const std::pair<const char *, QAction *> buttons[] = {
        {"historyExportCsv", exportCsv}, {"historyExportJson", exportJson}, {"historyIncidentReport", incidentReport}};
    for (const auto &[name, action] : buttons) {
        if (!action)
            continue;
        auto *b = new QToolButton(this);
        b->setObjectName(QLatin1String(name));
        b->setDefaultAction(action);
        layout->addWidget(b);
    }
}

QString HistoryFilterBar::kindFilter() const { return m_kindEdit->text(); }
void HistoryFilterBar::setKindFilter(const QString &text) { m_kindEdit->setText(text); }
QString HistoryFilterBar::nodeFilter() const { return m_nodeBox->currentData().toString(); }

void HistoryFilterBar::setNodeFilter(const QString &node)
{
    if (nodeIndex(node) < 0)
        insertNode(node);
    m_nodeBox->setCurrentIndex(nodeIndex(node));
}

int HistoryFilterBar::nodeIndex(const QString &node) const
{
    if (node.isEmpty())
        return 0;
    const auto it = std::lower_bound(m_sortedNodes.cbegin(), m_sortedNodes.cend(), node);
    return it != m_sortedNodes.cend() && *it == node ? 1 + int(it - m_sortedNodes.cbegin()) : -1;
}

void HistoryFilterBar::insertNode(const QString &node)
{
    const auto it = std::lower_bound(m_sortedNodes.cbegin(), m_sortedNodes.cend(), node);
    const int pos = int(it - m_sortedNodes.cbegin());
    m_sortedNodes.insert(pos, node);
    m_nodeBox->insertItem(1 + pos, node, node);
}

void HistoryFilterBar::addNodes(const QStringList &nodes)
{
    QStringList fresh;
    for (const QString &node : nodes)
        if (!node.isEmpty() && nodeIndex(node) < 0)
            fresh << node;
    std::sort(fresh.begin(), fresh.end());
    fresh.erase(std::unique(fresh.begin(), fresh.end()), fresh.end());
    if (m_sortedNodes.isEmpty()) {
        // First fill (a loaded history): appended in order, no insertion in the middle.
        m_sortedNodes = fresh;
        for (const QString &node : std::as_const(fresh))
            m_nodeBox->addItem(node, node);
        return;
    }
    for (const QString &node : std::as_const(fresh))
        insertNode(node);
}

HistoryFilterBar::Range HistoryFilterBar::range() const { return Range(m_rangeBox->currentData().toInt()); }
void HistoryFilterBar::setRange(Range r) { m_rangeBox->setCurrentIndex(m_rangeBox->findData(int(r))); }

QString HistoryFilterBar::rangeText() const
{
    switch (range()) {
    case Range::LastHour: return tr("the last hour");
    case Range::LastDay: return tr("the last 24 hours");
    case Range::LastWeek: return tr("the last 7 days");
    case Range::All: return tr("the whole history");
    }
    return {};
}

qint64 HistoryFilterBar::sinceMs(Range range, qint64 nowMs)
{
    switch (range) {
    case Range::LastHour: return nowMs - 3'600'000;
    case Range::LastDay: return nowMs - 86'400'000;
    case Range::LastWeek: return nowMs - 7 * 86'400'000LL;
    case Range::All: return 0;
    }
    return 0;
}

void HistoryFilterBar::focusKindFilter()
{
    m_kindEdit->setFocus(Qt::ShortcutFocusReason);
    m_kindEdit->selectAll();
}

} // namespace ops
