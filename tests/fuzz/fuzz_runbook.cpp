// RunbookLoader::parse (yaml-cpp + our validation) on arbitrary YAML. Invariants:
//  - never an exception out of parse() (yaml-cpp throws on misuse as well as on bad syntax);
//  - exactly one of: a runbook, or a non-empty list of "fuzz.yaml:<line>: ..." errors;
//  - an accepted runbook has an id, a title, at least one step, unique step ids, and every
//    branch target names a step or "end".
#include "FuzzSupport.h"

#include "runbooks/RunbookLoader.h"

#include <QSet>

using namespace ops;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char *>(bytes), qsizetype(size));
    const QString file = QStringLiteral("fuzz.yaml");
    const RunbookLoader::Result r = RunbookLoader::parse(yaml, file);
    FUZZ_CHECK(r.runbook.has_value() == r.errors.isEmpty(), "runbook %s with %lld errors",
               r.runbook ? "returned" : "missing", qlonglong(r.errors.size()));
    for (const QString &e : r.errors)
        FUZZ_CHECK(e.startsWith(file + QLatin1Char(':')), "error without its file: %s", qPrintable(e));
    if (!r.runbook)
        return 0;
    const Runbook &rb = *r.runbook;
    FUZZ_CHECK(!rb.id.isEmpty() && !rb.title.isEmpty() && !rb.steps.isEmpty(), "incomplete runbook accepted");
    QSet<QString> ids;
    for (const RunbookStep &s : rb.steps) {
        FUZZ_CHECK(!ids.contains(s.id), "duplicate step id accepted: %s", qPrintable(s.id));
        ids.insert(s.id);
    }
    for (const RunbookStep &s : rb.steps) {
        if (s.kind != RunbookStep::Kind::Branch)
            continue;
        for (const QString &target : {s.onTrue, s.onFalse})
            FUZZ_CHECK(target.isEmpty() || target == QLatin1String("end") || rb.step(target) != nullptr,
                       "branch %s goes to a missing step %s", qPrintable(s.id), qPrintable(target));
    }
    return 0;
}
