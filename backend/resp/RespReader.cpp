#include "RespReader.h"

#include <hiredis.h>

#include <algorithm>
#include <charconv>

namespace ops {

// hiredis calls these C callbacks while decoding; they build RespValue trees in place.
// RespValue befriends this struct so the tree can be filled without copies.
struct RespReaderCallbacks
{
    static RespReader *readerOf(const redisReadTask *task) { return static_cast<RespReader *>(task->privdata); }

    // Children live inside their parent's element vector, so only the root is heap-allocated and
    // only the root is freed: hiredis 0.14 frees r->reply only. hiredis creates the children in index
    // order, each after the previous one is complete, so a child is appended; the vector only grows
    // while no pointer into it is held (hiredis keeps the obj of unfinished arrays only, and an
    // unfinished array is always its parent's last element).
    static RespValue *slotFor(const redisReadTask *task)
    {
        if (task->parent != nullptr) {
            auto &siblings = static_cast<RespValue *>(task->parent->obj)->m_elements;
            Q_ASSERT(std::size_t(task->idx) == siblings.size());
            return &siblings.emplace_back();
        }
        return new RespValue;
    }

    /** Elements reserved when an array header arrives: the announced count is only a claim (16
     *  bytes announcing 4M elements made us allocate 256 MiB, found by fuzz_resp_reader), so
     *  memory follows the elements actually received beyond this. */
    static constexpr int kReserveCap = 1024;

    static int depthOf(const redisReadTask *task)
    {
        int depth = 0;
        for (const redisReadTask *t = task->parent; t != nullptr; t = t->parent)
            ++depth;
        return depth;
    }

    static void *createString(const redisReadTask *task, char *str, size_t len)
    {
        RespReader *self = readerOf(task);
        if (qint64(len) > self->limits().maxBulkLength) {
            self->setLimitViolation(QStringLiteral("bulk string of %1 bytes exceeds the limit of %2 bytes")
                                        .arg(qulonglong(len)).arg(self->limits().maxBulkLength));
            return nullptr;
        }
        // hiredis 0.14 skips the two bytes after a bulk payload without looking at them; a peer
        // that is out of step would otherwise be decoded silently wrong. They are in the buffer.
        if (task->type == REDIS_REPLY_STRING && (str[len] != '\r' || str[len + 1] != '\n')) {
            self->setProtocolViolation(QStringLiteral("bulk string of %1 bytes is not followed by CRLF").arg(qulonglong(len)));
            return nullptr;
        }
        RespValue *v = slotFor(task);
        switch (task->type) {
        case REDIS_REPLY_ERROR: v->m_type = RespValue::Type::Error; break;
        case REDIS_REPLY_STATUS: v->m_type = RespValue::Type::Status; break;
        default: v->m_type = RespValue::Type::String; break;
        }
        v->m_bytes = QByteArray(str, qsizetype(len));
        return v;
    }

    static void *createArray(const redisReadTask *task, int elements)
    {
        RespReader *self = readerOf(task);
        if (elements < 0 || elements > self->limits().maxArrayElements) {
            self->setLimitViolation(QStringLiteral("array of %1 elements exceeds the limit of %2")
                                        .arg(elements).arg(self->limits().maxArrayElements));
            return nullptr;
        }
        const int depth = depthOf(task) + 1;
        if (depth > self->limits().maxNestingDepth) {
            self->setLimitViolation(QStringLiteral("arrays nested %1 deep exceed the limit of %2")
                                        .arg(depth).arg(self->limits().maxNestingDepth));
            return nullptr;
        }
        RespValue *v = slotFor(task);
        v->m_type = RespValue::Type::Array;
        v->m_elements.reserve(std::size_t(std::min(elements, kReserveCap)));
        return v;
    }

    static void *createInteger(const redisReadTask *task, long long value)
    {
        RespValue *v = slotFor(task);
        v->m_type = RespValue::Type::Integer;
        v->m_integer = value;
        return v;
    }

    static void *createNil(const redisReadTask *task)
    {
        RespValue *v = slotFor(task);
        v->m_type = RespValue::Type::Nil;
        return v;
    }

    static void freeObject(void *obj) { delete static_cast<RespValue *>(obj); }
};

namespace {
redisReplyObjectFunctions g_functions = {
    RespReaderCallbacks::createString, RespReaderCallbacks::createArray,
    RespReaderCallbacks::createInteger, RespReaderCallbacks::createNil,
    RespReaderCallbacks::freeObject,
};
} // namespace

RespReader::RespReader(RespLimits limits)
    : m_limits(limits)
{
    reset();
}

RespReader::~RespReader()
{
    if (m_reader != nullptr)
        redisReaderFree(m_reader);
}

void RespReader::reset()
{
    if (m_reader != nullptr)
        redisReaderFree(m_reader);
    m_reader = redisReaderCreateWithFunctions(&g_functions);
    m_reader->privdata = this;
    m_error.clear();
    m_limitExceeded = false;
}

void RespReader::setProtocolViolation(const QString &why)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("Protocol error: ") + why;
}

void RespReader::setLimitViolation(const QString &why)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("reply too large: ") + why;
    m_limitExceeded = true;
}

qint64 RespReader::bufferedBytes() const
{
    return m_reader != nullptr ? qint64(m_reader->len - m_reader->pos) : 0;
}

bool RespReader::feed(const char *data, qsizetype length, std::vector<RespValue> &out)
{
    if (hasError())
        return false;
    if (length > 0 && redisReaderFeed(m_reader, data, size_t(length)) != REDIS_OK) {
        m_error = QStringLiteral("decoder failed: %1").arg(QString::fromLatin1(m_reader->errstr));
        return false;
    }
    for (;;) {
        void *reply = nullptr;
        if (redisReaderGetReply(m_reader, &reply) != REDIS_OK) {
            if (m_error.isEmpty()) // not one of our limits: malformed framing
                m_error = QString::fromLatin1(m_reader->errstr);
            return false;
        }
        if (reply == nullptr)
            break;
        auto *value = static_cast<RespValue *>(reply);
        out.push_back(std::move(*value));
        delete value;
    }
    return checkPendingHeader();
}

// hiredis consumes an item's type byte first and then keeps `pos` at the start of the rest of the
// item it is waiting for; for a pending bulk string that is its length line. A length above the
// limit is refused now, before megabytes of payload are buffered for it.
bool RespReader::checkPendingHeader()
{
    const qint64 buffered = bufferedBytes();
    if (buffered > m_limits.maxBufferedBytes) {
        setLimitViolation(QStringLiteral("%1 bytes buffered for one reply exceed the limit of %2")
                              .arg(buffered).arg(m_limits.maxBufferedBytes));
        return false;
    }
    if (buffered == 0 || m_reader->ridx < 0 || m_reader->rstack[m_reader->ridx].type != REDIS_REPLY_STRING)
        return true;
    const char *digits = m_reader->buf + m_reader->pos;
    const char *end = m_reader->buf + m_reader->len;
    const char *cr = std::find(digits, end, '\r');
    if (cr == end)
        return true; // length line not complete yet
    long long announced = 0;
    const auto [ptr, ec] = std::from_chars(digits, cr, announced);
    if (ec == std::errc::result_out_of_range || (ec == std::errc() && ptr == cr && announced > m_limits.maxBulkLength)) {
        setLimitViolation(QStringLiteral("bulk string of %1 bytes exceeds the limit of %2 bytes")
                              .arg(QString::fromLatin1(digits, cr - digits)).arg(m_limits.maxBulkLength));
        return false;
    }
    return true;
}

} // namespace ops
