#include "AckedWriter.h"

#include "LabFixture.h"

#include <algorithm>

using namespace ops;

AckedWriter::AckedWriter(const ConnectionOptions &options, QByteArray prefix, int commandTimeoutMs)
    : m_connection(options), m_prefix(std::move(prefix)), m_timeoutMs(commandTimeoutMs)
{
}

void AckedWriter::next()
{
    const int n = m_next++;
    m_connection.send(RespCommand{"SET", m_prefix + QByteArray::number(n), QByteArray::number(n)}, this,
                      [this, n](const RedisResult &r) {
                          if (!r.ok()) {
                              m_stopped = true;
                              m_reason = r.error().message();
                              return;
                          }
                          m_acked << n;
                          next();
                      },
                      m_timeoutMs);
}

int AckedWriter::missing(RedisConnection &holder) const
{
    int lost = 0;
    for (int i = 0; i < m_acked.size(); i += 500) {
        RespCommand mget{"MGET"};
        for (int j = i; j < std::min<int>(i + 500, int(m_acked.size())); ++j)
            mget << m_prefix + QByteArray::number(m_acked[j]);
        const RedisResult r = labtest::execute(holder, mget);
        if (!r.ok())
            return -1;
        for (std::size_t j = 0; j < r.value().size(); ++j)
            lost += r.value()[j].isNil() ? 1 : 0;
    }
    return lost;
}
