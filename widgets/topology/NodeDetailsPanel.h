#pragma once

#include "health/HealthReport.h"
#include "model/TopologySnapshot.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace ops {

/**
 * @brief The selected node's details as plain text: role, address, hostname, id, master,
 * offsets, lag, link, memory, ops/s, slots (count and ranges), flags, last seen ("2 s ago" and
 * the time), the last poll error and the health findings firing on it (summary and fix). Server strings are shown as plain text, never as markup.
 */
class NodeDetailsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit NodeDetailsPanel(QWidget *parent = nullptr);

    void setSnapshot(SnapshotPtr snapshot);
    void setNodeId(const QString &id);
    /** The health report of the snapshot: the selected node's firing findings are listed. */
    void setHealth(const HealthReport &report);
    QString nodeId() const { return m_nodeId; }
    /** What the panel shows now. */
    QString text() const;

    /** The details of @p node; @p nowMs makes "last seen" relative (the snapshot's time). */
    static QString describe(const TopologySnapshot &snapshot, const Node &node, qint64 nowMs);

private:
    void refresh();

    SnapshotPtr m_snapshot;
    HealthReport m_health;
    QString m_nodeId;
    QLabel *m_title;
    QPlainTextEdit *m_text;
};

} // namespace ops
