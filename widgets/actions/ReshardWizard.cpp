#include "ReshardWizard.h"

#include "LeaseTakeOverPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ops {

namespace {
constexpr int kLogLines = 400; // a reshard journals hundreds of steps: the log keeps the last ones

QString eta(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("?");
    return ms < 60'000 ? QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1)
                       : QStringLiteral("%1 min %2 s").arg(ms / 60'000).arg((ms % 60'000) / 1000);
}
} // namespace

ReshardWizard::ReshardWizard(const QString &deploymentTitle, const QStringList &masters, const ReshardIntent &intent,
                             QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("reshardWizard"));
    setWindowTitle(tr("Reshard — %1").arg(deploymentTitle));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(860, 720);
    buildForm(masters);
    applyIntent(intent);
}

ReshardWizard::~ReshardWizard() = default;

void ReshardWizard::buildForm(const QStringList &masters)
{
    auto *layout = new QVBoxLayout(this);
    m_resumeText = new QLabel(this);
    m_resumeText->setObjectName(QStringLiteral("reshardResumeText"));
    m_resumeText->setTextFormat(Qt::PlainText);
    m_resumeText->setWordWrap(true);
    m_resumeText->setVisible(false);
    layout->addWidget(m_resumeText);
    auto *form = new QFormLayout;
    m_form = form;
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("reshardMode"));
    m_mode->addItem(tr("Move slots"), int(ReshardIntent::Mode::Move));
    m_mode->addItem(tr("Rebalance"), int(ReshardIntent::Mode::Rebalance));
    m_mode->addItem(tr("Drain a master"), int(ReshardIntent::Mode::Drain));
    form->addRow(tr("&Operation"), m_mode);
    m_sources = new QComboBox(this);
    m_sources->setObjectName(QStringLiteral("reshardSources"));
    m_sources->setEditable(true);
    m_sources->addItems(masters);
    m_sources->setToolTip(tr("Source master(s): addresses or node ids, comma-separated"));
    form->addRow(tr("&From"), m_sources);
    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("reshardTarget"));
    m_target->setEditable(true);
    m_target->addItems(masters);
    form->addRow(tr("&To"), m_target);
    m_slots = new QLineEdit(this);
    m_slots->setObjectName(QStringLiteral("reshardSlots"));
    m_slots->setPlaceholderText(tr("a number of slots (1000) or ranges (0-999,2000)"));
    form->addRow(tr("&Slots"), m_slots);
    m_emptyMasters = new QCheckBox(tr("Masters without slots take their share"), this);
    m_emptyMasters->setObjectName(QStringLiteral("reshardEmptyMasters"));
    form->addRow(QString(), m_emptyMasters);
    auto *tuning = new QHBoxLayout;
    m_streams = new QSpinBox(this);
    m_streams->setObjectName(QStringLiteral("reshardStreams"));
    m_streams->setRange(1, 16);
    m_streams->setValue(4);
    m_rate = new QSpinBox(this);
    m_rate->setObjectName(QStringLiteral("reshardRate"));
    m_rate->setRange(0, 10'000'000);
    m_rate->setSingleStep(1000);
    m_rate->setSpecialValueText(tr("no limit"));
    auto *streamsLabel = new QLabel(tr("Streams per pair"), this);
    auto *rateLabel = new QLabel(tr("Max keys/s"), this);
    tuning->addWidget(streamsLabel);
    tuning->addWidget(m_streams);
    tuning->addWidget(rateLabel);
    tuning->addWidget(m_rate);
    m_paceOnly = {streamsLabel, m_streams, rateLabel, m_rate};
    tuning->addStretch();
    m_planButton = new QPushButton(tr("&Plan"), this);
    m_planButton->setObjectName(QStringLiteral("reshardPlanButton"));
    tuning->addWidget(m_planButton);
    form->addRow(tr("Pace"), tuning);
    layout->addLayout(form);

    m_plan = new QPlainTextEdit(this);
    m_plan->setObjectName(QStringLiteral("reshardPlan"));
    m_plan->setReadOnly(true);
    m_plan->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_plan->setPlaceholderText(tr("The plan appears here: nothing runs before you confirm it."));
    layout->addWidget(m_plan, 3);

    auto *confirm = new QHBoxLayout;
    m_confirmLabel = new QLabel(this);
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(QStringLiteral("reshardConfirm"));
    m_start = new QPushButton(tr("&Start"), this);
    m_start->setObjectName(QStringLiteral("reshardStart"));
    confirm->addWidget(m_confirmLabel);
    confirm->addWidget(m_confirm, 1);
    confirm->addWidget(m_start);
    layout->addLayout(confirm);

    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("reshardProgressBar"));
    m_bar->setFormat(tr("%v of %m slots"));
    m_numbers = new QLabel(this);
    m_numbers->setObjectName(QStringLiteral("reshardProgressText"));
    m_numbers->setTextFormat(Qt::PlainText);
    m_numbers->setWordWrap(true);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("reshardLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(kLogLines);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("reshardResult"));
    m_result->setTextFormat(Qt::PlainText);
    m_result->setWordWrap(true);
    layout->addWidget(m_bar);
    layout->addWidget(m_numbers);
    layout->addWidget(m_log, 2);
    layout->addWidget(m_result);
    m_takeOver = new LeaseTakeOverPanel(this);
    layout->addWidget(m_takeOver);
    connect(m_takeOver, &LeaseTakeOverPanel::takeOverConfirmed, this, [this](const QString &holderOperation) {
        m_takeOver->clear();
        m_start->setEnabled(false);
        m_result->setText(tr("Taking the lease over from %1…").arg(holderOperation));
        emit takeOverRequested(m_preview.id, holderOperation);
    });

    auto *buttons = new QHBoxLayout;
    m_pause = new QPushButton(tr("&Pause"), this);
    m_pause->setObjectName(QStringLiteral("reshardPause"));
    m_cancel = new QPushButton(tr("&Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("reshardCancel"));
    auto *close = new QPushButton(tr("Close"), this);
    close->setObjectName(QStringLiteral("reshardClose"));
    buttons->addStretch();
    buttons->addWidget(m_pause);
    buttons->addWidget(m_cancel);
    buttons->addWidget(close);
    layout->addLayout(buttons);

    connect(m_mode, &QComboBox::currentIndexChanged, this, &ReshardWizard::updateModeFields);
    connect(m_planButton, &QPushButton::clicked, this, &ReshardWizard::requestPreview);
    connect(m_confirm, &QLineEdit::textChanged, this, &ReshardWizard::updateStart);
    connect(m_start, &QPushButton::clicked, this, [this] {
        m_start->setEnabled(false);
        emit executeRequested(m_preview.id);
    });
    connect(m_pause, &QPushButton::clicked, this, [this] {
        m_paused = !m_paused;
        m_pause->setText(m_paused ? tr("&Resume") : tr("&Pause"));
        emit pauseRequested(m_paused);
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_log->appendPlainText(tr("Cancelling: the open windows finish, no slot is left open."));
        emit cancelRequested();
    });
    connect(close, &QPushButton::clicked, this, &ReshardWizard::reject);
    m_pause->setEnabled(false);
    m_cancel->setEnabled(false);
    m_bar->setVisible(false);
    m_log->setVisible(false); // until it runs: the plan takes the room
    updateStart();
}

void ReshardWizard::applyIntent(const ReshardIntent &intent)
{
    m_mode->setCurrentIndex(m_mode->findData(int(intent.mode)));
    // Empty unless the intent names them: an editable combo would otherwise show its first master.
    m_sources->setCurrentIndex(-1);
    m_sources->setEditText(intent.sources.join(QStringLiteral(",")));
    m_target->setCurrentIndex(-1);
    m_target->setEditText(intent.target);
    QStringList ranges;
    for (const SlotRange &r : intent.ranges)
        ranges << r.toString();
    m_slots->setText(!ranges.isEmpty() ? ranges.join(QLatin1Char(',')) : intent.slotCount > 0 ? QString::number(intent.slotCount) : QString());
    m_emptyMasters->setChecked(intent.useEmptyMasters);
    m_streams->setValue(intent.streams);
    m_rate->setValue(int(std::min<qint64>(intent.maxKeysPerSecond, m_rate->maximum())));
    updateModeFields();
}

void ReshardWizard::setResume(const QString &operationId, const QString &summary)
{
    m_resumeOperation = operationId;
    setWindowTitle(tr("Resume reshard %1 — %2").arg(operationId.left(8), windowTitle().section(QStringLiteral(" — "), 1)));
    m_resumeText->setText(tr("Finish a reshard that did not complete (interrupted, or stopped on an error). What is left is "
                             "planned from the cluster as it is now; nothing runs before you confirm it.\n%1")
                              .arg(summary));
    m_resumeText->setVisible(true);
    for (int row = 0; row < 5; ++row) // operation, from, to, slots, empty masters: the journaled plan says
        m_form->setRowVisible(row, false);
    for (QWidget *w : std::as_const(m_paceOnly))
        w->setVisible(false);
    if (QLayoutItem *label = m_form->itemAt(5, QFormLayout::LabelRole); label && label->widget())
        label->widget()->setVisible(false); // "Pace": the operation keeps its own streams and throttle
    m_planButton->setText(tr("&Survey again"));
}

void ReshardWizard::begin()
{
    if (!m_resumeOperation.isEmpty())
        return requestPreview();
    ReshardIntent intent;
    QString why;
    if (readIntent(&intent, &why))
        requestPreview();
    else
        m_plan->setPlainText(tr("Choose what to move, then Plan."));
}

void ReshardWizard::updateModeFields()
{
    const auto mode = ReshardIntent::Mode(m_mode->currentData().toInt());
    m_sources->setEnabled(mode != ReshardIntent::Mode::Rebalance);
    m_target->setEnabled(mode != ReshardIntent::Mode::Rebalance);
    m_slots->setEnabled(mode == ReshardIntent::Mode::Move);
    m_emptyMasters->setEnabled(mode == ReshardIntent::Mode::Rebalance);
}

bool ReshardWizard::readIntent(ReshardIntent *intent, QString *why) const
{
    intent->mode = ReshardIntent::Mode(m_mode->currentData().toInt());
    intent->streams = m_streams->value();
    intent->maxKeysPerSecond = m_rate->value();
    intent->useEmptyMasters = m_emptyMasters->isChecked();
    const QStringList names = m_sources->currentText().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &n : names)
        intent->sources << n.trimmed();
    const QString target = m_target->currentText().trimmed();
    if (intent->mode == ReshardIntent::Mode::Drain) {
        if (intent->sources.size() != 1) {
            *why = tr("name the one master to drain");
            return false;
        }
        if (!target.isEmpty() && target != intent->sources.first())
            intent->drainTo = {target};
        return true;
    }
    if (intent->mode == ReshardIntent::Mode::Rebalance)
        return true;
    intent->target = target;
    const QString slotText = m_slots->text().trimmed();
    static const QRegularExpression number(QStringLiteral("^\\d+$"));
    if (number.match(slotText).hasMatch()) {
        intent->slotCount = slotText.toInt();
    } else {
        for (const QString &part : slotText.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QStringList ends = part.trimmed().split(QLatin1Char('-'));
            bool a = false;
            bool b = false;
            const int first = ends.value(0).toInt(&a);
            const int last = ends.size() > 1 ? ends.value(1).toInt(&b) : first;
            if (!a || (ends.size() > 1 && !b) || first > last || last >= kSlotCount || ends.size() > 2) {
                *why = tr("slots: a number, or ranges such as 0-999,2000");
                return false;
            }
            intent->ranges << SlotRange{first, last};
        }
    }
    if (intent->target.isEmpty() || (intent->slotCount == 0 && intent->ranges.isEmpty())) {
        *why = tr("name the target and the slots");
        return false;
    }
    return true;
}

void ReshardWizard::requestPreview()
{
    if (!m_resumeOperation.isEmpty()) {
        m_preview = ActionPreview{};
        m_confirm->clear();
        m_plan->setPlainText(tr("Reading the journal and surveying the cluster…"));
        updateStart();
        emit resumePreviewRequested(m_resumeOperation);
        return;
    }
    ReshardIntent intent;
    QString why;
    if (!readIntent(&intent, &why)) {
        m_plan->setPlainText(why);
        return;
    }
    m_preview = ActionPreview{};
    m_confirm->clear();
    m_plan->setPlainText(tr("Surveying the cluster…"));
    updateStart();
    emit previewRequested(intent);
}

void ReshardWizard::showPreview(const ActionPreview &preview)
{
    if (m_running || m_finished)
        return;
    m_preview = preview;
    QStringList text{preview.title};
    if (!preview.refusal.isEmpty())
        text << tr("Refused: %1").arg(preview.refusal);
    text << preview.plan;
    for (const QString &w : preview.warnings)
        text << tr("Warning: %1").arg(w);
    m_plan->setPlainText(text.join(QLatin1Char('\n')));
    m_confirmLabel->setText(preview.allowed() ? tr("Type %1 to confirm:").arg(preview.confirmText) : tr("Not runnable:"));
    updateStart();
}

void ReshardWizard::updateStart()
{
    m_start->setEnabled(!m_running && !m_finished && m_preview.allowed()
                        && m_confirm->text().trimmed() == m_preview.confirmText);
}

void ReshardWizard::showStarted(const QString &operationId)
{
    m_running = true;
    m_bar->setVisible(true);
    m_log->setVisible(true);
    m_pause->setEnabled(true);
    m_cancel->setEnabled(true);
    for (QWidget *w : std::initializer_list<QWidget *>{m_mode, m_sources, m_target, m_slots, m_emptyMasters, m_streams, m_rate,
                                                      m_planButton, m_confirm})
        w->setEnabled(false);
    m_log->appendPlainText(tr("Operation %1 started").arg(operationId));
    updateStart();
}

void ReshardWizard::showProgress(const ActionProgress &progress)
{
    if (progress.kind == ActionProgress::Kind::Step && !progress.failed)
        return; // hundreds of answered steps: the numbers above tell the story; failures are listed
    m_log->appendPlainText(QStringLiteral("%1 ms  %2").arg(progress.atMs, 7).arg(progress.text));
}

void ReshardWizard::showReshardProgress(const ReshardProgress &p)
{
    m_bar->setRange(0, std::max(1, p.slotsTotal));
    m_bar->setValue(p.slotsDone);
    QStringList open;
    for (const ReshardProgress::Stream &s : p.streams)
        if (!s.openSlots.isEmpty())
            open << QStringLiteral("%1→%2: %3").arg(s.source, s.target, s.openSlots);
    m_numbers->setText(tr("%1 keys moved of ~%2 · %3 keys/s · ~%4 KB/s · ETA %5%6\nOpen now: %7")
                           .arg(p.keysMoved)
                           .arg(p.keysEstimated)
                           .arg(qRound64(p.keysPerSecond))
                           .arg(qRound64(p.bytesPerSecond / 1024.0))
                           .arg(eta(p.etaMs), p.paused ? tr(" · paused") : QString(),
                                open.isEmpty() ? tr("no slot") : open.join(QStringLiteral("; "))));
}

void ReshardWizard::showOutcome(const ActionOutcome &outcome)
{
    m_running = false;
    m_finished = !outcome.operationId.isEmpty();
    m_pause->setEnabled(false);
    m_cancel->setEnabled(false);
    m_result->setText(tr("%1%2: %3\n%4")
                          .arg(outcome.state, outcome.verified ? tr(" (verified)") : QString(), outcome.outcome,
                               outcome.details.join(QLatin1Char('\n'))));
    if (!outcome.leaseHolderOperation.isEmpty())
        m_takeOver->showHolder(outcome.leaseHolder, outcome.leaseHolderOperation);
    else
        m_takeOver->clear();
    if (!m_finished) { // refused before it started: the form can be used again
        for (QWidget *w : std::initializer_list<QWidget *>{m_mode, m_planButton, m_confirm, m_streams, m_rate})
            w->setEnabled(m_resumeOperation.isEmpty() || w == m_planButton || w == m_confirm);
        updateModeFields();
    }
    updateStart();
}

void ReshardWizard::reject()
{
    if (m_running) {
        // Closing is not a way to stop it: ask to cancel instead.
        if (QMessageBox::question(this, tr("Reshard running"),
                                  tr("The reshard is running. Cancel it? The open windows finish first; no slot is left open."))
            == QMessageBox::Yes)
            m_cancel->click();
        return;
    }
    QDialog::reject();
}

} // namespace ops
