#include "RetryLoop.h"

#include <QPointer>
#include <QTimer>

#include <memory>

namespace ops {

namespace {

using Attempt = std::function<void(const std::function<void()> &again)>;

void runOnce(QPointer<QObject> context, int delayMs, const std::shared_ptr<Attempt> &attempt)
{
    (*attempt)([context, delayMs, attempt] {
        if (context)
            QTimer::singleShot(delayMs, context, [context, delayMs, attempt] { runOnce(context, delayMs, attempt); });
    });
}

} // namespace

void runRetrying(QObject *context, int delayMs, Attempt attempt)
{
    runOnce(QPointer<QObject>(context), delayMs, std::make_shared<Attempt>(std::move(attempt)));
}

} // namespace ops
