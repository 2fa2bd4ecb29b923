#pragma once

#include "RedisError.h"
#include "RespValue.h"

namespace ops {

/**
 * @brief Either a reply or a typed error (an `expected`-style result; C++20 has no std::expected).
 * A top-level `-ERR` reply is an error here; errors nested in arrays (EXEC, pipelines of scripts)
 * stay RespValue::Type::Error elements for the caller to interpret.
 */
class RedisResult
{
public:
    RedisResult(RespValue value) : m_value(std::move(value)) {}
    RedisResult(RedisError error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.isError(); }
    explicit operator bool() const { return ok(); }
    const RespValue &value() const { return m_value; }
    const RedisError &error() const { return m_error; }

private:
    RespValue m_value;
    RedisError m_error;
};

} // namespace ops
