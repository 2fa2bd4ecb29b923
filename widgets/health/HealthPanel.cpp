#include "HealthPanel.h"

#include "HealthColorProxy.h"
#include "health/HealthChecker.h"
#include "viewmodels/HealthFindingsModel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace ops {

HealthPanel::HealthPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new HealthFindingsModel(this))
    , m_badge(new QLabel(this))
    , m_table(new QTableView(this))
    , m_details(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("healthPanel"));
    m_badge->setObjectName(QStringLiteral("healthBadge"));
    m_badge->setTextFormat(Qt::PlainText);
    m_badge->setMargin(6);
    m_badge->setText(QStringLiteral("No snapshot yet"));
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
    m_details->setObjectName(QStringLiteral("healthDetails"));
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(QStringLiteral("Select a finding for its explanation, evidence and fix."));

    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("healthSplitter"));
    split->addWidget(m_table);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_badge);
    layout->addWidget(split, 1);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &HealthPanel::showSelected);
}

const HealthReport &HealthPanel::report() const
{
    return m_model->report();
}

void HealthPanel::setSnapshot(const SnapshotPtr &snapshot)
{
    if (!snapshot)
        return;
    const QString selectedRule = m_model->finding(m_table->currentIndex().row()) ? m_model->finding(m_table->currentIndex().row())->ruleId : QString();
    m_model->setReport(HealthChecker().check(*snapshot));
    const std::optional<HealthFinding::Severity> worst = m_model->report().worst();
    const QString word = worst ? HealthFinding::severityName(*worst) : QStringLiteral("pass");
    m_badge->setText(QStringLiteral("%1 — %2").arg(worst ? word.toUpper() : QStringLiteral("HEALTHY"), m_model->summaryText()));
    const QColor c = HealthColorProxy::colorOf(word);
    m_badge->setStyleSheet(QStringLiteral("QLabel { color: white; background: %1; border-radius: 4px; font-weight: bold; }").arg(c.name()));
    // Keep the operator's place across live updates.
    for (int row = 0; row < m_model->rowCount() && !selectedRule.isEmpty(); ++row)
        if (m_model->finding(row)->ruleId == selectedRule) {
            m_table->setCurrentIndex(m_table->model()->index(row, 0));
            break;
        }
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
