#pragma once

#include "AlertNotifier.h"

#include <QObject>

class QSystemTrayIcon;

namespace ops {

/**
 * @brief Desktop notifications through a QSystemTrayIcon (the application's icon in the tray,
 * its balloon/notification for each alert). Without a system tray (offscreen, a bare X server,
 * some Wayland shells) nothing is created and notify() answers false: the alert is still in the
 * event log and the history.
 */
class TrayAlertNotifier : public QObject, public AlertNotifier
{
    Q_OBJECT
public:
    explicit TrayAlertNotifier(QObject *parent = nullptr);
    ~TrayAlertNotifier() override;

    bool available() const { return m_tray != nullptr; }
    bool notify(const QString &title, const QString &text, OpsEvent::Severity severity) override;

private:
    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace ops
