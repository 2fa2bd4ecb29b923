#include "ShortcutsDialog.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ops {

namespace {

QString plainText(QString text)
{
    text.remove(QLatin1Char('&'));
    if (text.endsWith(QChar(0x2026)))
        text.chop(1);
    return text.trimmed();
}

int depthOf(const QWidget *w)
{
    int depth = 0;
    for (; w != nullptr; w = w->parentWidget())
        ++depth;
    return depth;
}

} // namespace

ShortcutsDialog::ShortcutsDialog(QWidget *root, QWidget *parent)
    : QDialog(parent)
    , m_search(new QLineEdit(this))
    , m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    const QString version = QApplication::applicationVersion();
    auto *about = new QLabel(tr("Redis Ops Console%1 — operations console for Redis Sentinel and Redis Cluster.")
                                 .arg(version.isEmpty() ? QString() : QLatin1Char(' ') + version),
                             this);
    about->setObjectName(QStringLiteral("shortcutsAbout"));
    about->setTextFormat(Qt::PlainText);
    about->setWordWrap(true);
    m_search->setObjectName(QStringLiteral("shortcutsSearch"));
    m_search->setPlaceholderText(tr("Search actions or keys…"));
    m_search->setClearButtonEnabled(true);
    m_tree->setObjectName(QStringLiteral("shortcutsTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Action"), tr("Shortcut")});
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);

    QTreeWidgetItem *group = nullptr;
    for (const Entry &e : collect(root)) {
        if (group == nullptr || group->text(0) != e.group) {
            group = new QTreeWidgetItem(m_tree, {e.group});
            QFont bold = group->font(0);
            bold.setBold(true);
            group->setFont(0, bold);
            group->setFlags(Qt::ItemIsEnabled);
            group->setFirstColumnSpanned(true);
        }
        new QTreeWidgetItem(group, {e.text, e.keys});
    }
    m_tree->expandAll();
    m_tree->resizeColumnToContents(1);
    m_tree->setColumnWidth(1, m_tree->columnWidth(1) + 16); // keys never touch the edge

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_search, &QLineEdit::textChanged, this, &ShortcutsDialog::setFilter);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(about);
    layout->addWidget(m_search);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    resize(520, 640);
    m_search->setFocus();
}

QString ShortcutsDialog::groupOf(const QAction *action)
{
    return locate(action).first;
}

std::pair<QString, int> ShortcutsDialog::locate(const QAction *action)
{
    if (action->shortcutContext() == Qt::WindowShortcut || action->shortcutContext() == Qt::ApplicationShortcut)
        return {tr("Main window"), -1};
    // The widget the action is added to that is closest to the window (a page, not a table in it).
    const QWidget *owner = nullptr;
    for (const QObject *o : action->associatedObjects()) {
        const auto *w = qobject_cast<const QWidget *>(o);
        if (w == nullptr || qobject_cast<const QMenu *>(w) || qobject_cast<const QMenuBar *>(w))
            continue;
        if (owner == nullptr || depthOf(w) < depthOf(owner))
            owner = w;
    }
    // The innermost tab holding it names the group.
    for (const QWidget *w = owner; w != nullptr; w = w->parentWidget()) {
        const QWidget *stack = w->parentWidget();
        if (qobject_cast<const QStackedWidget *>(stack) == nullptr)
            continue;
        if (const auto *tabs = qobject_cast<const QTabWidget *>(stack->parentWidget())) {
            const int index = tabs->indexOf(const_cast<QWidget *>(w));
            if (index >= 0)
                return {plainText(tabs->tabText(index)), index};
        }
    }
    return {tr("Other"), 1000};
}

QList<ShortcutsDialog::Entry> ShortcutsDialog::collect(const QWidget *root)
{
    QList<std::pair<int, QString>> groups; // (tab index, name): the window first, then the pages in tab order
    QHash<QString, QList<Entry>> byGroup;
    for (const QAction *a : root->findChildren<QAction *>()) {
        if (a->shortcut().isEmpty() || a->text().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence &k : a->shortcuts())
            keys << k.toString(QKeySequence::NativeText);
        const auto [group, order] = locate(a);
        const Entry e{group, plainText(a->text()), keys.join(QStringLiteral(", "))};
        QList<Entry> &list = byGroup[e.group];
        if (list.isEmpty())
            groups.append({order, group});
        const bool seen = std::any_of(list.cbegin(), list.cend(),
                                      [&e](const Entry &o) { return o.text == e.text && o.keys == e.keys; });
        if (!seen) // one line per action, not one per deployment tab
            list << e;
    }
    std::stable_sort(groups.begin(), groups.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<Entry> out;
    for (const auto &g : std::as_const(groups))
        out << byGroup.value(g.second);
    return out;
}

void ShortcutsDialog::setFilter(const QString &text)
{
    const QString needle = text.trimmed();
    for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = m_tree->topLevelItem(g);
        const bool groupMatches = group->text(0).contains(needle, Qt::CaseInsensitive);
        int shown = 0;
        for (int i = 0; i < group->childCount(); ++i) {
            QTreeWidgetItem *row = group->child(i);
            const bool match = needle.isEmpty() || groupMatches || row->text(0).contains(needle, Qt::CaseInsensitive)
                || row->text(1).contains(needle, Qt::CaseInsensitive);
            row->setHidden(!match);
            shown += match ? 1 : 0;
        }
        group->setHidden(shown == 0);
    }
}

QStringList ShortcutsDialog::visibleRows() const
{
    QStringList rows;
    for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
        const QTreeWidgetItem *group = m_tree->topLevelItem(g);
        if (group->isHidden())
            continue;
        for (int i = 0; i < group->childCount(); ++i)
            if (!group->child(i)->isHidden())
                rows << group->text(0) + QLatin1Char('\t') + group->child(i)->text(0) + QLatin1Char('\t') + group->child(i)->text(1);
    }
    return rows;
}

} // namespace ops
