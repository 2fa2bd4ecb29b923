#include "AppLogModel.h"

#include <spdlog/common.h>

namespace ops {

AppLogModel::AppLogModel(std::shared_ptr<LogRingSink> sink, int capacity, QObject *parent)
    : QAbstractTableModel(parent), m_sink(std::move(sink)), m_capacity(std::max(1, capacity))
{
}

int AppLogModel::refresh()
{
    if (!m_sink)
        return 0;
    QVector<LogRingSink::Line> fresh;
    m_seq = m_sink->linesSince(m_seq, fresh);
    if (fresh.isEmpty())
        return 0;
    if (fresh.size() > m_capacity)
        fresh = fresh.mid(fresh.size() - m_capacity);
    const qsizetype overflow = m_lines.size() + fresh.size() - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_lines.remove(0, overflow);
        endRemoveRows();
    }
    const int first = int(m_lines.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_lines.append(fresh);
    endInsertRows();
    return int(fresh.size());
}

int AppLogModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_lines.size()); }
int AppLogModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AppLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || role != Qt::DisplayRole)
        return {};
    const LogRingSink::Line &l = m_lines.at(index.row());
    switch (index.column()) {
    case Time: return l.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case Level: {
        const auto name = spdlog::level::to_string_view(spdlog::level::level_enum(l.level));
        return QString::fromLatin1(name.data(), qsizetype(name.size()));
    }
    case Subsystem: return l.logger;
    case Text: return l.text;
    default: return {};
    }
}

QVariant AppLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return tr("Time");
    case Level: return tr("Level");
    case Subsystem: return tr("Subsystem");
    case Text: return tr("Message");
    default: return {};
    }
}

} // namespace ops
