#include "FreePorts.h"

#include <QTcpServer>

#include <memory>
#include <vector>

namespace ops {

QList<quint16> FreePorts::allocate(int count)
{
    // Holding every listener until all are chosen guarantees the ports are distinct. Ports whose
    // +10000 neighbour would collide with Redis's default cluster bus are never used: the lab sets
    // cluster-port explicitly.
    std::vector<std::unique_ptr<QTcpServer>> holders;
    QList<quint16> ports;
    for (int i = 0; i < count; ++i) {
        auto server = std::make_unique<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, 0))
            return {};
        ports << server->serverPort();
        holders.push_back(std::move(server));
    }
    return ports;
}

} // namespace ops
