#include "ActionPreview.h"

namespace ops {

QStringList ActionPreview::blockingReasons() const
{
    QStringList reasons;
    if (!refusal.isEmpty())
        reasons << refusal;
    for (const PreCheck &c : checks)
        if (c.blocks())
            reasons << c.title + QStringLiteral(": ") + c.evidence;
    if (reasons.isEmpty() && id.isEmpty())
        reasons << QStringLiteral("no plan");
    return reasons;
}

} // namespace ops
