#pragma once

#include <QDialog>
#include <QList>

#include <utility>

class QAction;
class QLineEdit;
class QTreeWidget;

namespace ops {

/**
 * @brief The F1 dialog: every QAction under a root widget (the main window) that has a keyboard
 * shortcut, grouped by where it works ("Main window", or the page tab it belongs to: Topology,
 * Events, …), with a search field. Collected generically, so pages need no registration. Plain
 * text only. Its header names the application and version (the "About" of the console).
 *
 * objectNames: shortcutsDialog, shortcutsSearch, shortcutsTree.
 */
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    struct Entry
    {
        QString group;  ///< "Main window" or the page's tab text
        QString text;   ///< action text without mnemonics or a trailing ellipsis
        QString keys;   ///< every shortcut of the action, native text, ", "-separated
    };

    explicit ShortcutsDialog(QWidget *root, QWidget *parent = nullptr);

    /** The actions under @p root with a shortcut; the same group, text and keys only once. */
    static QList<Entry> collect(const QWidget *root);
    /** Where @p action works: "Main window" for window-wide ones, else the tab text of its page. */
    static QString groupOf(const QAction *action);

    QTreeWidget *tree() const { return m_tree; }
    /** Shows only rows whose action text, keys or group contain @p text (case-insensitive). */
    void setFilter(const QString &text);
    /** Rows shown now, as "group\ttext\tkeys". */
    QStringList visibleRows() const;

private:
    /** The group of @p action and its order: -1 for the window, else the page's tab index. */
    static std::pair<QString, int> locate(const QAction *action);

    QLineEdit *m_search;
    QTreeWidget *m_tree;
};

} // namespace ops
