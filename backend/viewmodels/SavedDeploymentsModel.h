#pragma once

#include "core/ConnectionProfile.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace ops {

/**
 * @brief The saved deployments (ConnectionProfile, never a password) as the Overview's table:
 * name, kind, address (seed, or master name via the sentinels), ACL user, TLS, read-only and the
 * health at a glance — for a profile open in a tab, that tab's badge (worst severity and counts,
 * as the Health page computes it); otherwise "not open".
 *
 * Whole profile lists reset the model (a handful of rows, read from the settings); live states are
 * exact updates (dataChanged of one row's Kind..Health). RawRole: the text, the Health column's
 * rank (critical 4 … pass 0, opening -1, not open -2); HealthWordRole: "critical", "warning",
 * "info", "pass", or empty (not open, nothing seen yet) for the colour in widgets/; OpenRole: bool.
 */
class SavedDeploymentsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Kind, Address, User, Tls, ReadOnly, Health, ColumnCount };
    static constexpr int RawRole = Qt::UserRole;
    static constexpr int HealthWordRole = Qt::UserRole + 1;
    static constexpr int OpenRole = Qt::UserRole + 2;

    /** What an open tab shows of a profile's deployment. */
    struct Live
    {
        QString kind;       ///< TopologySnapshot::kindName of its latest snapshot; empty before the first
        QString healthWord; ///< DeploymentWorkspace::healthWord(); empty before the first snapshot
        QString healthText; ///< "CRITICAL — 1 critical · 11 passing"
    };

    using QAbstractTableModel::QAbstractTableModel;

    /** The saved profiles, in this order; live states of names still present are kept. */
    void setProfiles(const QList<ConnectionProfile> &profiles);
    /** @p name is open in a tab showing @p live (a profile not in the list: kept for when it is). */
    void setLive(const QString &name, const Live &live);
    /** @p name's tab was closed: "not open" again. */
    void clearLive(const QString &name);

    const ConnectionProfile *profile(int row) const;
    /** The row of profile @p name, -1 when it is not saved. */
    int rowOf(const QString &name) const;
    bool isOpen(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** "cluster", "sentinel", "standalone", or "cluster or standalone" for a seed never seen open. */
    QString kindText(int row) const;
    /** "host:port", or "mymaster via host:26379, host:26380". */
    static QString addressText(const ConnectionProfile &profile);
    /** "off", "on", "on (insecure)". */
    static QString tlsText(const ConnectionProfile &profile);
    /** critical 4, warning 3, info 2, pass 0 (unknown words 1). */
    static int healthRank(const QString &word);

private:
    QString healthText(int row) const;
    void rowChanged(int row);

    QList<ConnectionProfile> m_profiles;
    QHash<QString, Live> m_live; ///< by profile name
};

} // namespace ops
