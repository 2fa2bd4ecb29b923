#pragma once

#include "model/OpsEvent.h"

#include <QString>

namespace ops {

/**
 * @brief Writes history rows to files, atomically (QSaveFile): CSV with a header
 * `id,time,timestampMs,deployment,kind,severity,source,node,endpoint,message,details`, every
 * field quoted (RFC 4180, values kept exactly: no formula escaping so "+switch-master" stays
 * machine-readable, details as compact JSON), or a JSON array of OpsEvent::toJson() objects.
 */
class HistoryExporter
{
public:
    static bool writeCsv(const QString &path, const OpsEvents &events, QString *error = nullptr);
    static bool writeJson(const QString &path, const OpsEvents &events, QString *error = nullptr);
};

} // namespace ops
