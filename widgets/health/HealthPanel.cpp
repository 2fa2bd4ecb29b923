#include "HealthPanel.h"

#include "HealthColorProxy.h"
#include "health/HealthChecker.h"
#include "viewmodels/HealthFindingsModel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QHBoxLayout>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace ops {

HealthPanel::HealthPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new HealthFindingsModel(this))
    , m_badge(new QLabel(this))
    , m_recheck(new QToolButton(this))
    , m_table(new QTableView(this))
    , m_details(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("healthPanel"));
    m_badge->setObjectName(QStringLiteral("healthBadge"));
    m_badge->setTextFormat(Qt::PlainText);
    m_badge->setMargin(6);
    m_badge->setText(QStringLiteral("No snapshot yet"));
    m_recheck->setObjectName(QStringLiteral("healthRecheck"));
    m_recheck->setText(QStringLiteral("Re-check now"));
    m_recheck->setToolTip(QStringLiteral("Poll every server now and read its settings again (F5); "
                                         "settings are otherwise read every 5 minutes"));
    connect(m_recheck, &QToolButton::clicked, this, &HealthPanel::recheckRequested);
    auto *proxy = new HealthColorProxy(this);
    proxy->setSourceModel(m_model);
    m_table->setObjectName(QStringLiteral("healthTable"));
    m_table->setModel(proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(HealthFindingsModel::Status, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(HealthFindingsModel::Rule, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(HealthFindingsModel::Summary, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(HealthFindingsModel::Nodes, QHeaderView::ResizeToContents);
    m_details->setObjectName(QStringLiteral("healthDetails"));
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(QStringLiteral("Select a finding for its explanation, evidence and fix."));

    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("healthSplitter"));
    split->addWidget(m_table);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *top = new QHBoxLayout;
    top->addWidget(m_badge, 1);
    top->addWidget(m_recheck);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        m_followWorst = m_followWorst && m_selecting; // the operator chose: keep their finding from now on
        showSelected();
    });
}

const HealthReport &HealthPanel::report() const
{
    return m_model->report();
}

QString HealthPanel::worstWord(const HealthReport &report)
{
    const std::optional<HealthFinding::Severity> worst = report.worst();
    return worst ? HealthFinding::severityName(*worst) : QStringLiteral("pass");
}

QString HealthPanel::badgeText() const
{
    return m_badge->text();
}

void HealthPanel::setSnapshot(const SnapshotPtr &snapshot)
{
    if (snapshot)
        setReport(HealthChecker().check(*snapshot), snapshot);
}

void HealthPanel::setReport(const HealthReport &report, const SnapshotPtr &snapshot)
{
    const HealthFinding *current = m_model->finding(m_table->currentIndex().row());
    const QString selectedRule = current && !m_followWorst ? current->ruleId : QString();
    const QStringList selectedNodes = current ? current->nodes : QStringList();
    m_selecting = true; // the reset and the row restored below are not the operator's choice
    m_model->setReport(report, snapshot);
    const QString word = worstWord(report);
    m_badge->setText(QStringLiteral("%1 — %2").arg(word == QLatin1String("pass") ? QStringLiteral("HEALTHY") : word.toUpper(),
                                                     m_model->summaryText()));
    const QColor c = HealthColorProxy::colorOf(word);
    m_badge->setStyleSheet(QStringLiteral("QLabel { color: white; background: %1; border-radius: 4px; font-weight: bold; }").arg(c.name()));
    // Keep the operator's place across live updates: the same finding (rule and nodes), else
    // the same rule.
    int keep = -1;
    for (int row = 0; row < m_model->rowCount() && !selectedRule.isEmpty(); ++row)
        if (m_model->finding(row)->ruleId == selectedRule) {
            if (keep < 0 || m_model->finding(row)->nodes == selectedNodes)
                keep = row;
            if (m_model->finding(row)->nodes == selectedNodes)
                break;
        }
    // Nothing chosen (or it is gone): the worst finding, followed as it changes, so its
    // explanation and fix are on screen.
    if (keep < 0 && m_model->rowCount() > 0) {
        m_followWorst = true;
        keep = 0;
    }
    if (keep >= 0)
        m_table->setCurrentIndex(m_table->model()->index(keep, 0));
    m_selecting = false;
    showSelected();
    emit reportChanged();
}

void HealthPanel::showSelected()
{
    const HealthFinding *f = m_model->finding(m_table->currentIndex().row());
    if (f == nullptr) {
        m_details->clear();
        return;
    }
    QStringList lines{QStringLiteral("%1 (%2): %3").arg(f->title, f->ruleId, HealthFindingsModel::statusWord(*f)), f->summary};
    if (!f->explanation.isEmpty())
        lines << QString() << QStringLiteral("Why it matters: %1").arg(f->explanation);
    if (!f->evidence.isEmpty())
        lines << QStringLiteral("Evidence: %1").arg(f->evidenceText());
    if (!f->nodes.isEmpty())
        lines << QStringLiteral("Nodes: %1").arg(f->nodes.join(QLatin1Char(' ')));
    if (!f->fix.isEmpty())
        lines << QStringLiteral("Fix: %1").arg(f->fix);
    m_details->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace ops
