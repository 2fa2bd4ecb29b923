#include "SlotsPage.h"

#include "MigrationStrip.h"
#include "SlotMapWidget.h"
#include "SlotSelectionMover.h"
#include "SlotTableProxy.h"
#include "viewmodels/SlotSummaryModel.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMap>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace ops {

namespace {

constexpr int kHotSlotsNamed = 3;   ///< hot slots named in the status line
constexpr int kOwnersNamed = 4;     ///< owners named for a selection

QAction *pageAction(QWidget *page, const QString &name, const QString &text, const QKeySequence &key)
{
    auto *action = new QAction(text, page);
    action->setObjectName(name);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    const QString tip = QStringLiteral("%1 (%2)").arg(QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("…")),
                                                      key.toString(QKeySequence::NativeText));
    action->setToolTip(tip);
    action->setStatusTip(tip);
    page->addAction(action);
    return action;
}

} // namespace

SlotsPage::SlotsPage(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("slotsStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Two lines, always: room for counts and a selection without the map moving under a drag
    // as the text grows; a longer text is cut (the tooltip has it all), never widens the window.
    m_status->setWordWrap(true);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    fitStatusHeight();

    m_countAction = pageAction(this, QStringLiteral("actionCountKeys"), tr("&Count keys"), QKeySequence(Qt::CTRL | Qt::Key_K));
    m_goToAction = pageAction(this, QStringLiteral("actionGoToSlot"), tr("&Go to slot…"), QKeySequence(Qt::CTRL | Qt::Key_F));
    m_clearAction = pageAction(this, QStringLiteral("actionClearSlotSelection"), tr("Clear slot selection"), QKeySequence(Qt::Key_Escape));
    m_countAction->setToolTip(tr("Count the keys of every slot with CLUSTER COUNTKEYSINSLOT on its master, "
                                 "and mark hot slots (Ctrl+K)"));

    m_countButton = new QToolButton(this);
    m_countButton->setObjectName(QStringLiteral("slotsCountButton"));
    m_countButton->setDefaultAction(m_countAction);
    m_countButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_goTo = new QLineEdit(this);
    m_goTo->setObjectName(QStringLiteral("slotGoTo"));
    m_goTo->setPlaceholderText(tr("Go to slot, range or owner (Ctrl+F)"));
    m_goTo->setToolTip(tr("A slot (866), a range (0-5460), or a master by node id or address; Enter selects it"));
    m_goTo->setClearButtonEnabled(true);
    m_goTo->setMaximumWidth(320);
    auto *tools = new QHBoxLayout;
    tools->addWidget(m_status, 1);
    tools->addWidget(m_goTo);
    tools->addWidget(m_countButton);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("slotsSplitter"));
    m_splitter->setChildrenCollapsible(false);

    m_map = new SlotMapWidget(m_splitter);
    m_map->setObjectName(QStringLiteral("slotMap"));
    m_strip = new MigrationStrip(this);
    m_mover = new SlotSelectionMover(m_map, this);
    tools->addWidget(m_mover->button());

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
    // Columns are sized once, from the first rows (their texts have one shape per column):
    // measuring all 500 rows of a large cluster took ~30 ms of the first paint.
    m_table->horizontalHeader()->setResizeContentsPrecision(64);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);

    m_splitter->addWidget(m_map);
    m_splitter->addWidget(m_table);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    layout->addLayout(tools);
    layout->addWidget(m_strip);
    layout->addWidget(m_splitter, 1);
    // Entering the page (Alt+2) lands on the map, not in the go-to field: Ctrl+F goes there.
    setFocusProxy(m_map);

    connect(m_countAction, &QAction::triggered, this, &SlotsPage::countAllKeys);
    connect(m_goToAction, &QAction::triggered, this, [this] {
        m_goTo->setFocus(Qt::ShortcutFocusReason);
        m_goTo->selectAll();
    });
    connect(m_clearAction, &QAction::triggered, this, [this] {
        m_notice.clear();
        m_map->clearSelection();
        m_table->clearSelection();
        updateStatus();
    });
    connect(m_goTo, &QLineEdit::returnPressed, this, [this] {
        if (goTo(m_goTo->text()))
            m_map->setFocus(Qt::OtherFocusReason);
    });
    connect(m_map, &SlotMapWidget::keyCountRequested, this, &SlotsPage::keyCountRequested);
    connect(m_map, &SlotMapWidget::slotRangeSelected, this, &SlotsPage::slotRangeSelected);
    connect(m_mover, &SlotSelectionMover::reshardRequested, this, &SlotsPage::reshardRequested);
    connect(m_map, &SlotMapWidget::selectionChanged, this, [this] {
        m_notice.clear();
        updateStatus();
    });
    setSnapshot(nullptr);
}

