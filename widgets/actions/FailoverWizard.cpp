#include "FailoverWizard.h"

#include "LeaseTakeOverPanel.h"
#include "core/PlainText.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ops {

namespace {

QPlainTextEdit *monoText(QWidget *parent, const char *name)
{
    auto *t = new QPlainTextEdit(parent);
    t->setObjectName(QLatin1String(name));
    t->setReadOnly(true);
    t->setLineWrapMode(QPlainTextEdit::NoWrap);
    t->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return t;
}

QString statusText(const PreCheck &c)
{
    if (c.overridden)
        return QObject::tr("overridden");
    switch (c.status) {
    case PreCheck::Status::Pass: return QObject::tr("pass");
    case PreCheck::Status::Warn: return QObject::tr("warn");
    case PreCheck::Status::Fail: return QObject::tr("FAIL");
    }
    return {};
}

QString seconds(qint64 ms) { return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1); }

} // namespace

FailoverWizard::FailoverWizard(const QString &deploymentTitle, bool cluster, FailoverIntent intent, QWidget *parent)
    : QDialog(parent), m_cluster(cluster), m_intent(std::move(intent))
{
    setObjectName(QStringLiteral("failoverWizard"));
    setWindowTitle(tr("Fail over — %1").arg(deploymentTitle));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(1000, 820);

    m_title = new QLabel(this);
    m_title->setTextFormat(Qt::PlainText);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_title->setFont(big);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("wizardStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(buildReviewPage());
    m_stack->addWidget(buildRunPage());

    m_refresh = new QPushButton(tr("Survey &again"), this);
    m_refresh->setObjectName(QStringLiteral("refreshPlan"));
    m_execute = new QPushButton(tr("&Fail over"), this);
    m_execute->setObjectName(QStringLiteral("executeFailover"));
    m_execute->setEnabled(false);
    m_cancel = new QPushButton(tr("&Stop the operation"), this);
    m_cancel->setObjectName(QStringLiteral("cancelOperation"));
    m_cancel->setVisible(false);
    m_close = new QPushButton(tr("&Close"), this);
    m_close->setObjectName(QStringLiteral("closeWizard"));
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_refresh, QDialogButtonBox::ResetRole);
    buttons->addButton(m_cancel, QDialogButtonBox::ActionRole);
    buttons->addButton(m_execute, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    m_cancel->setVisible(false); // only while it runs (adding it to the box showed it)
    connect(m_refresh, &QPushButton::clicked, this, &FailoverWizard::requestPreview);
    connect(m_execute, &QPushButton::clicked, this, &FailoverWizard::confirm);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_status->setText(tr("Stopping: the operation undoes what it can (pause, priorities) and reports."));
        emit cancelRequested();
    });
    connect(m_close, &QPushButton::clicked, this, &FailoverWizard::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addWidget(m_stack, 1);
    layout->addWidget(buttons);
}

FailoverWizard::~FailoverWizard() = default;

