#pragma once

#include "RespLimits.h"
#include "RespValue.h"

#include <QString>
#include <vector>

struct redisReader;

namespace ops {

/**
 * @brief Incremental RESP2 decoder: hiredis 0.14's reader with our own object functions (building
 * RespValue trees directly) and with the limits of RespLimits enforced as early as the headers
 * allow: an oversized `*` count is refused when its header arrives, an oversized `$` length before
 * its payload is buffered.
 *
 * After an error the reader is spent: the stream cannot be resynchronised, so the owner closes the
 * connection. Not thread-safe; one reader per connection.
 */
class RespReader
{
public:
    explicit RespReader(RespLimits limits = {});
    ~RespReader();
    RespReader(const RespReader &) = delete;
    RespReader &operator=(const RespReader &) = delete;

    /** Feeds bytes and appends every reply they complete to @p out. False on a protocol error. */
    bool feed(const char *data, qsizetype length, std::vector<RespValue> &out);

    bool hasError() const { return !m_error.isEmpty(); }
    /** Why decoding stopped, in words an operator can act on. */
    const QString &errorString() const { return m_error; }
    /** True when the error was one of our limits rather than malformed framing. */
    bool limitExceeded() const { return m_limitExceeded; }
    /** Bytes received and not yet consumed by the decoder (the pending item only: elements of an
     *  unfinished array that are already decoded are not counted). */
    qint64 bufferedBytes() const;
    /** Drops all state (after a reconnect). */
    void reset();

    const RespLimits &limits() const { return m_limits; }

    // Called from the hiredis object functions (C callbacks); not part of the API.
    void setLimitViolation(const QString &why);
    void setProtocolViolation(const QString &why);

private:
    bool checkPendingHeader();

    RespLimits m_limits;
    redisReader *m_reader = nullptr;
    QString m_error;
    bool m_limitExceeded = false;
};

} // namespace ops
