#pragma once

#include "history/ColleagueOperation.h"

#include <QFrame>
#include <QHash>

class QLabel;

namespace ops {

/**
 * @brief Live colleagues in a deployment's tab: one line per operation another console runs on
 * this deployment, "ops@host-b is failing over mymaster — step 3 of 6", updated on every
 * notification, then its result ("… succeeded in 4.2 s"), which stays until the operator closes
 * the bar or a newer operation replaces it. Hidden while there is nothing to say. Plain text.
 */
class ColleagueBar : public QFrame
{
    Q_OBJECT
public:
    explicit ColleagueBar(QWidget *parent = nullptr);

    /** The latest state of a colleague's operation (one line per operation, newest first). */
    void showOperation(const ColleagueOperation &operation);
    /** The lines shown, newline-separated. */
    QString text() const;

signals:
    /** The lines changed (tests time a colleague's step to the text shown). */
    void textChanged(const QString &text);

private:
    void render();

    QLabel *m_label;
    QList<ColleagueOperation> m_operations; ///< newest first; finished ones dropped when a newer one starts
};

} // namespace ops
