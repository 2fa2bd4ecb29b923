#pragma once

#include "history/HistoryError.h"
#include "history/OperationQuery.h"
#include "history/OperationRecord.h"

#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QLabel;
class QTableView;

namespace ops {

class OperationTableModel;
class OperationTableProxy;

/**
 * @brief The History page's operations list: every journaled operation of the deployment (who,
 * mode, pre-check results, duration, state / outcome; unfinished ones marked "unfinished
 * (interrupted)"), and a "Show" control: all events, or only the events of the selected
 * operation (filterChanged carries its id; empty = all). It reads them through an injected
 * query function (in the console ConsoleRuntime::queryOperations); answers to superseded
 * queries are ignored. The table's context menu has "Resume…" for a selected reshard that did not
 * succeed (resumeRequested; the window opens the resume wizard).
 */
class OperationsPanel : public QWidget
{
    Q_OBJECT
public:
    enum Scope { AllEvents, SelectedOperation };
    using Handler = std::function<void(const QList<ops::OperationRecord> &operations, const ops::HistoryError &error)>;
    /** Reads journaled operations and calls the handler (GUI thread) unless the context is gone. */
    using QueryFunction = std::function<void(const OperationQuery &query, QObject *context, Handler handler)>;

    explicit OperationsPanel(QWidget *parent = nullptr);

    void setQuery(QueryFunction query) { m_query = std::move(query); }
    bool hasQuery() const { return bool(m_query); }
    /** Reads the operations of @p deploymentId (empty = all) again, with their steps. */
    void refresh(const QString &deploymentId);
    /** Selects operation @p id and shows only its events; if it is not listed yet, once it is. */
    bool showOperation(const QString &id);

    void setOperations(const QList<OperationRecord> &operations);
    /** Shows @p message instead of rows (the journal could not be read). */
    void setError(const QString &message);
    /** Selects operation @p id (false if it is not listed). */
    bool selectOperation(const QString &id);
    /** The selected operation's id; empty when none. */
    QString selectedOperation() const;
    void setScope(Scope scope);
    Scope scope() const;
    /** The operation id events are filtered by: the selection in SelectedOperation scope, else empty. */
    QString filterOperation() const;

    OperationTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QComboBox *scopeBox() const { return m_scope; }
    QString summaryText() const;
    /** The table's "Resume…" (context menu): enabled for a selected reshard that did not succeed. */
    QAction *resumeAction() const { return m_resume; }

signals:
    /** The operation events are filtered by changed (empty = every event). */
    void filterChanged(const QString &operationId);
    /** The operator selected an operation (its details can be shown). */
    void operationSelected(const ops::OperationRecord &operation);
    /** The operator asked to finish @p operation (a reshard) through the resume wizard. */
    void resumeRequested(const ops::OperationRecord &operation);

private:
    void emitFilter();
    /** The selected operation, if any. */
    const OperationRecord *selectedRecord() const;
    void updateResume();
    void sizeColumns();

    QueryFunction m_query;
    quint64 m_generation = 0;
    QString m_pendingOperation;  ///< showOperation() before the list arrived
    OperationTableModel *m_model;
    OperationTableProxy *m_proxy;
    QTableView *m_table;
    QComboBox *m_scope;
    QLabel *m_summary;
    QAction *m_resume;
    QString m_lastFilter;
};

} // namespace ops
