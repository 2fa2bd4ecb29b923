#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

class QAction;
class QComboBox;
class QLineEdit;

namespace ops {

/**
 * @brief The filter row of the history page: kind fragments (QLineEdit "historyKindFilter"),
 * node (QComboBox "historyNodeFilter", "All nodes" first), time range (QComboBox
 * "historyRange": last hour, 24 h, 7 days, all), a Reload button ("historyReload") and the
 * page's export actions as buttons ("historyExportCsv", "historyExportJson"). It only edits
 * and reports the filter; HistoryPage applies it.
 */
class HistoryFilterBar : public QWidget
{
    Q_OBJECT
public:
    enum class Range { LastHour, LastDay, LastWeek, All };

    HistoryFilterBar(QAction *exportCsv, QAction *exportJson, QAction *incidentReport = nullptr, QWidget *parent = nullptr);

    QString kindFilter() const;
    void setKindFilter(const QString &text);
    /** Node id or endpoint; empty = all. Unknown nodes are added to the list. */
    QString nodeFilter() const;
    void setNodeFilter(const QString &node);
    /**
     * Adds @p nodes to the node list (kept sorted, no duplicates), keeping the selection.
     * O(k log n) lookups for k nodes: call it with the nodes of new events only.
     */
    void addNodes(const QStringList &nodes);

    Range range() const;
    void setRange(Range range);
    /** Human text of the range for messages: "last 24 hours". */
    QString rangeText() const;
    /** Lower time bound of @p range at @p nowMs; 0 for All. */
    static qint64 sinceMs(Range range, qint64 nowMs);

    /** Moves the keyboard focus into the kind filter and selects its text (Ctrl+F). */
    void focusKindFilter();
    QLineEdit *kindEdit() const { return m_kindEdit; }

signals:
    void kindFilterChanged(const QString &text);
    void nodeFilterChanged(const QString &node);
    void rangeChanged();
    void reloadClicked();

private:
    QLineEdit *m_kindEdit = nullptr;
    /** Combo index of @p node (0 = "All nodes" for an empty one), -1 if not listed. O(log n). */
    int nodeIndex(const QString &node) const;
    /** Lists @p node at its sorted place. */
    void insertNode(const QString &node);

    QComboBox *m_nodeBox = nullptr;
    QStringList m_sortedNodes; ///< the nodes listed after "All nodes", sorted (the combo's order)
    QComboBox *m_rangeBox = nullptr;
};

} // namespace ops