QWidget *FailoverWizard::buildReviewPage()
{
    auto *page = new QWidget(this);
    auto *modeBox = new QWidget(page);
    auto *modeColumn = new QVBoxLayout(modeBox);
    modeColumn->setContentsMargins(0, 0, 0, 0);
    auto *modeRow = new QHBoxLayout;
    modeColumn->addLayout(modeRow);
    m_modes = new QButtonGroup(this);
    for (FailoverIntent::Mode mode : FailoverIntent::modesFor(m_cluster)) {
        auto *radio = new QRadioButton(FailoverIntent::modeLabel(mode, m_cluster), modeBox);
        radio->setObjectName(QStringLiteral("mode-") + FailoverIntent::modeLabel(mode, m_cluster));
        radio->setChecked(mode == m_intent.mode);
        m_modes->addButton(radio, int(mode));
        modeRow->addWidget(radio);
    }
    if (m_modes->checkedButton() == nullptr) {
        m_modes->buttons().first()->setChecked(true);
        m_intent.mode = FailoverIntent::Mode(m_modes->checkedId());
    }
    modeRow->addStretch();
    m_modeText = new QLabel(modeBox);
    m_modeText->setTextFormat(Qt::PlainText);
    m_modeText->setWordWrap(true);
    modeColumn->addWidget(m_modeText);
    m_target = new QComboBox(page);
    m_target->setObjectName(QStringLiteral("targetChoice"));
    m_target->addItem(m_cluster ? tr("the best replica of the shard") : tr("the best replica (Sentinel's choice)"), QString());
    if (m_intent.preferred.isValid())
        m_target->addItem(m_intent.preferred.toString(), m_intent.preferred.toString());
    m_target->setCurrentIndex(m_target->count() - 1);
    m_overrideLag = new QCheckBox(tr("Promote even if it is behind by more than %1 bytes (loses those writes)").arg(m_intent.maxLagBytes), page);
    m_overrideLag->setObjectName(QStringLiteral("overrideLag"));
    auto *form = new QFormLayout;
    form->addRow(tr("Mode:"), modeBox);
    form->addRow(tr("Promote:"), m_target);
    form->addRow(QString(), m_overrideLag);

    m_plan = monoText(page, "planText");
    m_checks = new QTreeWidget(page);
    m_checks->setObjectName(QStringLiteral("preChecks"));
    m_checks->setHeaderLabels({tr("Result"), tr("Check"), tr("Evidence")});
    m_checks->setRootIsDecorated(false);
    m_checks->setWordWrap(true);
    m_checks->setUniformRowHeights(false);
    m_checks->header()->setStretchLastSection(true);
    m_checks->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_commands = monoText(page, "commandsText");
    m_warnings = new QLabel(page);
    m_warnings->setObjectName(QStringLiteral("warnings"));
    m_warnings->setTextFormat(Qt::PlainText);
    m_warnings->setWordWrap(true);
    auto group = [page](const QString &title, QWidget *content) {
        auto *box = new QGroupBox(title, page);
        auto *l = new QVBoxLayout(box);
        l->setContentsMargins(6, 6, 6, 6);
        l->addWidget(content);
        return box;
    };
    auto *split = new QSplitter(Qt::Vertical, page);
    split->addWidget(group(tr("Candidates"), m_plan));
    split->addWidget(group(tr("Pre-checks"), m_checks));
    split->addWidget(group(tr("Exact commands, in order"), m_commands));
    split->setSizes({70, 330, 150}); // the checks are what the operator reads most
    split->setStretchFactor(1, 2);

    m_confirmLabel = new QLabel(page);
    m_confirmLabel->setTextFormat(Qt::PlainText);
    m_confirm = new QLineEdit(page);
    m_confirm->setObjectName(QStringLiteral("confirmText"));
    m_extraConfirm = new QCheckBox(tr("I understand that TAKEOVER can lose writes and leave two masters for the same slots"), page);
    m_extraConfirm->setObjectName(QStringLiteral("extraConfirm"));
    m_extraConfirm->setVisible(false);
    auto *confirmRow = new QHBoxLayout;
    confirmRow->addWidget(m_confirmLabel);
    confirmRow->addWidget(m_confirm, 1);

    auto *l = new QVBoxLayout(page);
    l->setContentsMargins(0, 0, 0, 0);
    l->addLayout(form);
    l->addWidget(split, 1);
    l->addWidget(m_warnings);
    l->addLayout(confirmRow);
    l->addWidget(m_extraConfirm);

    connect(m_modes, &QButtonGroup::idClicked, this, [this](int id) {
        m_intent.mode = FailoverIntent::Mode(id);
        requestPreview();
    });
    connect(m_target, &QComboBox::activated, this, [this] {
        bool ok = false;
        const QString t = m_target->currentData().toString();
        m_intent.preferred = t.isEmpty() ? Endpoint{} : Endpoint::parse(t, 6379, &ok);
        requestPreview();
    });
    connect(m_overrideLag, &QCheckBox::toggled, this, [this](bool on) {
        m_intent.overrideLag = on;
        requestPreview();
    });
    connect(m_confirm, &QLineEdit::textChanged, this, &FailoverWizard::updateConfirmState);
    connect(m_confirm, &QLineEdit::returnPressed, this, [this] {
        if (m_execute->isEnabled())
            confirm();
    });
    connect(m_extraConfirm, &QCheckBox::toggled, this, &FailoverWizard::updateConfirmState);
    return page;
}

