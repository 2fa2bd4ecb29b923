#pragma once

#include "model/TopologySnapshot.h"

#include <QDialog>
#include <QList>
#include <QPair>
#include <QString>

class QTreeWidget;

namespace ops {

/**
 * @brief Help ▸ About: the console's version, the libraries it runs on (given by app/, which
 * links them: Qt, hiredis, spdlog, yaml-cpp, QCustomPlot, QtKeychain) and the server versions
 * seen in the open deployments, from each one's latest snapshot (data nodes and sentinels
 * counted per version). Server data is shown as plain text.
 *
 * objectNames: aboutDialog, aboutTitle, aboutLibraries, aboutServers.
 */
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    using Versions = QList<QPair<QString, QString>>; ///< name, version
    struct Deployment
    {
        QString title;
        SnapshotPtr snapshot; ///< null: nothing seen yet
    };

    AboutDialog(const Versions &libraries, const QList<Deployment> &deployments, QWidget *parent = nullptr);

    /**
     * The versions one snapshot shows, as ("Redis 7.0.15", "1 master, 2 replicas") rows in
     * version order; sentinels are their own rows ("Sentinel 7.0.15"); a server that has not
     * answered INFO is "version unknown".
     */
    static Versions serverVersions(const TopologySnapshot &snapshot);

    QTreeWidget *libraries() const { return m_libraries; }
    QTreeWidget *servers() const { return m_servers; }

private:
    QTreeWidget *m_libraries;
    QTreeWidget *m_servers;
};

} // namespace ops
