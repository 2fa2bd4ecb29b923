#include "MigrationStrip.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QVBoxLayout>

namespace ops {

namespace {

QString slotsText(const SlotRanges &ranges)
{
    QStringList parts;
    for (const SlotRange &r : ranges.mid(0, 4))
        parts << r.toString();
    if (ranges.size() > 4)
        parts << QStringLiteral("…");
    return parts.join(QLatin1Char(','));
}

} // namespace

MigrationStrip::MigrationStrip(QWidget *parent) : QWidget(parent), m_rows(new QVBoxLayout(this))
{
    setObjectName(QStringLiteral("migrationStrip"));
    m_rows->setContentsMargins(0, 0, 0, 0);
    m_rows->setSpacing(2);
    setVisible(false);
}

QString MigrationStrip::durationText(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("?");
    const qint64 s = (ms + 999) / 1000;
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString MigrationStrip::lineText(const MigrationView &m)
{
    const QLocale c = QLocale::c();
    QStringList parts;
    if (m.slotsTotal > 0)
        parts << tr("%1/%2 slots").arg(c.toString(m.slotsFinished), c.toString(m.slotsTotal));
    else
        parts << (m.slotsFinished == 1 ? tr("1 slot moved") : tr("%1 slots moved").arg(c.toString(m.slotsFinished)));
    const int open = m.openCount();
    if (open == 1)
        parts << tr("slot %1 open").arg(m.openSlots.first().first);
    else if (open > 1)
        parts << tr("%1 slots open (%2)").arg(c.toString(open), slotsText(m.openSlots));
    if (m.keysLeft >= 0 && open > 0)
        parts << tr("%1 keys left").arg(c.toString(m.keysLeft));
    parts << (m.keysPerSecond >= 0 ? tr("%1 keys/s").arg(c.toString(qRound64(m.keysPerSecond))) : tr("keys/s measuring"));
    if (m.own)
        parts << tr("ETA %1").arg(durationText(m.etaMs));
    else
        parts << tr("ETA %1 for the open slots").arg(durationText(m.etaMs));
    const QString who = m.own ? tr("this console") : tr("redis-cli or another client");
    return tr("%1 → %2: %3 (%4)").arg(m.sourceLabel, m.targetLabel, parts.join(QStringLiteral(", ")), who);
}

void MigrationStrip::setMigrations(const MigrationViews &migrations)
{
    m_migrations = migrations;
    // Rows are reused: a migration's line keeps its place while it runs (one row per view, in order).
    while (m_rows->count() > migrations.size()) {
        QLayoutItem *item = m_rows->takeAt(m_rows->count() - 1);
        delete item->widget();
        delete item;
    }
    while (m_rows->count() < migrations.size()) {
        auto *row = new QWidget(this);
        auto *h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        auto *bar = new QProgressBar(row);
        bar->setObjectName(QStringLiteral("migrationBar"));
        bar->setMaximumWidth(160);
        bar->setTextVisible(false);
        auto *label = new QLabel(row);
        label->setObjectName(QStringLiteral("migrationLine"));
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        h->addWidget(bar);
        h->addWidget(label, 1);
        m_rows->addWidget(row);
    }
    for (int i = 0; i < migrations.size(); ++i) {
        const MigrationView &m = migrations[i];
        QWidget *row = m_rows->itemAt(i)->widget();
        auto *label = row->findChild<QLabel *>(QStringLiteral("migrationLine"));
        auto *bar = row->findChild<QProgressBar *>(QStringLiteral("migrationBar"));
        const QString text = lineText(m);
        label->setText(text);
        label->setToolTip(QStringLiteral("<span>%1</span>").arg(text.toHtmlEscaped())); // escaped: server data
        if (m.slotsTotal > 0) {
            bar->setRange(0, m.slotsTotal);
            bar->setValue(std::min(m.slotsFinished, m.slotsTotal));
        } else {
            bar->setRange(0, 0); // busy: the total of a migration run elsewhere is not known
        }
    }
    setVisible(!migrations.isEmpty());
}

} // namespace ops
