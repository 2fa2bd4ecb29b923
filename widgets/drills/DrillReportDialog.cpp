#include "DrillReportDialog.h"

#include "drills/DrillTrend.h"
#include "viewmodels/DrillRunsModel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace ops {

DrillReportDialog::DrillReportDialog(QWidget *parent)
    : QDialog(parent), m_model(new DrillRunsModel(this)), m_proxy(new QSortFilterProxyModel(this)), m_trainee(new QComboBox(this)),
      m_table(new QTableView(this)), m_details(new QPlainTextEdit(this)), m_trends(new QPlainTextEdit(this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("drillReportDialog"));
    setWindowTitle(tr("Drill report"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(DrillRunsModel::Trainee);
    m_proxy->setSortRole(DrillRunsModel::RawRole);
    m_table->setObjectName(QStringLiteral("drillRunsTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DrillRunsModel::Started, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_trainee->setObjectName(QStringLiteral("drillTraineeFilter"));
    m_details->setObjectName(QStringLiteral("drillRunDetails"));
    m_trends->setObjectName(QStringLiteral("drillTrends"));
    for (QPlainTextEdit *e : {m_details, m_trends}) {
        e->setReadOnly(true);
        e->setLineWrapMode(QPlainTextEdit::NoWrap);
    }
    m_error->setTextFormat(Qt::PlainText);
    m_error->setObjectName(QStringLiteral("drillReportError"));
    m_error->hide();

    connect(m_trainee, &QComboBox::currentIndexChanged, this, [this] {
        const QString who = m_trainee->currentData().toString();
        // Whole-cell match: "ann" must not show "anna"'s runs.
        m_proxy->setFilterRegularExpression(who.isEmpty() ? QString() : QStringLiteral("^%1$").arg(QRegularExpression::escape(who)));
        showTrends();
        showSelected();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DrillReportDialog::showSelected);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Trainee:"), this));
    top->addWidget(m_trainee, 1);
    auto *refresh = new QPushButton(tr("Refresh"), this);
    refresh->setObjectName(QStringLiteral("drillReportRefresh"));
    connect(refresh, &QPushButton::clicked, this, &DrillReportDialog::refreshRequested);
    top->addWidget(refresh);
    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_details);
    lower->addWidget(m_trends);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(lower);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_error);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);
    resize(1000, 560);
}

void DrillReportDialog::setRuns(const QList<DrillScore> &runs, const QString &error)
{
    m_error->setVisible(!error.isEmpty());
    m_error->setText(tr("The drill results cannot be read: %1").arg(error));
    const QString chosen = m_trainee->currentData().toString();
    m_model->setRuns(runs);
    QStringList trainees;
    for (const DrillScore &s : runs)
        if (!trainees.contains(s.trainee))
            trainees << s.trainee;
    trainees.sort();
    const QSignalBlocker block(m_trainee);
    m_trainee->clear();
    m_trainee->addItem(tr("Everyone (%n run(s))", nullptr, int(runs.size())), QString());
    for (const QString &t : trainees)
        m_trainee->addItem(t, t);
    m_trainee->setCurrentIndex(qMax(0, m_trainee->findData(chosen)));
    m_proxy->setFilterRegularExpression(chosen.isEmpty() || m_trainee->currentIndex() == 0
                                            ? QString()
                                            : QStringLiteral("^%1$").arg(QRegularExpression::escape(chosen)));
    m_table->resizeColumnsToContents();
    showTrends();
    showSelected();
}

bool DrillReportDialog::filterTrainee(const QString &trainee)
{
    const int index = m_trainee->findData(trainee);
    if (index < 0)
        return false;
    m_trainee->setCurrentIndex(index);
    return true;
}

void DrillReportDialog::selectLast()
{
    if (m_proxy->rowCount() > 0)
        m_table->selectRow(m_proxy->rowCount() - 1);
}

QString DrillReportDialog::detailsText() const
{
    return m_details->toPlainText();
}

QString DrillReportDialog::trendsText() const
{
    return m_trends->toPlainText();
}

void DrillReportDialog::showSelected()
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (!current.isValid()) {
        m_details->setPlainText(tr("Select a run to see its score."));
        return;
    }
    const DrillScore &s = m_model->runs().at(current.row());
    QString text = s.toText();
    text += QStringLiteral("\n\n") + tr("What the trainee did:");
    if (s.actions.isEmpty())
        text += QStringLiteral("\n  ") + tr("nothing the history recorded");
    for (const QString &a : s.actions)
        text += QStringLiteral("\n  ") + a;
    m_details->setPlainText(text);
}

void DrillReportDialog::showTrends()
{
    const QString who = m_trainee->currentData().toString();
    QStringList lines{tr("Over time (first, best and last run of each trainee on each drill):")};
    for (const DrillTrend &t : DrillTrend::of(m_model->runs()))
        if (who.isEmpty() || t.trainee == who)
            lines << t.toText();
    if (lines.size() == 1)
        lines << tr("no drill run stored yet");
    m_trends->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace ops
