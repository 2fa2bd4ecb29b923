#include "HealthFindingsModel.h"
#include "core/PlainText.h"

#include <algorithm>

namespace ops {

int HealthFindingsModel::rank(const HealthFinding &f)
{
    switch (f.status) {
    case HealthFinding::Status::Pass: return 0;
    case HealthFinding::Status::Unknown: return 1;
    case HealthFinding::Status::Fire: break;
    }
    return 2 + int(f.severity);
}

QString HealthFindingsModel::statusWord(const HealthFinding &f)
{
    return f.fires() ? HealthFinding::severityName(f.severity) : HealthFinding::statusName(f.status);
}

void HealthFindingsModel::setReport(const HealthReport &report, const SnapshotPtr &snapshot)
{
    beginResetModel();
    m_report = report;
    m_addresses.clear();
    if (snapshot) {
        for (const QList<Node> *list : {&snapshot->nodes, &snapshot->sentinels})
            for (const Node &n : *list)
                m_addresses.insert(n.id, n.endpoint.toString());
    }
    m_rows = report.findings;
    std::stable_sort(m_rows.begin(), m_rows.end(), [](const HealthFinding &a, const HealthFinding &b) { return rank(a) > rank(b); });
    endResetModel();
}

QString HealthFindingsModel::nodesText(const HealthFinding &finding) const
{
    QStringList shown;
    for (const QString &id : finding.nodes)
        shown << m_addresses.value(id, id);
    return shown.join(QStringLiteral(", "));
}

const HealthFinding *HealthFindingsModel::finding(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

QString HealthFindingsModel::summaryText() const
{
    int counts[5] = {};
    for (const HealthFinding &f : m_rows)
        ++counts[rank(f)];
    QStringList parts;
    static const char *const names[] = {"passing", "unknown", "info", "warning", "critical"};
    for (int r = 4; r >= 0; --r)
        if (counts[r] > 0 || r == 0)
            parts << QStringLiteral("%1 %2").arg(counts[r]).arg(QLatin1String(names[r]));
    return parts.join(QStringLiteral(" · "));
}

int HealthFindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HealthFindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HealthFindingsModel::data(const QModelIndex &index, int role) const
{
    const HealthFinding *f = index.isValid() ? finding(index.row()) : nullptr;
    if (f == nullptr)
        return {};
    if (role == SeverityRole)
        return statusWord(*f);
    if (role == Qt::ToolTipRole) {
        QStringList lines{f->explanation};
        if (!f->evidence.isEmpty())
            lines << QStringLiteral("Evidence: %1").arg(f->evidenceText());
        if (!f->fix.isEmpty())
            lines << QStringLiteral("Fix: %1").arg(f->fix);
        if (!f->nodes.isEmpty())
            lines << QStringLiteral("Node ids: %1").arg(f->nodes.join(QLatin1Char(' ')));
        return PlainText::toolTip(lines.join(QLatin1Char('\n')));
    }
    if (role == RawRole && index.column() == Status)
        return rank(*f);
    if (role != Qt::DisplayRole && role != RawRole)
        return {};
    switch (Column(index.column())) {
    case Status: return statusWord(*f);
    case Rule: return f->ruleId;
    case Summary: return f->summary;
    case Nodes: return nodesText(*f);
    case ColumnCount: break;
    }
    return {};
}

QVariant HealthFindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Status: return QStringLiteral("Status");
    case Rule: return QStringLiteral("Rule");
    case Summary: return QStringLiteral("Finding");
    case Nodes: return QStringLiteral("Nodes");
    case ColumnCount: break;
    }
    return {};
}

} // namespace ops
