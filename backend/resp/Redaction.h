#pragma once

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

/** True when @p configName (case-insensitive) names a secret configuration parameter. */
bool isSecretConfigParameter(const QByteArray &configName);

} // namespace ops
