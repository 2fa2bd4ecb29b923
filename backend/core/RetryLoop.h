#pragma once

#include <functional>

class QObject;

namespace ops {

class Clock;

/**
 * Runs @p attempt now; each call of the `again` it is handed runs it once more after @p delayMs
 * on @p clock (the runner's: a ManualClock in tests), on @p context's thread, never once
 * @p context is destroyed. For "survey until it holds" loops
 * of the executors: keep `again` in the callback that decides (a surveyor's finished handler).
 *
 * The loop lives exactly as long as an `again` is held or a retry is pending: unlike a
 * std::function that captures a shared_ptr to itself, it is freed when the loop is abandoned
 * (an interrupted executor leaked one per wait, found by LeakSanitizer).
 */
void runRetrying(Clock *clock, QObject *context, int delayMs, std::function<void(const std::function<void()> &again)> attempt);

} // namespace ops
