#pragma once
// Shared by the reply-parser unit tests (header-only): the reason of a failed parse for
// QVERIFY2, RESP fixtures captured from Redis 7.0 (the test defines OPS_FIXTURE_DIR), and short
// RespValue builders for hand-made replies.

#include "discovery/ParseError.h"
#include "resp/RespReader.h"
#include "resp/RespValue.h"

#include <QFile>
#include <QtTest>

#include <vector>

namespace parsertest {

using Elements = std::vector<ops::RespValue>;

/** Why @p p failed, empty when it did not (for QVERIFY2 messages). */
template<typename T>
QByteArray why(const ops::Parsed<T> &p)
{
    return p.ok() ? QByteArray() : p.error().toString().toUtf8();
}

#ifdef OPS_FIXTURE_DIR
/** Decodes a raw RESP capture from the fixture directory; exactly one reply expected. */
inline ops::RespValue readRespFixture(const QString &name)
{
    QFile f(QStringLiteral(OPS_FIXTURE_DIR "/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open fixture %s", qPrintable(f.fileName()));
    const QByteArray bytes = f.readAll();
    ops::RespReader reader;
    Elements out;
    if (!reader.feed(bytes.constData(), bytes.size(), out) || out.size() != 1)
        qFatal("fixture %s is not exactly one RESP reply", qPrintable(name));
    return out.front();
}
#endif

inline ops::RespValue S(const QByteArray &b) { return ops::RespValue::string(b); }
inline ops::RespValue I(qint64 v) { return ops::RespValue::integer(v); }
inline ops::RespValue A(Elements e) { return ops::RespValue::array(std::move(e)); }

} // namespace parsertest
