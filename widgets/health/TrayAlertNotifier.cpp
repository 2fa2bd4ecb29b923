#include "TrayAlertNotifier.h"

#include <QApplication>
#include <QSystemTrayIcon>

namespace ops {

TrayAlertNotifier::TrayAlertNotifier(QObject *parent) : QObject(parent)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
    m_tray->setToolTip(QApplication::applicationDisplayName());
    m_tray->show();
}

TrayAlertNotifier::~TrayAlertNotifier() = default;

bool TrayAlertNotifier::notify(const QString &title, const QString &text, OpsEvent::Severity severity)
{
    if (m_tray == nullptr || !QSystemTrayIcon::supportsMessages())
        return false;
    const QSystemTrayIcon::MessageIcon icon = severity == OpsEvent::Severity::Critical ? QSystemTrayIcon::Critical
        : severity == OpsEvent::Severity::Warning                                     ? QSystemTrayIcon::Warning
                                                                                      : QSystemTrayIcon::Information;
    m_tray->showMessage(title, text, icon, 15000); // plain text: the tray does not render markup
    return true;
}

} // namespace ops
