#include "SavedDeploymentsModel.h"

namespace ops {

void SavedDeploymentsModel::setProfiles(const QList<ConnectionProfile> &profiles)
{
    beginResetModel();
    m_profiles = profiles;
    endResetModel();
}

void SavedDeploymentsModel::setLive(const QString &name, const Live &live)
{
    m_live.insert(name, live);
    rowChanged(rowOf(name));
}

void SavedDeploymentsModel::clearLive(const QString &name)
{
    if (m_live.remove(name) > 0)
        rowChanged(rowOf(name));
}

void SavedDeploymentsModel::rowChanged(int row)
{
    if (row >= 0)
        emit dataChanged(index(row, Kind), index(row, Health));
}

const ConnectionProfile *SavedDeploymentsModel::profile(int row) const
{
    return row >= 0 && row < m_profiles.size() ? &m_profiles.at(row) : nullptr;
}

int SavedDeploymentsModel::rowOf(const QString &name) const
{
    for (int row = 0; row < m_profiles.size(); ++row)
        if (m_profiles.at(row).name == name)
            return row;
    return -1;
}

bool SavedDeploymentsModel::isOpen(int row) const
{
    const ConnectionProfile *p = profile(row);
    return p != nullptr && m_live.contains(p->name);
}

int SavedDeploymentsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_profiles.size());
}

int SavedDeploymentsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SavedDeploymentsModel::kindText(int row) const
{
    const ConnectionProfile &p = m_profiles.at(row);
    if (p.isSentinel())
        return QStringLiteral("sentinel");
    const QString seen = m_live.value(p.name).kind;
    return seen.isEmpty() ? QStringLiteral("cluster or standalone") : seen;
}

QString SavedDeploymentsModel::addressText(const ConnectionProfile &p)
{
    if (!p.isSentinel())
        return p.options.endpoint.toString();
    QStringList sentinels;
    for (const Endpoint &ep : p.sentinels)
        sentinels << ep.toString();
    return QStringLiteral("%1 via %2").arg(QString::fromUtf8(p.masterName), sentinels.join(QStringLiteral(", ")));
}

QString SavedDeploymentsModel::tlsText(const ConnectionProfile &p)
{
    if (!p.options.tls.enabled)
        return QStringLiteral("off");
    return p.options.tls.insecure ? QStringLiteral("on (insecure)") : QStringLiteral("on");
}

int SavedDeploymentsModel::healthRank(const QString &word)
{
    if (word == QLatin1String("critical"))
        return 4;
    if (word == QLatin1String("warning"))
        return 3;
    if (word == QLatin1String("info"))
        return 2;
    return word == QLatin1String("pass") ? 0 : 1;
}

QString SavedDeploymentsModel::healthText(int row) const
{
    const auto live = m_live.constFind(m_profiles.at(row).name);
    if (live == m_live.cend())
        return QStringLiteral("not open");
    return live->healthText.isEmpty() ? QStringLiteral("open, waiting for the first refresh") : live->healthText;
}

QVariant SavedDeploymentsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const ConnectionProfile &p = m_profiles.at(row);
    const auto live = m_live.constFind(p.name);
    const bool open = live != m_live.cend();
    if (role == OpenRole)
        return open;
    if (role == HealthWordRole)
        return open ? live->healthWord : QString();
    if (role == RawRole && index.column() == Health)
        return !open ? -2 : live->healthWord.isEmpty() ? -1 : healthRank(live->healthWord);
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Kind:
            return !p.isSentinel() && !open ? QStringLiteral("Known once it has been opened") : QVariant();
        case Tls: {
            QStringList files;
            for (const QString &f : {p.options.tls.caFile, p.options.tls.certFile, p.options.tls.keyFile})
                if (!f.isEmpty())
                    files << f;
            return p.options.tls.enabled && !files.isEmpty() ? files.join(QLatin1Char('\n')) : QVariant();
        }
        case Health:
            return open ? QVariant() : QStringLiteral("Double-click or Open to watch it");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole && role != RawRole)
        return {};
    switch (index.column()) {
    case Name:
        return p.name;
    case Kind:
        return kindText(row);
    case Address:
        return addressText(p);
    case User:
        return p.options.user.isEmpty() ? QStringLiteral("default") : p.options.user;
    case Tls:
        return tlsText(p);
    case ReadOnly:
        return p.readOnly ? QStringLiteral("yes") : QStringLiteral("no");
    case Health:
        return healthText(row);
    default:
        return {};
    }
}

QVariant SavedDeploymentsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList headers{QStringLiteral("Name"), QStringLiteral("Kind"), QStringLiteral("Seed / sentinels"),
                                     QStringLiteral("User"), QStringLiteral("TLS"), QStringLiteral("Read-only"),
                                     QStringLiteral("Health")};
    return headers.value(section);
}

} // namespace ops
