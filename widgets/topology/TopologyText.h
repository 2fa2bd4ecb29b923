#pragma once

#include <QString>

namespace ops::topology {

/** @brief Short human sizes for the graph: "512 B", "12 KB", "1.5 MB" (1024-based); "?" when negative. */
QString formatBytes(qint64 bytes);

/** @brief "0 s", "1.5 s", "12 s"; "?" when negative (unknown). */
QString formatSeconds(double seconds);

/** @brief Relative age in words: "now", "2 s ago", "3 min ago", "2 h ago", "4 d ago". */
QString formatAge(qint64 ageMs);

/** @brief The first 8 characters of a cluster node id (the form redis-cli shows). */
QString shortId(const QString &id);

} // namespace ops::topology
