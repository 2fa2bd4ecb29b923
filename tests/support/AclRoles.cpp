#include "AclRoles.h"

#include "LabFixture.h"

#include <QFile>

using namespace ops;

AclRoles::AclRoles(QByteArray password) : m_password(std::move(password))
{
    QFile doc(QStringLiteral(OPS_SOURCE_DIR "/docs/security.md"));
    if (doc.open(QIODevice::ReadOnly))
        m_doc = QString::fromUtf8(doc.readAll());
}

QList<QList<QByteArray>> AclRoles::lines(const QString &role, const QString &place) const
{
    const QString marker = QStringLiteral("<!-- acl %1 %2 -->").arg(role, place);
    const qsizetype at = m_doc.indexOf(marker);
    if (at < 0)
        return {};
    const qsizetype open = m_doc.indexOf(QLatin1String("```\n"), at);
    const qsizetype close = m_doc.indexOf(QLatin1String("\n```"), open + 4);
    if (open < 0 || close < 0)
        return {};
    QList<QList<QByteArray>> lines;
    for (const QString &line : m_doc.mid(open + 4, close - open - 4).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        QList<QByteArray> argv;
        for (const QString &word : line.split(QLatin1Char(' '), Qt::SkipEmptyParts))
            argv << (word == QLatin1String(">CHANGE-ME") ? QByteArray(">") + m_password : word.toUtf8());
        lines << argv;
    }
    return lines;
}

bool AclRoles::apply(LocalLab &lab, QString &why) const
{
    for (const LabNode &n : lab.topology().nodes) {
        const QString place = n.role == LabNode::Role::Sentinel ? QStringLiteral("sentinel") : QStringLiteral("data");
        RedisConnection c(lab.topology().connectionOptions(n.endpoint));
        for (const char *role : {"monitor", "operator"})
            for (const QList<QByteArray> &argv : lines(QString::fromLatin1(role), place)) {
                const RedisResult r = labtest::execute(c, RespCommand(argv));
                if (!r.ok()) {
                    why = n.endpoint.toString() + QStringLiteral(": ") + QString::fromUtf8(argv.join(' ')) + QStringLiteral(": ")
                        + QString::fromUtf8(labtest::describe(r));
                    return false;
                }
            }
        if (!labtest::execute(c, RespCommand{"ACL", "LOG", "RESET"}).ok()) {
            why = n.endpoint.toString() + QStringLiteral(": ACL LOG RESET failed");
            return false;
        }
    }
    return true;
}

QStringList AclRoles::denials(LocalLab &lab)
{
    QStringList denials;
    for (const LabNode &n : lab.topology().nodes) {
        RedisConnection c(lab.topology().connectionOptions(n.endpoint));
        const RedisResult log = labtest::execute(c, RespCommand{"ACL", "LOG"});
        if (!log.ok() || !log.value().isArray()) {
            denials << n.endpoint.toString() + QStringLiteral(": ACL LOG: ") + QString::fromUtf8(labtest::describe(log));
            continue;
        }
        for (std::size_t i = 0; i < log.value().size(); ++i) {
            const RespValue &e = log.value()[i];
            denials << QStringLiteral("%1: %2 %3 by %4").arg(n.endpoint.toString(), QString::fromUtf8(labtest::pairValue(e, "reason")),
                                                              QString::fromUtf8(labtest::pairValue(e, "object")),
                                                              QString::fromUtf8(labtest::pairValue(e, "username")));
        }
    }
    return denials;
}
