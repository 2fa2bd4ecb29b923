#pragma once

#include <QList>

namespace ops {

/**
 * @brief Picks distinct free TCP ports on 127.0.0.1 for lab nodes.
 *
 * Ports come from below the kernel's ephemeral range (net.ipv4.ip_local_port_range), at a
 * random place: a port the kernel handed out for bind(0) is also what it hands to the next
 * outgoing connection, so between our check and redis-server's bind another test's client could
 * take it ("Address already in use" under parallel tests). Every candidate is bound (all held at
 * once, then released) to check it is free. Falls back to kernel-chosen ports when the range
 * below the ephemeral one is too small.
 */
class FreePorts
{
public:
    static QList<quint16> allocate(int count);
    /** The kernel's ephemeral range [first, last]; {32768, 60999} when it cannot be read. */
    static std::pair<quint16, quint16> ephemeralRange();
};

} // namespace ops
