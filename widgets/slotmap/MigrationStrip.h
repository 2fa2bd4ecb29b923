#pragma once

#include "monitor/MigrationView.h"

#include <QWidget>

class QVBoxLayout;

namespace ops {

/**
 * @brief The progress strip above the slot map: one line per slot migration in progress
 * (MigrationView), e.g. "127.0.0.1:7000 → 127.0.0.1:7001: 312/4096 slots, 18,400 keys/s,
 * ETA 0:42 (this console)", or for one started elsewhere "…: 312 slots moved, slot 1200 open,
 * 1,200 keys left, 18,400 keys/s, ETA 0:07 for the open slot (redis-cli or another client)".
 * A bar per line shows slots done of the total when the total is known (the console's own
 * reshard). Hidden when nothing migrates. Plain text only (addresses come from the server).
 * Child objectNames: migrationLine (QLabel), migrationBar (QProgressBar).
 */
class MigrationStrip : public QWidget
{
    Q_OBJECT
public:
    explicit MigrationStrip(QWidget *parent = nullptr);

    void setMigrations(const MigrationViews &migrations);
    const MigrationViews &migrations() const { return m_migrations; }
    /** The line shown for @p migration. */
    static QString lineText(const MigrationView &migration);
    /** "0:42", "1:02:05"; "?" when unknown (negative). */
    static QString durationText(qint64 ms);

private:
    QVBoxLayout *m_rows;
    MigrationViews m_migrations;
};

} // namespace ops
