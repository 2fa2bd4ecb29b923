#include "LogRingSink.h"

#include <chrono>

namespace ops {

void LogRingSink::sink_it_(const spdlog::details::log_msg &msg)
{
    Line line;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    line.time = QDateTime::fromMSecsSinceEpoch(qint64(ms));
    line.logger = QString::fromUtf8(msg.logger_name.data(), qsizetype(msg.logger_name.size()));
    line.level = int(msg.level);
    line.text = QString::fromUtf8(msg.payload.data(), qsizetype(msg.payload.size()));
    std::lock_guard lock(m_readMutex);
    m_lines.push_back(std::move(line));
    ++m_lastSeq;
    while (m_lines.size() > m_capacity)
        m_lines.pop_front();
}

quint64 LogRingSink::linesSince(quint64 afterSeq, QVector<Line> &out) const
{
    std::lock_guard lock(m_readMutex);
    const quint64 first = m_lastSeq - m_lines.size() + 1;
    for (quint64 seq = std::max(first, afterSeq + 1); seq <= m_lastSeq; ++seq)
        out.append(m_lines[std::size_t(seq - first)]);
    return m_lastSeq;
}

} // namespace ops
