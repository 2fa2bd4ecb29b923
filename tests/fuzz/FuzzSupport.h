#pragma once
// Shared by the libFuzzer targets (header-only): an invariant check that aborts with a message
// (libFuzzer then saves the input as a crash), a RESP2 encoder for round trips, and a decoder
// that turns fuzz bytes into RespValue trees for the parsers of array replies.

#include "resp/RespReader.h"
#include "resp/RespValue.h"

#include <QByteArray>

#include <cstdio>
#include <cstdlib>
#include <vector>

#define FUZZ_CHECK(cond, ...)                                                                       \
    do {                                                                                            \
        if (!(cond)) {                                                                              \
            std::fprintf(stderr, "fuzz invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
            std::fprintf(stderr, __VA_ARGS__);                                                      \
            std::fprintf(stderr, "\n");                                                             \
            std::abort();                                                                           \
        }                                                                                           \
    } while (false)

namespace fuzzsupport {

/** RESP2 wire form of @p v (what a server would send for it); Nil becomes "$-1". */
inline void encode(const ops::RespValue &v, QByteArray &out)
{
    using T = ops::RespValue::Type;
    switch (v.type()) {
    case T::Nil: out += "$-1\r\n"; break;
    case T::Status: out += '+' + v.bytes() + "\r\n"; break;
    case T::Error: out += '-' + v.bytes() + "\r\n"; break;
    case T::Integer: out += ':' + QByteArray::number(v.integer()) + "\r\n"; break;
    case T::String: out += '$' + QByteArray::number(v.bytes().size()) + "\r\n" + v.bytes() + "\r\n"; break;
    case T::Array:
        out += '*' + QByteArray::number(qulonglong(v.size())) + "\r\n";
        for (const ops::RespValue &e : v.elements())
            encode(e, out);
        break;
    }
}

inline QByteArray encode(const ops::RespValue &v)
{
    QByteArray out;
    encode(v, out);
    return out;
}

/** Every complete reply in @p data, decoded with the default limits (stops at a framing error). */
inline std::vector<ops::RespValue> decodeAll(const char *data, size_t size)
{
    ops::RespReader reader;
    std::vector<ops::RespValue> out;
    reader.feed(data, qsizetype(size), out);
    return out;
}

} // namespace fuzzsupport