void SlotsPage::setMigrations(const MigrationViews &migrations)
{
    m_strip->setMigrations(migrations);
    InFlightMarks marks;
    for (const MigrationView &m : migrations)
        if (!m.openSlots.isEmpty())
            marks.marks << InFlightMarks::Mark{m.openSlots, m_map->colorOfOwner(m.targetId)};
    m_map->setInFlight(marks);
}

void SlotsPage::setSnapshot(SnapshotPtr snapshot)
{
    // The map first: the table's colour swatches come from its palette.
    m_map->setSnapshot(snapshot);
    const bool cluster = snapshot && snapshot->kind == TopologySnapshot::Kind::Cluster && snapshot->slotMap;
    m_model->setSnapshot(std::move(snapshot));
    m_countAction->setEnabled(cluster);
    updateStatus();
    if (!m_columnsSized && m_model->rowCount() > 0) {
        m_table->resizeColumnsToContents();
        m_columnsSized = true;
    }
}

void SlotsPage::fitStatusHeight()
{
    m_status->setFixedHeight(2 * m_status->fontMetrics().lineSpacing() + 4);
}

void SlotsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        fitStatusHeight();
    QWidget::changeEvent(event);
}

void SlotsPage::setKeyCount(int slot, qint64 count) { m_map->setKeyCount(slot, count); }

void SlotsPage::countAllKeys()
{
    if (!m_countAction->isEnabled())
        return;
    m_counting = true;
    m_countProblem.clear();
    updateStatus();
    emit countAllKeysRequested();
}

void SlotsPage::setSlotKeyCounts(const SlotKeyCountsPtr &counts)
{
    if (!counts)
        return;
    m_map->setKeyCounts(counts);
    if (counts->isFullRange()) {
        m_counting = false;
        m_countProblem = counts->problem();
        m_model->setKeyCounts(counts->slotMap() ? counts : nullptr);
    }
    updateStatus();
}

QString SlotsPage::nodeLabel(const QString &id) const
{
    const SnapshotPtr s = m_model->snapshot();
    const Node *node = s ? s->node(id) : nullptr;
    return node && node->endpoint.isValid() ? node->endpoint.toString() : id.left(8) + QStringLiteral("…");
}

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

QString SlotsPage::countText(const SlotKeyCounts &counts, const QList<int> &hotSlots, const SnapshotPtr &snapshot)
{
    const QLocale locale;
    const int masters = int(counts.masters().size());
    const int failed = counts.failedMasters();
    QString text = tr("keys: %1 counted").arg(locale.toString(counts.totalKeys()));
    if (failed > 0) {
        QString first = counts.errors().value(0);
        text += tr(" (%1 of %2 masters failed, their slots unknown: %3)").arg(failed).arg(masters).arg(first);
    }
    if (hotSlots.isEmpty())
        return text + tr("; hot: none");
    QStringList named;
    const double mean = counts.meanPerSlot();
    for (qsizetype i = 0; i < hotSlots.size() && i < kHotSlotsNamed; ++i) {
        const int slot = hotSlots.at(i);
        const qint64 keys = counts.count(slot);
        QString part = tr("slot %1 — %2 keys").arg(slot).arg(locale.toString(keys));
        if (mean > 0)
            part += tr(", %1× the mean").arg(locale.toString(double(keys) / mean, 'f', 0));
        const Node *owner = snapshot ? snapshot->node(counts.ownerAt(slot)) : nullptr;
        if (owner && owner->endpoint.isValid())
            part += tr(" on %1").arg(owner->endpoint.toString());
        named << part;
    }
    text += tr("; hot: %1").arg(named.join(QStringLiteral("; ")));
    if (hotSlots.size() > kHotSlotsNamed)
        text += tr(" (+%1 more hot slots)").arg(hotSlots.size() - kHotSlotsNamed);
    return text;
}

