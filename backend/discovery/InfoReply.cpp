#include "InfoReply.h"

namespace ops {

InfoReply InfoReply::parse(const QByteArray &text)
{
    InfoReply r;
    QByteArray section;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype end = text.indexOf('\n', pos);
        if (end < 0)
            end = text.size();
        QByteArray line = text.mid(pos, end - pos);
        pos = end + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        if (line.startsWith('#')) {
            section = line.mid(1).trimmed().toLower();
            r.m_sections << section;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray key = line.left(colon);
        r.m_fields.insert(key, line.mid(colon + 1));
        r.m_sectionOf.insert(key, section);
    }
    return r;
}

qint64 InfoReply::integer(const QByteArray &field, qint64 fallback) const
{
    bool ok = false;
    const qint64 v = m_fields.value(field).toLongLong(&ok);
    return ok ? v : fallback;
}

double InfoReply::real(const QByteArray &field, double fallback) const
{
    bool ok = false;
    const double v = m_fields.value(field).toDouble(&ok);
    return ok ? v : fallback;
}

} // namespace ops
