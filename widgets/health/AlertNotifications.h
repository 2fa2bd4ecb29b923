#pragma once

#include "health/AlertSettings.h"
#include "model/OpsEvent.h"

#include <QHash>
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
 *
 * Every sentinel reports a failover itself (+odown, +switch-master from each of three), and the
 * monitor sees the promotion too: the operator is told each fact once. A fact — the master down,
 * a failover tried, a failover ended with a given new master, a node down — is notified the first
 * time and not again for kRepeatAfterMs of event time (a later incident on the same node is a new
 * one). `+failover-end` is never notified: the `+switch-master` that always follows says the
 * same and names the new master.
 */
class AlertNotifications : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxPerBatch = 3;
    static constexpr qint64 kRepeatAfterMs = 10 * 60 * 1000;

    /** @p notifier must outlive this object. */
    explicit AlertNotifications(AlertNotifier *notifier, AlertSettings settings = {}, QObject *parent = nullptr);

    void setSettings(const AlertSettings &settings) { m_settings = settings; }
    const AlertSettings &settings() const { return m_settings; }

    /** Events of one deployment as they are recorded (MainWindow::showEvents's feed). */
    void showEvents(const OpsEvents &events);

    int notificationCount() const { return m_count; }

private:
    /** Whether @p e tells a fact not notified within kRepeatAfterMs (and remembers it). */
    bool isNewFact(const OpsEvent &e);

    AlertNotifier *m_notifier;
    QHash<QString, qint64> m_factsMs; ///< fact -> event time it was notified
    AlertSettings m_settings;
    int m_count = 0;
};

} // namespace ops
