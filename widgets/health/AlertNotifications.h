#pragma once

#include "health/AlertSettings.h"
#include "model/OpsEvent.h"

#include <QObject>

namespace ops {

class AlertNotifier;

/**
 * @brief Turns recorded events into desktop notifications: every event AlertSettings::notifies()
 * (a health or trend alert raised, a node down, a failover starting or ending) is sent to the
 * AlertNotifier, one notification per event; a batch with more than kMaxPerBatch of them (a
 * cluster-wide incident) is one notification that counts them, so the desktop is not flooded.
 * Alerts are recorded once per breach (HealthAlertTracker, TrendAlertTracker), so this notifies
 * once per breach too.
 */
class AlertNotifications : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxPerBatch = 3;

    /** @p notifier must outlive this object. */
    explicit AlertNotifications(AlertNotifier *notifier, AlertSettings settings = {}, QObject *parent = nullptr);

    void setSettings(const AlertSettings &settings) { m_settings = settings; }
    const AlertSettings &settings() const { return m_settings; }

    /** Events of one deployment as they are recorded (MainWindow::showEvents's feed). */
    void showEvents(const OpsEvents &events);

    int notificationCount() const { return m_count; }

private:
    AlertNotifier *m_notifier;
    AlertSettings m_settings;
    int m_count = 0;
};

} // namespace ops
