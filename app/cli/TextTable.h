#pragma once

#include <QList>
#include <QStringList>

namespace ops {

/** @brief Left-aligned plain-text columns for terminal output (server strings stay verbatim). */
class TextTable
{
public:
    explicit TextTable(QStringList header) : m_rows{std::move(header)} {}
    void addRow(QStringList row) { m_rows.append(std::move(row)); }
    QString toString() const;

private:
    QList<QStringList> m_rows;
};

} // namespace ops
