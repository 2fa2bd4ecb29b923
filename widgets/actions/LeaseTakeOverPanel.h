#pragma once

#include <QFrame>

class QLabel;
class QLineEdit;
class QPushButton;

namespace ops {

/**
 * @brief The wizards' answer to "another console holds this deployment's operation lease": who,
 * where, what and until when (plain text), and "Take over…" behind a typed confirmation — the
 * holder's operation id's first 8 characters, as `redis-ops --take-over-lease` takes it. The
 * take-over itself is journaled by the backend (audit row, and the new operation names the
 * previous holder); the holder's console stops at its next lease renewal.
 */
class LeaseTakeOverPanel : public QFrame
{
    Q_OBJECT
public:
    explicit LeaseTakeOverPanel(QWidget *parent = nullptr);

    /** Shows the holder (OperationLease::holderText()) and asks for @p holderOperation's first 8 characters. */
    void showHolder(const QString &holderText, const QString &holderOperation);
    /** Hides the panel (a new run, a new plan). */
    void clear();
    /** What the operator must type. */
    QString expected() const { return m_holderOperation.left(8); }

signals:
    /** The operator typed the confirmation and pressed "Take over…": run the same plan taking it over. */
    void takeOverConfirmed(const QString &holderOperation);

private:
    QLabel *m_holder;
    QLabel *m_prompt;
    QLineEdit *m_typed;
    QPushButton *m_takeOver;
    QString m_holderOperation;
};

} // namespace ops
