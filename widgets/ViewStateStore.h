#pragma once

#include <QHash>
#include <QObject>
#include <QSet>
#include <QVariantMap>

class QHeaderView;
class QSplitter;
class QTabWidget;
class QWidget;

namespace ops {

/**
 * @brief Saves and restores the layout of a widget tree, generically: the state of every
 * QSplitter and horizontal QHeaderView (widths, order, sort) and the current index of every
 * QTabWidget under a root widget, keyed by a path of object names (class name and index for
 * unnamed widgets). A header whose column count changed since it was saved keeps its own layout.
 *
 * Views that get their content later are handled: an entry that cannot be applied yet (the
 * widget does not exist, a splitter has fewer widgets, a header has no sections) stays pending
 * and is applied as soon as it can — automatically for splitters and headers that exist, and on
 * applyPending() for widgets created later. capture() returns pending entries unchanged, so a
 * page the operator never opened keeps its saved layout. Only geometry is stored, never data.
 */
class ViewStateStore : public QObject
{
    Q_OBJECT
public:
    explicit ViewStateStore(QWidget *root);

    /** The layout of everything under the root now (plus entries still pending). */
    QVariantMap capture() const;
    /** Applies @p state (from capture()); what cannot be applied yet is kept pending. */
    void restore(const QVariantMap &state);
    /** Tries the pending entries again (call after views were created or filled). */
    void applyPending();
    bool hasPending() const { return !m_pending.isEmpty(); }

    /** Path of @p widget below @p root, e.g. "workspacePages/qt_tabwidget_stackedwidget/topologyPage/topologySplitter". */
    static QString pathOf(const QWidget *root, const QWidget *widget);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool applyOne(const QString &key, const QVariant &value);
    QWidget *find(const QString &path) const;
    void watch(QWidget *widget);

    QWidget *m_root;
    QVariantMap m_pending;
    QSet<QObject *> m_watched;          ///< views and models whose changes retry pending entries
    QHash<QString, QWidget *> m_index;  ///< path -> splitter, header or tab widget, per applyPending
};

} // namespace ops
