#pragma once

#include "model/OpsEvent.h"

#include <QTimer>
#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTabWidget;

namespace ops {

class AppLogModel;
class EventLogModel;

/**
 * @brief The event log: live events of the deployment and the application's own log, in two
 * tabs, filtered by one search box, copyable (Ctrl+C copies the selected rows as tab-separated
 * text). Server strings are shown as plain text (item views never interpret markup).
 */
class EventLogPage : public QWidget
{
    Q_OBJECT
public:
    explicit EventLogPage(QWidget *parent = nullptr);

    void addEvents(const OpsEvents &events);
    EventLogModel *eventModel() const { return m_events; }
    AppLogModel *logModel() const { return m_log; }
    /** Rows of the focused table that pass the filter, as copied to the clipboard. */
    QString selectedText(QTableView *view) const;

private:
    QTableView *makeTable(QSortFilterProxyModel *proxy, const QString &name);
    void copySelection();
    /** Fits the columns to the first rows, once; later widths are the operator's. */
    void sizeColumnsOnce(QTableView *table, bool &done);

    EventLogModel *m_events;
    AppLogModel *m_log;
    QSortFilterProxyModel *m_eventProxy;
    QSortFilterProxyModel *m_logProxy;
    QLineEdit *m_search;
    QTabWidget *m_tabs;
    QTableView *m_eventTable;
    QTableView *m_logTable;
    QTimer m_logTimer;
    bool m_eventColumnsSized = false;
    bool m_logColumnsSized = false;
};

} // namespace ops
