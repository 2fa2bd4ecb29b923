#include "Redaction.h"

namespace ops {

namespace {
const QByteArray kRedacted = QByteArrayLiteral("(redacted)");

bool is(const QByteArray &arg, const char *word)
{
    return arg.compare(word, Qt::CaseInsensitive) == 0;
}

void redactFrom(QList<QByteArray> &out, qsizetype from)
{
    for (qsizetype i = from; i < out.size(); ++i)
        out[i] = kRedacted;
}
} // namespace

bool isSecretConfigParameter(const QByteArray &configName)
{
    static const char *const secrets[] = {"requirepass", "masterauth", "masteruser",
                                          "tls-key-file-pass", "tls-client-key-file-pass",
                                          "sentinel-pass", "sentinel-user", "auth-pass", "auth-user"};
    for (const char *s : secrets)
        if (is(configName, s))
            return true;
    return false;
}

QList<QByteArray> redactArguments(const QList<QByteArray> &args)
{
    QList<QByteArray> out = args;
    if (out.isEmpty())
        return out;
    const QByteArray &cmd = out.first();

    if (is(cmd, "AUTH")) {
        redactFrom(out, 1);
    } else if (is(cmd, "HELLO")) {
        for (qsizetype i = 1; i < out.size(); ++i)
            if (is(out[i], "AUTH")) {
                redactFrom(out, i + 1); // AUTH user pass [SETNAME name]: hide the rest to be safe
                break;
            }
    } else if (is(cmd, "MIGRATE")) {
        for (qsizetype i = 1; i < out.size(); ++i) {
            if (is(out[i], "AUTH") && i + 1 < out.size()) {
                out[i + 1] = kRedacted;
                ++i;
            } else if (is(out[i], "AUTH2") && i + 2 < out.size()) {
                out[i + 1] = kRedacted;
                out[i + 2] = kRedacted;
                i += 2;
            }
        }
    } else if (is(cmd, "ACL") && out.size() > 1 && is(out[1], "SETUSER")) {
        redactFrom(out, 3);
    } else if (is(cmd, "CONFIG") && out.size() > 1 && is(out[1], "SET")) {
        // CONFIG SET name value [name value ...] (multi-parameter since Redis 7)
        for (qsizetype i = 2; i + 1 < out.size(); i += 2)
            if (isSecretConfigParameter(out[i]))
                out[i + 1] = kRedacted;
    } else if (is(cmd, "SENTINEL") && out.size() > 1) {
        if (is(out[1], "SET")) { // SENTINEL SET master name value [name value ...]
            for (qsizetype i = 3; i + 1 < out.size(); i += 2)
                if (isSecretConfigParameter(out[i]))
                    out[i + 1] = kRedacted;
        } else if (is(out[1], "CONFIG") && out.size() > 2 && is(out[2], "SET")) {
            for (qsizetype i = 3; i + 1 < out.size(); i += 2)
                if (isSecretConfigParameter(out[i]))
                    out[i + 1] = kRedacted;
        }
    }
    return out;
}

RespValue redactReply(const QList<QByteArray> &args, const RespValue &reply)
{
    const bool configGet = args.size() >= 2 && is(args[0], "CONFIG") && is(args[1], "GET");
    const bool sentinelConfigGet = args.size() >= 3 && is(args[0], "SENTINEL") && is(args[1], "CONFIG") && is(args[2], "GET");
    if ((!configGet && !sentinelConfigGet) || !reply.isArray() || reply.size() % 2 != 0)
        return reply;
    std::vector<RespValue> out;
    out.reserve(reply.size());
    for (std::size_t i = 0; i < reply.size(); i += 2) {
        out.push_back(reply[i]);
        const bool secret = isSecretConfigParameter(reply[i].bytes()) && !reply[i + 1].bytes().isEmpty();
        out.push_back(secret ? RespValue::string(kRedacted) : reply[i + 1]);
    }
    return RespValue::array(std::move(out));
}

} // namespace ops
