#pragma once

#include "model/OpsEvent.h"

#include <QCoreApplication>
#include <QVariant>

#include <span>

namespace ops {

/**
 * @brief The columns a table of OpsEvent rows can show, and what each one gives per role: shared
 * by EventLogModel and HistoryTableModel, which pick and order the fields they show. QtCore only.
 *
 * Roles: Qt::DisplayRole text; RawRole sortable raw values (ms since epoch for Time, severity as
 * int; the display text for the other fields); EventIdRole the OpsEvent::id; Qt::ToolTipRole the
 * whole message on the Message column.
 */
class OpsEventColumns
{
    Q_DECLARE_TR_FUNCTIONS(OpsEventColumns)
public:
    enum class Field { Time, Severity, Kind, Node, Message, Source };
    static constexpr int RawRole = Qt::UserRole;
    static constexpr int EventIdRole = Qt::UserRole + 1;

    /** @p role of @p event in the column showing @p columns[column]; invalid outside @p columns. */
    static QVariant data(std::span<const Field> columns, const OpsEvent &event, int column, int role);
    /** Horizontal header text of @p columns[section]; invalid outside @p columns. */
    static QVariant header(std::span<const Field> columns, int section);

    static QVariant display(Field field, const OpsEvent &event);
    static QString title(Field field);
    /** "yyyy-MM-dd HH:mm:ss.zzz" in local time, as shown in the Time column. */
    static QString timeText(qint64 timestampMs);
};

} // namespace ops
