#pragma once

#include "drills/DrillScore.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QToolBar>

class QLabel;

namespace ops {

/**
 * @brief The running drill, above the pages: its title and briefing, where it is (lab starting,
 * data loading, fault in), the time since the fault, the last recovery check and what the
 * trainee did that the history shows; Acknowledge (the trainee noticed: the time to detect),
 * Abort (faults undone) and, once it ended, the score with Report… and Close (its lab stops).
 * A toolbar, so the window's central widget is untouched. Plain text only. The clock display
 * ticks every second (tick() for tests); the score's times come from the backend's clock.
 */
class DrillBar : public QToolBar
{
    Q_OBJECT
public:
    explicit DrillBar(QWidget *parent = nullptr);

    void showStarting(const QString &title, const QString &briefing);
    void showProgress(const QString &step);
    void showInjected();
    /** The last recovery check: "recovered" or "not recovered yet" — never why, which would give the fault away. */
    void showCheck(bool recovered);
    void showActionSeen(const QString &action);
    /** The end: the score (or why it was refused); @p storeError: why it was not stored. */
    void showFinished(const ops::DrillScore &score, const QString &storeError);

    QString statusText() const;
    QString checkText() const;
    bool running() const { return m_running; }
    /** Redraws the clock (the timer's slot). */
    void tick();
    QString clockText() const;
    /** "mm:ss" of @p ms. */
    static QString clockText(qint64 ms);

signals:
    void acknowledgeRequested();
    void abortRequested();
    void reportRequested();
    void closeRequested();

private:
    QLabel *m_status;
    QLabel *m_clock;
    QLabel *m_check;
    QAction *m_acknowledge;
    QAction *m_abort;
    QAction *m_report;
    QAction *m_close;
    QString m_title;
    QString m_briefing;
    QStringList m_seen;
    QElapsedTimer m_sinceFault;
    QTimer m_ticker;
    bool m_running = false;
};

} // namespace ops