QString SlotsPage::selectionText() const
{
    if (!m_map->hasSelection())
        return {};
    const SlotRange r = m_map->selection();
    QMap<int, int> byIndex; // owner index in the map's order -> slots, for a stable listing
    int uncovered = 0;
    qint64 keys = 0;
    bool keysKnown = true;
    for (int s = r.first; s <= r.last; ++s) {
        const int o = m_map->ownerIndexAt(s);
        if (o < 0) {
            ++uncovered;
            continue;
        }
        ++byIndex[o];
        const qint64 c = m_map->cachedKeyCount(s);
        keysKnown = keysKnown && c >= 0;
        keys += std::max<qint64>(c, 0);
    }
    const QLocale locale;
    QString text = r.first == r.last ? tr("slot %1 selected: ").arg(r.first) : tr("slots %1–%2 selected: ").arg(r.first).arg(r.last);
    text += r.count() == 1 ? tr("1 slot") : tr("%1 slots").arg(locale.toString(r.count()));
    QStringList owners;
    for (auto it = byIndex.cbegin(); it != byIndex.cend() && owners.size() < kOwnersNamed; ++it)
        owners << tr("%1 (%2)").arg(nodeLabel(m_map->owners().at(it.key()))).arg(locale.toString(it.value()));
    if (byIndex.size() > kOwnersNamed)
        owners << tr("+%1 more").arg(byIndex.size() - kOwnersNamed);
    if (!owners.isEmpty())
        text += (byIndex.size() == 1 ? tr(", owner ") : tr(", owners ")) + owners.join(QStringLiteral(", "));
    if (uncovered > 0)
        text += tr(", %1 uncovered").arg(locale.toString(uncovered));
    if (keysKnown && !byIndex.isEmpty())
        text += tr(", %1 keys").arg(locale.toString(keys));
    return text;
}

void SlotsPage::updateStatus()
{
    QStringList parts{statusText(*m_model)};
    if (m_counting)
        parts << tr("counting keys…");
    else if (!m_countProblem.isEmpty())
        parts << tr("key count failed: %1").arg(m_countProblem);
    else if (const SlotKeyCountsPtr counts = m_map->keyCounts())
        parts << countText(*counts, m_map->hotSlots(), m_model->snapshot());
    if (m_map->hasSelection())
        parts << selectionText();
    if (!m_notice.isEmpty())
        parts << m_notice;
    const QString text = parts.join(QStringLiteral(" · "));
    m_status->setText(text);
    m_status->setToolTip(text.size() > 80 ? QStringLiteral("<p>%1</p>").arg(text.toHtmlEscaped()) : QString());
}

bool SlotsPage::goTo(const QString &input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return false;
    static const QRegularExpression rangePattern(QStringLiteral("^(\\d{1,5})\\s*(?:[-–]\\s*(\\d{1,5}))?$"));
    const QRegularExpressionMatch range = rangePattern.match(text);
    SlotRange target{-1, -1};
    QString owner;
    if (range.hasMatch()) {
        const int first = range.captured(1).toInt();
        const int last = range.captured(2).isEmpty() ? first : range.captured(2).toInt();
        if (first < kSlotCount && last < kSlotCount)
            target = SlotRange{std::min(first, last), std::max(first, last)};
    } else if (const SnapshotPtr s = m_model->snapshot(); s && s->slotMap) {
        for (const Node *m : s->masters()) {
            const bool byId = m->id.compare(text, Qt::CaseInsensitive) == 0
                              || (text.size() >= 4 && m->id.startsWith(text, Qt::CaseInsensitive));
            if (byId || (m->endpoint.isValid() && m->endpoint.toString() == text)) {
                owner = m->id;
                break;
            }
        }
        const SlotRanges ranges = owner.isEmpty() ? SlotRanges{} : s->slotMap->rangesOf(owner);
        if (!ranges.isEmpty())
            target = ranges.first();
        else if (!owner.isEmpty()) {
            m_notice = tr("go to: %1 owns no slots").arg(nodeLabel(owner));
            updateStatus();
            return false;
        }
    }
    if (target.first < 0) {
        m_notice = tr("go to: nothing matches “%1” (a slot 0–16383, a range a-b, a node id or address)").arg(text);
        updateStatus();
        return false;
    }
    m_notice.clear();
    m_map->setSelection(target);
    // The owner's row in the table too, so its totals are in view.
    const QString rowOwner = owner.isEmpty() ? m_map->ownerAt(target.first) : owner;
    const int row = rowOwner.isEmpty() ? -1 : m_model->rowOf(rowOwner);
    if (row >= 0) {
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(index);
    }
    updateStatus();
    return true;
}

} // namespace ops