QWidget *FailoverWizard::buildRunPage()
{
    auto *page = new QWidget(this);
    m_progress = monoText(page, "progressLog");
    m_result = new QLabel(page);
    m_result->setObjectName(QStringLiteral("resultText"));
    m_result->setTextFormat(Qt::PlainText);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *l = new QVBoxLayout(page);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(new QLabel(tr("Progress (ms since confirmation):"), page));
    l->addWidget(m_progress, 1);
    l->addWidget(m_result);
    m_takeOver = new LeaseTakeOverPanel(page);
    l->addWidget(m_takeOver);
    connect(m_takeOver, &LeaseTakeOverPanel::takeOverConfirmed, this, [this](const QString &holderOperation) {
        m_takeOver->clear();
        m_finished = false;
        m_running = true;
        m_cancel->setVisible(true);
        m_cancel->setEnabled(true);
        m_result->clear();
        m_status->setStyleSheet(QString());
        m_status->setText(tr("Taking the lease over from %1… every step is journaled before it is sent.").arg(holderOperation));
        m_progress->appendPlainText(tr("take-over of the lease confirmed: %1").arg(m_preview.title));
        emit takeOverRequested(m_preview.id, holderOperation);
    });
    return page;
}

void FailoverWizard::begin() { requestPreview(); }

void FailoverWizard::requestPreview()
{
    if (m_running || m_finished)
        return;
    m_waiting = true;
    m_modeText->setText(FailoverIntent::modeExplanation(m_intent.mode, m_cluster));
    m_status->setText(tr("Surveying the deployment (read-only)…"));
    m_execute->setEnabled(false);
    m_refresh->setEnabled(false);
    emit previewRequested(m_intent);
}

void FailoverWizard::showPreview(const ActionPreview &preview)
{
    if (m_running || m_finished)
        return;
    m_waiting = false;
    m_preview = preview;
    m_refresh->setEnabled(true);
    m_title->setText(preview.title);
    m_plan->setPlainText(preview.plan.join(QLatin1Char('\n')));
    m_commands->setPlainText(preview.commands.join(QLatin1Char('\n')));
    m_checks->clear();
    for (const PreCheck &c : preview.checks) {
        auto *item = new QTreeWidgetItem(m_checks, {statusText(c), c.title, c.evidence});
        item->setToolTip(2, PlainText::toolTip(c.evidence));
        if (c.blocks() || c.status == PreCheck::Status::Warn || c.overridden) {
            const QColor color = c.blocks() ? QColor(0xc6, 0x28, 0x28) : QColor(0xb2, 0x6a, 0x00);
            item->setForeground(0, color);
            item->setForeground(1, color);
        }
    }
    m_checks->resizeColumnToContents(1);
    m_checks->setColumnWidth(1, std::min(m_checks->columnWidth(1), 330));
    m_warnings->setText(preview.warnings.join(QLatin1Char('\n')));
    // Targets the operator may pick (keep the current choice).
    const QString chosen = m_target->currentData().toString();
    while (m_target->count() > 1)
        m_target->removeItem(1);
    for (const QString &t : preview.eligibleTargets)
        m_target->addItem(t, t);
    if (!chosen.isEmpty() && m_target->findData(chosen) < 0)
        m_target->addItem(chosen, chosen);
    m_target->setCurrentIndex(std::max(0, m_target->findData(chosen)));
    m_confirmLabel->setText(tr("Type %1 to confirm:").arg(preview.confirmText));
    m_extraConfirm->setVisible(preview.extraConfirmation);
    const bool refused = !preview.allowed();
    m_status->setStyleSheet(refused ? QStringLiteral("color: #c62828; font-weight: bold;") : QString());
    if (refused)
        m_status->setText(tr("Refused — nothing can be executed:\n%1").arg(preview.blockingReasons().join(QLatin1Char('\n'))));
    else
        m_status->setText(tr("Dry run: this is the plan, nothing has been executed. Review it, then confirm."));
    updateConfirmState();
}

