#pragma once

#include "model/OpsEvent.h"

#include <QString>

namespace ops {

/**
 * @brief Where a desktop notification goes: the system tray in the console
 * (TrayAlertNotifier), a recording spy in tests.
 */
class AlertNotifier
{
public:
    virtual ~AlertNotifier() = default;
    /** Shows @p text (plain text) titled @p title; false when it cannot be shown (no tray). */
    virtual bool notify(const QString &title, const QString &text, OpsEvent::Severity severity) = 0;
};

} // namespace ops
