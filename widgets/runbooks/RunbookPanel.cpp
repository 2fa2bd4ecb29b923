#include "RunbookPanel.h"
#include "core/PlainText.h"

#include "RunbookStatusProxy.h"
#include "viewmodels/RunbookStepsModel.h"

#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace ops {

namespace {

bool appliesTo(const Runbook &rb, TopologySnapshot::Kind kind)
{
    switch (rb.appliesTo) {
    case Runbook::AppliesTo::Sentinel: return kind == TopologySnapshot::Kind::Sentinel;
    case Runbook::AppliesTo::Cluster: return kind == TopologySnapshot::Kind::Cluster;
    case Runbook::AppliesTo::Both: return kind != TopologySnapshot::Kind::Standalone;
    }
    return false;
}

QPushButton *button(const QString &text, const char *name, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(name));
    return b;
}

} // namespace

RunbookPanel::RunbookPanel(QWidget *parent)
    : QWidget(parent), m_model(new RunbookStepsModel(this)), m_choice(new QComboBox(this)), m_when(new QLabel(this)),
      m_inputsBox(new QWidget(this)), m_inputsForm(new QFormLayout(m_inputsBox)), m_start(button(tr("Start"), "runbookStart", this)),
      m_resume(button(tr("Resume"), "runbookResume", this)),
      m_exportReport(button(tr("Export incident report…"), "runbookExportReport", this)),
      m_status(new QLabel(this)), m_steps(new QTableView(this)), m_details(new QPlainTextEdit(this)), m_prompt(new QWidget(this)),
      m_promptText(new QPlainTextEdit(m_prompt)), m_answer(new QLineEdit(m_prompt)),
      m_confirm(button(tr("Done"), "runbookConfirm", m_prompt)), m_retry(button(tr("Retry"), "runbookRetry", m_prompt)),
      m_skip(button(tr("Skip"), "runbookSkip", m_prompt)), m_note(button(tr("Add note"), "runbookNote", m_prompt)),
      m_abort(button(tr("Abort run"), "runbookAbort", m_prompt))
{
    setObjectName(QStringLiteral("runbookPanel"));
    m_choice->setObjectName(QStringLiteral("runbookChoice"));
    m_when->setObjectName(QStringLiteral("runbookWhen"));
    m_inputsBox->setObjectName(QStringLiteral("runbookInputs"));
    m_status->setObjectName(QStringLiteral("runbookStatus"));
    m_steps->setObjectName(QStringLiteral("runbookSteps"));
    m_details->setObjectName(QStringLiteral("runbookDetails"));
    m_prompt->setObjectName(QStringLiteral("runbookPrompt"));
    m_promptText->setObjectName(QStringLiteral("runbookPromptText"));
    m_answer->setObjectName(QStringLiteral("runbookAnswer"));
    for (QLabel *l : {m_when, m_status}) {
        l->setTextFormat(Qt::PlainText); // runbook text and server data are shown literally
        l->setWordWrap(true);
    }
    for (QPlainTextEdit *e : {m_details, m_promptText}) {
        e->setReadOnly(true);
        e->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    }
    m_promptText->setMaximumHeight(220); // an action's plan, checks and commands: read before typing the confirmation
    m_inputsForm->setContentsMargins(0, 0, 0, 0);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Runbook:"), this));
    top->addWidget(m_choice, 1);
    top->addWidget(m_start);
    top->addWidget(m_resume);
    top->addWidget(m_exportReport);

    auto *colours = new RunbookStatusProxy(this);
    colours->setSourceModel(m_model);
    m_steps->setModel(colours);
    m_steps->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_steps->setSelectionMode(QAbstractItemView::SingleSelection);
    m_steps->verticalHeader()->hide();
    m_steps->verticalHeader()->setDefaultSectionSize(m_steps->fontMetrics().height() + 8);
    QHeaderView *header = m_steps->horizontalHeader();
    header->setStretchLastSection(true);
    for (int c : {RunbookStepsModel::Number, RunbookStepsModel::Kind, RunbookStepsModel::Status, RunbookStepsModel::Started,
                  RunbookStepsModel::Took})
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    header->resizeSection(RunbookStepsModel::Step, 330);
    m_steps->setWordWrap(false);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("runbookSplitter"));
    split->addWidget(m_steps);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *promptButtons = new QHBoxLayout;
    promptButtons->addWidget(m_answer, 1);
    for (QPushButton *b : {m_confirm, m_retry, m_skip, m_note, m_abort})
        promptButtons->addWidget(b);
    auto *promptLayout = new QVBoxLayout(m_prompt);
    promptLayout->setContentsMargins(0, 0, 0, 0);
    promptLayout->addWidget(m_promptText);
    promptLayout->addLayout(promptButtons);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_when);
    layout->addWidget(m_inputsBox);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);
    layout->addWidget(m_prompt);

    connect(m_choice, &QComboBox::currentIndexChanged, this, &RunbookPanel::chosen);
    connect(m_start, &QPushButton::clicked, this, &RunbookPanel::start);
    connect(m_resume, &QPushButton::clicked, this, [this] {
        if (m_unfinished.isEmpty())
            return;
        m_running = true;
        m_status->setText(tr("Resuming…"));
        updateButtons();
        emit resumeRequested(m_unfinished.first().id);
    });
    m_exportReport->setToolTip(tr("Write a Markdown and HTML report of this run: the timeline of events, the steps with their "
                                  "outcomes and notes, the failovers with their durations and the lag and memory plots around it."));
    connect(m_exportReport, &QPushButton::clicked, this, [this] {
        if (m_model->state().ended() && !m_model->state().operationId.isEmpty())
            emit reportRequested(m_model->state().operationId);
    });
    connect(m_steps->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RunbookPanel::showSelectedStep);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &RunbookPanel::showSelectedStep);
    connect(m_answer, &QLineEdit::textChanged, this, &RunbookPanel::updateButtons);
    connect(m_confirm, &QPushButton::clicked, this, [this] { answer(RunbookAnswer::Kind::Confirm); });
    connect(m_retry, &QPushButton::clicked, this, [this] { answer(RunbookAnswer::Kind::Retry); });
    connect(m_skip, &QPushButton::clicked, this, [this] { answer(RunbookAnswer::Kind::Skip); });
    connect(m_note, &QPushButton::clicked, this, [this] { answer(RunbookAnswer::Kind::Note); });
    connect(m_abort, &QPushButton::clicked, this, [this] { answer(RunbookAnswer::Kind::Abort); });
    m_status->setText(tr("Choose a runbook, fill its inputs and start it. Every step is journaled."));
    showPrompt();
}

