#include "SlotMover.h"

namespace ops {

SlotMover::~SlotMover() = default;

} // namespace ops
