#include "DrillBar.h"

#include "core/PlainText.h"

#include <QLabel>

namespace ops {

DrillBar::DrillBar(QWidget *parent)
    : QToolBar(tr("Drill"), parent), m_status(new QLabel(this)), m_clock(new QLabel(this)), m_check(new QLabel(this))
{
    setObjectName(QStringLiteral("drillBar"));
    setMovable(false);
    for (QLabel *l : {m_status, m_clock, m_check})
        l->setTextFormat(Qt::PlainText);
    m_status->setObjectName(QStringLiteral("drillStatus"));
    m_clock->setObjectName(QStringLiteral("drillClock"));
    m_check->setObjectName(QStringLiteral("drillCheck"));
    QFont bold = m_clock->font();
    bold.setBold(true);
    m_clock->setFont(bold);
    m_status->setWordWrap(true);
    m_status->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    addWidget(m_status);
    addWidget(m_clock);
    addSeparator();
    addWidget(m_check);
    m_acknowledge = addAction(tr("Acknowledge"), this, &DrillBar::acknowledgeRequested);
    m_acknowledge->setObjectName(QStringLiteral("drillAcknowledge"));
    m_acknowledge->setToolTip(tr("You noticed the problem: the drill's time to detect stops here."));
    m_abort = addAction(tr("Abort drill"), this, &DrillBar::abortRequested);
    m_abort->setObjectName(QStringLiteral("drillAbort"));
    m_abort->setToolTip(tr("Undo the fault and end the drill without a recovery."));
    m_report = addAction(tr("Report…"), this, &DrillBar::reportRequested);
    m_report->setObjectName(QStringLiteral("drillReport"));
    m_close = addAction(tr("Close drill"), this, &DrillBar::closeRequested);
    m_close->setObjectName(QStringLiteral("drillClose"));
    m_close->setToolTip(tr("Stop the drill's lab and close its tab."));
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &DrillBar::tick);
}

void DrillBar::showStarting(const QString &title, const QString &briefing)
{
    m_title = title;
    m_briefing = briefing;
    m_running = true;
    m_seen.clear();
    m_sinceFault.invalidate();
    m_ticker.stop();
    m_status->setText(tr("Drill: %1 — starting").arg(title));
    m_status->setToolTip(PlainText::toolTip(briefing));
    m_clock->clear();
    m_check->clear();
    m_acknowledge->setEnabled(false);
    m_abort->setEnabled(true);
    m_report->setVisible(false);
    m_close->setVisible(false);
    show();
}

void DrillBar::showProgress(const QString &step)
{
    if (m_running && !m_sinceFault.isValid())
        m_status->setText(tr("Drill: %1 — %2").arg(m_title, step));
}

void DrillBar::showInjected()
{
    m_sinceFault.start();
    m_ticker.start();
    m_status->setText(tr("Drill: %1 — it has started. %2").arg(m_title, m_briefing));
    m_acknowledge->setEnabled(true);
    tick();
}

void DrillBar::showCheck(bool recovered)
{
    // Not why: "a replica's link is down" would tell the trainee what the drill broke.
    if (m_running)
        m_check->setText(recovered ? tr("recovered") : tr("not recovered yet"));
}

void DrillBar::showActionSeen(const QString &action)
{
    m_seen << action;
    m_check->setToolTip(PlainText::toolTip(tr("Seen in the history: %1").arg(m_seen.join(QStringLiteral(", ")))));
}

void DrillBar::showFinished(const DrillScore &score, const QString &storeError)
{
    m_running = false;
    m_ticker.stop();
    QString text = tr("Drill %1 %2").arg(score.scenarioId, score.outcome);
    if (score.outcome == QLatin1String("refused")) {
        text += QStringLiteral(": ") + score.note;
    } else if (score.startedMs <= 0) { // ended before its fault went in (aborted, or the lab failed)
        text += score.note.isEmpty() ? tr(" before the fault went in") : tr(" before the fault went in: %1").arg(score.note);
    } else {
        text += tr(": detected after %1, recovered after %2, %3 of %4 acknowledged writes lost")
                    .arg(DrillScore::secondsText(score.detectMs, tr("never")), DrillScore::secondsText(score.recoverMs, tr("never")),
                         score.lostWrites < 0 ? tr("unknown") : QString::number(score.lostWrites), QString::number(score.ackedWrites));
        if (score.runbookSteps > 0)
            text += tr(", %1 of %2 runbook steps").arg(score.matchedSteps).arg(score.runbookSteps);
        if (!storeError.isEmpty())
            text += tr(" (not stored: %1)").arg(storeError);
    }
    m_status->setText(text);
    m_status->setToolTip(PlainText::toolTip(score.toText()));
    // The clock stops where the drill did: at the recovery, or where it was.
    if (score.recoverMs >= 0)
        m_clock->setText(clockText(score.recoverMs));
    else if (!m_sinceFault.isValid())
        m_clock->clear();
    else
        tick();
    m_check->clear();
    m_acknowledge->setEnabled(false);
    m_abort->setEnabled(false);
    m_report->setVisible(true);
    m_close->setVisible(score.outcome != QLatin1String("refused"));
    show();
}

QString DrillBar::statusText() const
{
    return m_status->text();
}

QString DrillBar::clockText() const
{
    return m_clock->text();
}

QString DrillBar::checkText() const
{
    return m_check->text();
}

void DrillBar::tick()
{
    if (!m_sinceFault.isValid())
        return m_clock->clear();
    m_clock->setText(clockText(m_sinceFault.elapsed()));
}

QString DrillBar::clockText(qint64 ms)
{
    const qint64 s = ms / 1000;
    return QStringLiteral("%1:%2").arg(s / 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace ops