void RunbookPanel::setLibrary(const QList<Entry> &entries)
{
    m_entries = entries;
    fillChoices();
}

void RunbookPanel::setUnfinishedRuns(const QList<OperationRecord> &runs)
{
    QList<OperationRecord> newestFirst = runs;
    std::sort(newestFirst.begin(), newestFirst.end(), [](const OperationRecord &a, const OperationRecord &b) { return a.startedMs > b.startedMs; });
    m_unfinished = newestFirst;
    if (!m_unfinished.isEmpty()) {
        const OperationRecord &r = m_unfinished.first();
        m_resume->setText(tr("Resume %1 (%2)").arg(r.target, r.id.left(8)));
        m_resume->setToolTip(PlainText::toolTip(tr("Started %1 by %2; it did not finish (the program running it stopped).")
                                                    .arg(QDateTime::fromMSecsSinceEpoch(r.startedMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                                         r.operatorName)));
    }
    updateButtons();
}

void RunbookPanel::setDeploymentKind(TopologySnapshot::Kind kind)
{
    if (m_kind == kind)
        return;
    m_kind = kind;
    fillChoices();
}

void RunbookPanel::fillChoices()
{
    const QString current = m_choice->currentData().toString();
    QSignalBlocker block(m_choice);
    m_choice->clear();
    for (const Entry &e : std::as_const(m_entries))
        if (!m_kind || appliesTo(e.runbook, *m_kind))
            m_choice->addItem(QStringLiteral("%1 — %2").arg(e.runbook.title, e.runbook.id), e.path);
    const int keep = m_choice->findData(current);
    m_choice->setCurrentIndex(keep >= 0 ? keep : 0);
    block.unblock();
    chosen();
}

void RunbookPanel::chosen()
{
    if (!m_running)
        showChoice();
}

void RunbookPanel::showChoice()
{
    const QString path = m_choice->currentData().toString();
    const auto it = std::find_if(m_entries.cbegin(), m_entries.cend(), [&](const Entry &e) { return e.path == path; });
    while (m_inputsForm->rowCount() > 0)
        m_inputsForm->removeRow(0);
    m_inputEdits.clear();
    if (it == m_entries.cend()) {
        m_when->clear();
        m_model->setRunbook({});
        updateButtons();
        return;
    }
    m_when->setText(it->runbook.whenToUse);
    for (const RunbookInput &in : it->runbook.inputs) {
        auto *edit = new QLineEdit(m_inputsBox);
        edit->setObjectName(QStringLiteral("runbookInput_") + in.name);
        edit->setPlaceholderText(in.hasDefault ? tr("default: %1").arg(in.defaultText) : in.required ? tr("required") : tr("optional"));
        edit->setToolTip(PlainText::toolTip(in.description));
        m_inputsForm->addRow(in.name + QLatin1Char(':'), edit);
        m_inputEdits.insert(in.name, edit);
    }
    m_model->setRunbook(it->runbook);
    updateButtons();
}

void RunbookPanel::start()
{
    QHash<QString, QString> inputs;
    for (auto it = m_inputEdits.cbegin(); it != m_inputEdits.cend(); ++it)
        if (!it.value()->text().isEmpty())
            inputs.insert(it.key(), it.value()->text());
    m_running = true;
    m_status->setText(tr("Starting…"));
    updateButtons();
    emit startRequested(m_choice->currentData().toString(), inputs);
}

void RunbookPanel::showState(const RunbookRunState &state)
{
    if (state.ended() && state.operationId.isEmpty()) { // refused before it started: nothing ran
        m_running = false;
        m_status->setText(state.outcome);
        showPrompt();
        return;
    }
    if (m_model->runbook().id != state.runbookId) {
        const auto it = std::find_if(m_entries.cbegin(), m_entries.cend(), [&](const Entry &e) { return e.runbook.id == state.runbookId; });
        if (it == m_entries.cend())
            return;
        // A run resumed (or started elsewhere) shows its own runbook above its steps: the chooser,
        // the "when" text and the input fields, not those of the runbook chosen before.
        if (const int index = m_choice->findData(it->path); index >= 0 && index != m_choice->currentIndex()) {
            QSignalBlocker block(m_choice);
            m_choice->setCurrentIndex(index);
            block.unblock();
            showChoice();
        }
        m_model->setRunbook(it->runbook);
    }
    m_model->setState(state);
    m_running = !state.ended();
    m_unfinished.removeIf([&](const OperationRecord &r) { return r.id == state.operationId; });
    const int total = int(state.steps.size());
    if (state.ended())
        m_status->setText(state.outcome);
    else if (state.current >= 0)
        m_status->setText(tr("Running \"%1\" (operation %2) — step %3 of %4: %5")
                              .arg(state.title, state.operationId.left(8))
                              .arg(state.current + 1)
                              .arg(total)
                              .arg(m_model->runbook().steps.at(state.current).title));
    if (state.current >= 0 && state.current != m_steps->currentIndex().row())
        m_steps->setCurrentIndex(m_steps->model()->index(state.current, 0));
    showPrompt();
    showSelectedStep();
}

void RunbookPanel::showSelectedStep()
{
    const int row = m_steps->currentIndex().row();
    if (row < 0 || row >= m_model->state().steps.size()) {
        m_details->clear();
        return;
    }
    const RunbookStep &step = m_model->runbook().steps.at(row);
    const RunbookStepState &st = m_model->state().steps.at(row);
    QStringList text{QStringLiteral("%1. %2 (%3, %4)").arg(row + 1).arg(step.title, RunbookStepsModel::kindName(step.kind),
                                                              RunbookStepState::statusName(st.status))};
    if (step.kind == RunbookStep::Kind::Manual)
        text << QString() << step.instructions;
    if (!step.expression.isEmpty())
        text << QString() << tr("Check: %1").arg(step.expression.text());
    if (!st.detail.isEmpty())
        text << QString() << st.detail;
    if (!st.evidence.isEmpty())
        text << QString() << tr("Evidence:") << st.evidence;
    if (!st.operationId.isEmpty())
        text << QString() << tr("Operation: %1 (History ▸ Operations)").arg(st.operationId);
    if (!st.notes.isEmpty())
        text << QString() << tr("Notes:") << st.notes;
    if (!st.output.isEmpty())
        text << QString() << tr("Output:") << st.output;
    // Replies and runbook text may carry ESC, CR or bidi overrides: shown as escapes, lines kept.
    const QString joined = PlainText::terminal(text.join(QLatin1Char('\n')));
    if (m_details->toPlainText() != joined)
        m_details->setPlainText(joined);
}

void RunbookPanel::showPrompt()
{
    const RunbookPrompt &p = m_model->state().prompt;
    m_prompt->setVisible(m_running);
    QStringList text;
    switch (p.kind) {
    case RunbookPrompt::Kind::None: text << tr("The run goes on by itself; add a note or abort it here."); break;
    case RunbookPrompt::Kind::Manual: text << p.text << QString() << tr("Press Done when it is done, or type a reason and Skip."); break;
    case RunbookPrompt::Kind::StepFailed: text << tr("The step failed: %1").arg(p.text) << QString() << tr("Retry it, or type a reason and Skip or Abort."); break;
    case RunbookPrompt::Kind::ConfirmAction:
        text << p.preview.title << p.preview.plan;
        for (const PreCheck &c : p.preview.checks)
            text << tr("check %1 [%2]: %3").arg(c.title, PreCheck::statusName(c.status), c.evidence);
        text << tr("Commands:") << p.preview.commands << p.preview.warnings << QString()
             << tr("Type \"%1\" and press Run to run it, or type a reason and Skip.").arg(p.preview.confirmText);
        break;
    }
    const QString joined = text.join(QLatin1Char('\n'));
    if (m_promptText->toPlainText() != joined)
        m_promptText->setPlainText(joined);
    m_confirm->setText(p.kind == RunbookPrompt::Kind::ConfirmAction ? tr("Run") : tr("Done"));
    m_answer->setPlaceholderText(p.kind == RunbookPrompt::Kind::ConfirmAction ? tr("type %1 to run the action").arg(p.preview.confirmText)
                                                                               : tr("a reason (skip, abort) or a note"));
    updateButtons();
}

void RunbookPanel::answer(RunbookAnswer::Kind kind)
{
    emit answered(RunbookAnswer{kind, m_answer->text().trimmed()});
    m_answer->clear();
}

void RunbookPanel::updateButtons()
{
    const RunbookPrompt &p = m_model->state().prompt;
    const QString typed = m_answer->text().trimmed();
    m_start->setEnabled(!m_running && m_choice->count() > 0);
    m_resume->setVisible(!m_unfinished.isEmpty());
    m_resume->setEnabled(!m_running);
    // A report is of a run that ended (finished, failed or aborted): a running one is still changing.
    m_exportReport->setEnabled(m_model->state().ended() && !m_model->state().operationId.isEmpty());
    m_choice->setEnabled(!m_running);
    m_inputsBox->setEnabled(!m_running);
    m_confirm->setEnabled(p.kind == RunbookPrompt::Kind::Manual
                          || (p.kind == RunbookPrompt::Kind::ConfirmAction && typed == p.preview.confirmText));
    m_retry->setEnabled(p.kind == RunbookPrompt::Kind::StepFailed);
    m_skip->setEnabled(p.kind != RunbookPrompt::Kind::None && !typed.isEmpty());
    m_note->setEnabled(m_running && !typed.isEmpty());
    m_abort->setEnabled(m_running);
}

} // namespace ops
