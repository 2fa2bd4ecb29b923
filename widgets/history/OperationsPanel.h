#pragma once

#include "history/OperationRecord.h"

#include <QWidget>

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
 * operation (filterChanged carries its id; empty = all).
 */
class OperationsPanel : public QWidget
{
    Q_OBJECT
public:
    enum Scope { AllEvents, SelectedOperation };

    explicit OperationsPanel(QWidget *parent = nullptr);

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

signals:
    /** The operation events are filtered by changed (empty = every event). */
    void filterChanged(const QString &operationId);
    /** The operator selected an operation (its details can be shown). */
    void operationSelected(const ops::OperationRecord &operation);

private:
    void emitFilter();
    void sizeColumns();

    OperationTableModel *m_model;
    OperationTableProxy *m_proxy;
    QTableView *m_table;
    QComboBox *m_scope;
    QLabel *m_summary;
    QString m_lastFilter;
};

} // namespace ops
