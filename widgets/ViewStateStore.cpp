#include "ViewStateStore.h"

#include <QChildEvent>
#include <QHeaderView>
#include <QSplitter>
#include <QTabWidget>

namespace ops {

namespace {

const QString kSplitter = QStringLiteral("splitter:");
const QString kHeader = QStringLiteral("header:");
const QString kTabs = QStringLiteral("tabs:");
const QString kState = QStringLiteral("state");
const QString kCount = QStringLiteral("count");

QString segmentBase(const QObject *o)
{
    return o->objectName().isEmpty() ? QString::fromLatin1(o->metaObject()->className()) : o->objectName();
}

QString segmentOf(const QWidget *w)
{
    const QString base = segmentBase(w);
    int n = 0;
    if (const QObject *parent = w->parent())
        for (const QObject *sibling : parent->children()) {
            if (sibling == w)
                break;
            if (sibling->isWidgetType() && segmentBase(sibling) == base)
                ++n;
        }
    return n == 0 ? base : base + QLatin1Char('#') + QString::number(n);
}

} // namespace

ViewStateStore::ViewStateStore(QWidget *root)
    : QObject(root), m_root(root)
{
}

QString ViewStateStore::pathOf(const QWidget *root, const QWidget *widget)
{
    QStringList segments;
    for (const QWidget *w = widget; w != nullptr && w != root; w = w->parentWidget())
        segments.prepend(segmentOf(w));
    return segments.join(QLatin1Char('/'));
}

QVariantMap ViewStateStore::capture() const
{
    QVariantMap out = m_pending; // never applied: keep what was saved
    for (const QSplitter *s : m_root->findChildren<QSplitter *>()) {
        const QString key = kSplitter + pathOf(m_root, s);
        if (!m_pending.contains(key))
            out.insert(key, QVariantMap{{kState, s->saveState()}, {kCount, s->count()}});
    }
    for (const QHeaderView *h : m_root->findChildren<QHeaderView *>()) {
        if (h->orientation() != Qt::Horizontal) // row headers follow the data, not the operator
            continue;
        const QString key = kHeader + pathOf(m_root, h);
        if (!m_pending.contains(key) && h->count() > 0)
            out.insert(key, QVariantMap{{kState, h->saveState()}, {kCount, h->count()}});
    }
    for (const QTabWidget *t : m_root->findChildren<QTabWidget *>()) {
        const QString key = kTabs + pathOf(m_root, t);
        if (!m_pending.contains(key))
            out.insert(key, t->currentIndex());
    }
    return out;
}

void ViewStateStore::restore(const QVariantMap &state)
{
    for (auto it = state.cbegin(); it != state.cend(); ++it)
        if (it.key().startsWith(kSplitter) || it.key().startsWith(kHeader) || it.key().startsWith(kTabs))
            m_pending.insert(it.key(), it.value());
    applyPending();
}

void ViewStateStore::applyPending()
{
    if (m_pending.isEmpty())
        return;
    m_index.clear();
    for (QWidget *w : m_root->findChildren<QWidget *>())
        if (qobject_cast<QSplitter *>(w) || qobject_cast<QHeaderView *>(w) || qobject_cast<QTabWidget *>(w))
            m_index.insert(pathOf(m_root, w), w);
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (applyOne(it.key(), it.value()))
            it = m_pending.erase(it);
        else
            ++it;
    }
    m_index.clear();
}

QWidget *ViewStateStore::find(const QString &path) const
{
    return m_index.value(path); // built by applyPending
}

bool ViewStateStore::applyOne(const QString &key, const QVariant &value)
{
    // true: done with the entry (applied, or it can never apply); false: try again later.
    if (key.startsWith(kTabs)) {
        auto *tabs = qobject_cast<QTabWidget *>(find(key.mid(kTabs.size())));
        if (tabs == nullptr)
            return false;
        const int index = value.toInt();
        if (index >= 0 && index < tabs->count() && tabs->isTabVisible(index))
            tabs->setCurrentIndex(index);
        return true;
    }
    const bool splitter = key.startsWith(kSplitter);
    const QString path = key.mid(splitter ? kSplitter.size() : kHeader.size());
    const QVariantMap entry = value.toMap();
    const QByteArray state = entry.value(kState).toByteArray();
    if (state.isEmpty())
        return true;
    QWidget *w = find(path);
    if (splitter) {
        auto *s = qobject_cast<QSplitter *>(w);
        if (s == nullptr)
            return false;
        if (s->count() < entry.value(kCount).toInt()) {
            watch(s); // its widgets come later
            return false;
        }
        s->restoreState(state);
        return true;
    }
    auto *h = qobject_cast<QHeaderView *>(w);
    if (h == nullptr)
        return false;
    // Views size their columns to the first rows they get: the saved widths go on after that.
    const QAbstractItemModel *model = h->model();
    const bool filled = model != nullptr
        && (h->orientation() == Qt::Horizontal ? model->rowCount(h->rootIndex()) : model->columnCount(h->rootIndex())) > 0;
    if (h->count() == 0 || !filled) {
        watch(h);
        return false;
    }
    // Other columns than when saved (a newer version): the view's own layout is better than a mix.
    if (h->count() == entry.value(kCount).toInt())
        h->restoreState(state);
    return true;
}

void ViewStateStore::watch(QWidget *widget)
{
    // Applied from the event loop: never inside the model change or child insertion itself.
    if (!m_watched.contains(widget)) {
        m_watched.insert(widget);
        connect(widget, &QObject::destroyed, this, [this, widget] { m_watched.remove(widget); });
        if (auto *h = qobject_cast<QHeaderView *>(widget))
            connect(h, &QHeaderView::sectionCountChanged, this, &ViewStateStore::applyPending, Qt::QueuedConnection);
        else
            widget->installEventFilter(this);
    }
    auto *h = qobject_cast<QHeaderView *>(widget);
    QAbstractItemModel *model = h != nullptr ? h->model() : nullptr;
    if (model == nullptr || m_watched.contains(model))
        return;
    m_watched.insert(model);
    connect(model, &QObject::destroyed, this, [this, model] { m_watched.remove(model); });
    connect(model, &QAbstractItemModel::rowsInserted, this, &ViewStateStore::applyPending, Qt::QueuedConnection);
    connect(model, &QAbstractItemModel::modelReset, this, &ViewStateStore::applyPending, Qt::QueuedConnection);
}

bool ViewStateStore::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ChildAdded && !m_pending.isEmpty())
        QMetaObject::invokeMethod(this, &ViewStateStore::applyPending, Qt::QueuedConnection);
    return QObject::eventFilter(watched, event);
}

} // namespace ops
