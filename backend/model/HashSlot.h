#pragma once

#include <QByteArray>

namespace ops {

/** @brief Redis Cluster key → slot mapping: CRC16-CCITT (XMODEM) of the key or its {hash tag}, mod 16384. */
class HashSlot
{
public:
    static constexpr int kSlots = 16384;
    static quint16 crc16(const char *data, qsizetype length);
    /** Slot of @p key, honouring the first non-empty {tag} as CLUSTER KEYSLOT does. */
    static int of(const QByteArray &key);
};

} // namespace ops
