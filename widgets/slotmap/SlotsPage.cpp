#include "SlotsPage.h"

#include "SlotMapWidget.h"
#include "SlotTableProxy.h"
#include "viewmodels/SlotSummaryModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace ops {

SlotsPage::SlotsPage(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("slotsStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("slotsSplitter"));
    m_splitter->setChildrenCollapsible(false);

    m_map = new SlotMapWidget(m_splitter);
    m_map->setObjectName(QStringLiteral("slotMap"));

    m_model = new SlotSummaryModel(this);
    m_model->setObjectName(QStringLiteral("slotSummaryModel"));
    m_proxy = new SlotTableProxy([map = m_map](const QString &id) { return map->colorOfOwner(id); }, this);
    m_proxy->setObjectName(QStringLiteral("slotTableProxy"));
    m_proxy->setSourceModel(m_model);

    m_table = new QTableView(m_splitter);
    m_table->setObjectName(QStringLiteral("slotTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SlotSummaryModel::AddressColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_splitter->addWidget(m_map);
    m_splitter->addWidget(m_table);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    layout->addWidget(m_status);
    layout->addWidget(m_splitter, 1);

    connect(m_map, &SlotMapWidget::keyCountRequested, this, &SlotsPage::keyCountRequested);
    connect(m_map, &SlotMapWidget::slotRangeSelected, this, &SlotsPage::slotRangeSelected);
    setSnapshot(nullptr);
}

void SlotsPage::setSnapshot(SnapshotPtr snapshot)
{
    // The map first: the table's colour swatches come from its palette.
    m_map->setSnapshot(snapshot);
    m_model->setSnapshot(std::move(snapshot));
    m_status->setText(statusText(*m_model));
    if (!m_columnsSized && m_model->rowCount() > 0) {
        m_table->resizeColumnsToContents();
        m_columnsSized = true;
    }
}

void SlotsPage::setKeyCount(int slot, qint64 count) { m_map->setKeyCount(slot, count); }

QString SlotsPage::statusText(const SlotSummaryModel &model)
{
    const SnapshotPtr s = model.snapshot();
    if (!s || s->kind != TopologySnapshot::Kind::Cluster || !s->slotMap)
        return tr("No slot map: not a cluster, or not discovered yet.");
    const int migrations = model.migrationCount();
    QString text = tr("%1/%2 covered, ").arg(model.coveredCount()).arg(kSlotCount);
    text += migrations == 1 ? tr("1 migration") : tr("%1 migrations").arg(migrations);
    if (model.halfOpenCount() > 0)
        text += tr(" (%1 half-open)").arg(model.halfOpenCount());
    const int uneven = model.unevenCount();
    text += uneven == 0 ? tr(", uneven: none") : uneven == 1 ? tr(", uneven: 1 master") : tr(", uneven: %1 masters").arg(uneven);
    return text;
}

} // namespace ops
