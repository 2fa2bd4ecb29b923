#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>

namespace ops {

/**
 * @brief The text of INFO / CLUSTER INFO as `field:value` pairs, by section (`# Replication`).
 * Lines without a colon are ignored; a field may appear in one section only (Redis guarantees it).
 */
class InfoReply
{
public:
    static InfoReply parse(const QByteArray &text);

    QByteArray value(const QByteArray &field) const { return m_fields.value(field); }
    bool contains(const QByteArray &field) const { return m_fields.contains(field); }
    qint64 integer(const QByteArray &field, qint64 fallback = -1) const;
    double real(const QByteArray &field, double fallback = -1.0) const;
    /** Section names in the order they appeared (lower case, e.g. "replication"). */
    const QList<QByteArray> &sections() const { return m_sections; }
    /** The section a field came from (lower case), empty when unknown. */
    QByteArray sectionOf(const QByteArray &field) const { return m_sectionOf.value(field); }
    const QHash<QByteArray, QByteArray> &fields() const { return m_fields; }

private:
    QHash<QByteArray, QByteArray> m_fields;
    QHash<QByteArray, QByteArray> m_sectionOf;
    QList<QByteArray> m_sections;
};

} // namespace ops
