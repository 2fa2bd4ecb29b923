#include "OpsEventColumns.h"
#include "core/PlainText.h"

#include <QDateTime>

namespace ops {

QVariant OpsEventColumns::data(std::span<const Field> columns, const OpsEvent &event, int column, int role)
{
    if (column < 0 || std::size_t(column) >= columns.size())
        return {};
    const Field field = columns[std::size_t(column)];
    if (role == EventIdRole)
        return event.id;
    if (role == RawRole) {
        switch (field) {
        case Field::Time: return event.timestampMs;
        case Field::Severity: return int(event.severity);
        default: return display(field, event);
        }
    }
    if (role == Qt::ToolTipRole && field == Field::Message)
        return PlainText::toolTip(event.message);
    if (role != Qt::DisplayRole)
        return {};
    return display(field, event);
}

QVariant OpsEventColumns::header(std::span<const Field> columns, int section)
{
    if (section < 0 || std::size_t(section) >= columns.size())
        return {};
    return title(columns[std::size_t(section)]);
}

QVariant OpsEventColumns::display(Field field, const OpsEvent &event)
{
    switch (field) {
    case Field::Time: return timeText(event.timestampMs);
    case Field::Severity: return OpsEvent::severityName(event.severity);
    case Field::Kind: return event.kindName();
    case Field::Node: return event.endpoint.isEmpty() ? event.nodeId : event.endpoint;
    case Field::Message: return event.message;
    case Field::Source: return OpsEvent::sourceName(event.source);
    }
    return {};
}

QString OpsEventColumns::title(Field field)
{
    switch (field) {
    case Field::Time: return tr("Time");
    case Field::Severity: return tr("Severity");
    case Field::Kind: return tr("Kind");
    case Field::Node: return tr("Node");
    case Field::Message: return tr("Message");
    case Field::Source: return tr("Source");
    }
    return {};
}

QString OpsEventColumns::timeText(qint64 timestampMs)
{
    return QDateTime::fromMSecsSinceEpoch(timestampMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

} // namespace ops