void FailoverWizard::updateConfirmState()
{
    const bool typed = !m_preview.confirmText.isEmpty() && m_confirm->text().trimmed() == m_preview.confirmText;
    const bool extra = !m_preview.extraConfirmation || m_extraConfirm->isChecked();
    m_execute->setEnabled(!m_waiting && !m_running && !m_finished && m_preview.allowed() && typed && extra);
}

void FailoverWizard::confirm()
{
    if (!m_execute->isEnabled())
        return;
    m_running = true;
    m_execute->setEnabled(false);
    m_refresh->setEnabled(false);
    m_cancel->setVisible(true);
    m_cancel->setEnabled(true);
    m_stack->setCurrentIndex(1);
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Running… every step is journaled before it is sent."));
    m_progress->appendPlainText(tr("confirmed: %1").arg(m_preview.title));
    emit executeRequested(m_preview.id);
}

void FailoverWizard::showStarted(const QString &operationId)
{
    m_status->setText(tr("Running operation %1… every step is journaled before it is sent.").arg(operationId));
}

void FailoverWizard::showProgress(const ActionProgress &progress)
{
    const QString mark = progress.failed ? QStringLiteral("!") : QStringLiteral(" ");
    const QString indent = progress.kind == ActionProgress::Kind::Phase ? QString() : QStringLiteral("    ");
    m_progress->appendPlainText(QStringLiteral("%1%2 ms  %3%4").arg(mark).arg(progress.atMs, 7).arg(indent, progress.text));
}

void FailoverWizard::showOutcome(const ActionOutcome &outcome)
{
    m_running = false;
    m_finished = true;
    m_stack->setCurrentIndex(1);
    m_cancel->setVisible(false);
    m_execute->setEnabled(false);
    m_refresh->setEnabled(false);
    QStringList lines;
    if (outcome.operationId.isEmpty())
        lines << tr("Not started: %1").arg(outcome.outcome);
    else
        lines << (outcome.verified ? tr("VERIFIED — %1").arg(outcome.outcome) : tr("%1 — %2").arg(outcome.state.toUpper(), outcome.outcome));
    if (!outcome.promoted.isEmpty())
        lines << tr("Master now: %1").arg(outcome.promoted);
    if (outcome.totalMs >= 0)
        lines << tr("Confirmation to verified: %1").arg(seconds(outcome.totalMs));
    if (outcome.pauseMs >= 0)
        lines << tr("Writes paused: %1 ms").arg(outcome.pauseMs);
    lines << outcome.details;
    if (!outcome.operationId.isEmpty())
        lines << tr("Journaled as operation %1 (Failover history).").arg(outcome.operationId);
    m_result->setText(lines.join(QLatin1Char('\n')));
    if (!outcome.leaseHolderOperation.isEmpty())
        m_takeOver->showHolder(outcome.leaseHolder, outcome.leaseHolderOperation);
    else
        m_takeOver->clear();
    m_status->setStyleSheet(outcome.verified ? QStringLiteral("color: #2e7d32; font-weight: bold;")
                                             : QStringLiteral("color: #c62828; font-weight: bold;"));
    m_status->setText(outcome.verified ? tr("Done and verified.") : tr("Finished without a verified result: read the progress above."));
    m_close->setFocus();
}

void FailoverWizard::reject()
{
    // Closing while it runs would hide an operation in flight: ask it to stop instead.
    if (m_running) {
        m_cancel->click();
        return;
    }
    QDialog::reject();
}

} // namespace ops
