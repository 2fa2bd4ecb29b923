#pragma once

#include "RespValue.h"

#include <QByteArray>
#include <QList>

namespace ops {

/**
 * @brief Returns @p args with every secret replaced by `(redacted)`. Follows redis-cli's
 * isSensitiveCommand and goes further: AUTH; HELLO ... AUTH user pass; MIGRATE ... AUTH pass /
 * AUTH2 user pass; ACL SETUSER (every rule after the name: they can hold >password or #hash);
 * CONFIG SET requirepass / masterauth / masteruser / tls-key-file-pass / tls-client-key-file-pass;
 * SENTINEL SET master auth-pass / auth-user; SENTINEL CONFIG SET sentinel-pass / sentinel-user.
 */
QList<QByteArray> redactArguments(const QList<QByteArray> &args);

/**
 * @brief Returns the reply to @p args with every secret value replaced by `(redacted)`: the
 * value of a secret parameter (isSecretConfigParameter) in the name/value pairs of CONFIG GET
 * and SENTINEL CONFIG GET. A runbook step's output is journaled, shown and put in reports:
 * `CONFIG GET *` would otherwise write requirepass and masterauth there in plain text.
 */
RespValue redactReply(const QList<QByteArray> &args, const RespValue &reply);

/** True when @p configName (case-insensitive) names a secret configuration parameter. */
bool isSecretConfigParameter(const QByteArray &configName);

} // namespace ops
