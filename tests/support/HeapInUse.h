#pragma once

#include <QtGlobal>

namespace testmem {

/**
 * Bytes the process's heap has handed out and not got back: glibc's counters (mallinfo2), or
 * AddressSanitizer's own under the sanitizers, where mallinfo2() reports nothing and the resident
 * size includes the quarantine of freed blocks (up to 256 MB held on purpose). A test of "memory
 * stays bounded" compares two of these; always > 0 in a running program.
 */
qint64 heapInUse();

/** Whether this build runs under AddressSanitizer (the measure above is ASan's). */
bool underAddressSanitizer();

/**
 * A KB field of /proc/<pid>/status ("VmRSS", "VmHWM", …) of process @p pid (0: this process);
 * -1 when it cannot be read.
 */
qint64 procStatusKb(const char *field, qint64 pid = 0);

} // namespace testmem
