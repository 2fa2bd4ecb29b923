#pragma once

#include <spdlog/sinks/base_sink.h>

#include <QDateTime>
#include <QString>
#include <QVector>

#include <deque>
#include <mutex>

namespace ops {

/** @brief Keeps the last N formatted log lines in memory for the in-app log view. */
class LogRingSink final : public spdlog::sinks::base_sink<std::mutex>
{
public:
    struct Line
    {
        QDateTime time;
        QString logger;
        int level = 0;
        QString text;
    };

    explicit LogRingSink(std::size_t capacity) : m_capacity(capacity) {}

    /** A copy of the lines with sequence number > @p afterSeq; returns the newest sequence. */
    quint64 linesSince(quint64 afterSeq, QVector<Line> &out) const;

protected:
    void sink_it_(const spdlog::details::log_msg &msg) override;
    void flush_() override {}

private:
    std::size_t m_capacity;
    std::deque<Line> m_lines;
    quint64 m_lastSeq = 0;
    mutable std::mutex m_readMutex;
};

} // namespace ops
