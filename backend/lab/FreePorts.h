#pragma once

#include <QList>

namespace ops {

/** @brief Picks distinct free TCP ports on 127.0.0.1 (all bound at once, then released). */
class FreePorts
{
public:
    static QList<quint16> allocate(int count);
};

} // namespace ops
