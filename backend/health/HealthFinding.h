#pragma once

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace ops {

/**
 * @brief What one health rule concluded about one subject (a node, a shard, the deployment):
 * firing with a severity, passing, or unknown (with why: a setting that could not be read).
 * Carries the evidence values it judged and, when firing, how to fix it.
 */
struct HealthFinding
{
    enum class Severity { Info, Warning, Critical };
    enum class Status { Pass, Fire, Unknown };

    QString ruleId;        ///< stable id ("sentinel.quorum"): scripts match on it
    QString title;         ///< the rule's name in words
    Status status = Status::Pass;
    Severity severity = Severity::Info;
    QString summary;       ///< what was found, with the values
    QString explanation;   ///< why it matters (the rule's)
    QString fix;           ///< how to fix it (firing findings)
    QStringList nodes;     ///< ids of the nodes concerned (markers in the graph)
    QList<QPair<QString, QString>> evidence; ///< the values judged, in order

    /** A firing finding. */
    static HealthFinding fire(Severity severity, const QString &summary, const QString &fix);
    /** A finding that could not be decided; @p why is shown, never a silent pass. */
    static HealthFinding unknown(const QString &why);
    static HealthFinding pass(const QString &summary);
    /** Builders: the node concerned, an evidence value. */
    HealthFinding &on(const QString &nodeId);
    HealthFinding &with(const QString &name, const QString &value);
    HealthFinding &with(const QString &name, qint64 value);

    bool fires() const { return status == Status::Fire; }
    QString evidenceText() const;  ///< "name=value, name=value"
    QJsonObject toJson() const;

    static QString severityName(Severity severity);
    static QString statusName(Status status);
    /** "info" / "warning" / "critical" (case-insensitive); false otherwise. */
    static bool parseSeverity(const QString &text, Severity &out);
};

} // namespace ops
