#include "HeapInUse.h"

#include <QFile>
#include <QList>

#include <malloc.h>

// GCC and clang say "built with ASan" differently.
#if defined(__SANITIZE_ADDRESS__)
#define OPS_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OPS_TEST_ASAN 1
#endif
#endif
#ifndef OPS_TEST_ASAN
#define OPS_TEST_ASAN 0
#endif
#if OPS_TEST_ASAN
#include <sanitizer/allocator_interface.h>
#endif

namespace testmem {

qint64 heapInUse()
{
#if OPS_TEST_ASAN
    return qint64(__sanitizer_get_current_allocated_bytes());
#else
    const struct mallinfo2 m = mallinfo2();
    return qint64(m.uordblks + m.hblkhd);
#endif
}

bool underAddressSanitizer() { return OPS_TEST_ASAN != 0; }

qint64 procStatusKb(const char *field, qint64 pid)
{
    QFile status(pid == 0 ? QStringLiteral("/proc/self/status") : QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').first().toLongLong();
    return -1;
}

} // namespace testmem
