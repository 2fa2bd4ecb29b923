#include "RetryLoop.h"

#include "Clock.h"

#include <QPointer>

#include <memory>

namespace ops {

namespace {

using Attempt = std::function<void(const std::function<void()> &again)>;

void runOnce(Clock *clock, QPointer<QObject> context, int delayMs, const std::shared_ptr<Attempt> &attempt)
{
    (*attempt)([clock, context, delayMs, attempt] {
        if (context)
            clock->callAfter(delayMs, context, [clock, context, delayMs, attempt] { runOnce(clock, context, delayMs, attempt); });
    });
}

} // namespace

void runRetrying(Clock *clock, QObject *context, int delayMs, Attempt attempt)
{
    runOnce(clock, QPointer<QObject>(context), delayMs, std::make_shared<Attempt>(std::move(attempt)));
}

} // namespace ops
