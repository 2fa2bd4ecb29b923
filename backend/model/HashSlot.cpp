#include "HashSlot.h"

#include <array>

namespace ops {

namespace {
constexpr std::array<quint16, 256> makeTable()
{
    std::array<quint16, 256> table{};
    for (int i = 0; i < 256; ++i) {
        quint16 crc = quint16(i << 8);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 0x8000) ? quint16((crc << 1) ^ 0x1021) : quint16(crc << 1);
        table[std::size_t(i)] = crc;
    }
    return table;
}
constexpr std::array<quint16, 256> kTable = makeTable();
} // namespace

quint16 HashSlot::crc16(const char *data, qsizetype length)
{
    quint16 crc = 0;
    for (qsizetype i = 0; i < length; ++i)
        crc = quint16((crc << 8) ^ kTable[((crc >> 8) ^ quint8(data[i])) & 0xff]);
    return crc;
}

int HashSlot::of(const QByteArray &key)
{
    const qsizetype open = key.indexOf('{');
    if (open >= 0) {
        const qsizetype close = key.indexOf('}', open + 1);
        if (close > open + 1)
            return crc16(key.constData() + open + 1, close - open - 1) & (kSlots - 1);
    }
    return crc16(key.constData(), key.size()) & (kSlots - 1);
}

} // namespace ops
