#include "DrillStartDialog.h"

#include "drills/DrillScenario.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ops {

namespace {
constexpr int IdRole = Qt::UserRole;
} // namespace

DrillStartDialog::DrillStartDialog(const QString &trainee, QWidget *parent)
    : QDialog(parent), m_list(new QListWidget(this)), m_details(new QLabel(this)), m_trainee(new QLineEdit(trainee, this)),
      m_seed(new QSpinBox(this))
{
    setObjectName(QStringLiteral("drillStartDialog"));
    setWindowTitle(tr("Start a training drill"));
    m_list->setObjectName(QStringLiteral("drillList"));
    for (const DrillScenario &d : DrillScenario::catalogue()) {
        auto *item = new QListWidgetItem(d.title, m_list);
        item->setData(IdRole, d.id);
    }
    m_details->setObjectName(QStringLiteral("drillDetails"));
    m_details->setTextFormat(Qt::PlainText);
    m_details->setWordWrap(true);
    m_details->setMinimumHeight(110);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_trainee->setObjectName(QStringLiteral("drillTrainee"));
    m_seed->setObjectName(QStringLiteral("drillSeed"));
    m_seed->setRange(1, 1000000);
    m_seed->setToolTip(tr("Picks the node, sentinel or slot the fault hits: the same seed gives the same drill."));

    auto *note = new QLabel(tr("The drill starts a lab of its own on this machine (redis-server and redis-sentinel on loopback "
                               "ports), loads data, runs an application writer and then breaks something. Work with the "
                               "console as in a real incident; nothing you watch elsewhere is touched."),
                            this);
    note->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Trainee:"), m_trainee);
    form->addRow(tr("Seed:"), m_seed);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start drill"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("drillStartButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto okEnabled = [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(m_list->currentItem() != nullptr && !m_trainee->text().trimmed().isEmpty());
    };
    connect(m_list, &QListWidget::currentRowChanged, this, [this, okEnabled] {
        showSelected();
        okEnabled();
    });
    connect(m_trainee, &QLineEdit::textChanged, this, okEnabled);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_details);
    layout->addLayout(form);
    layout->addWidget(buttons);
    m_list->setCurrentRow(0);
    okEnabled();
    resize(560, 480);
}

QString DrillStartDialog::scenarioId() const
{
    return m_list->currentItem() != nullptr ? m_list->currentItem()->data(IdRole).toString() : QString();
}

quint32 DrillStartDialog::seed() const
{
    return quint32(m_seed->value());
}

QString DrillStartDialog::trainee() const
{
    return m_trainee->text().trimmed();
}

bool DrillStartDialog::selectScenario(const QString &id)
{
    for (int row = 0; row < m_list->count(); ++row)
        if (m_list->item(row)->data(IdRole).toString() == id) {
            m_list->setCurrentRow(row);
            return true;
        }
    return false;
}

void DrillStartDialog::showSelected()
{
    const std::optional<DrillScenario> d = DrillScenario::find(scenarioId());
    if (!d) {
        m_details->clear();
        return;
    }
    // What the trainee is told: never the fault, nor what "recovered" checks (it would give the fault away).
    m_details->setText(tr("%1\n\nLab: %2\nRunbook to follow: %3")
                           .arg(d->briefing, LabSpec::kindName(d->lab.kind), d->runbookId.isEmpty() ? tr("none") : d->runbookId));
}

} // namespace ops
