// A cheap fingerprint of a network's shape, weights and biases: it changes when training or a
// load changes them, so whatever was computed from a network (a view's pictures, a kept
// evaluation) knows when it is out of date.
#pragma once
#include <cstdint>

#include "network/network.h"

namespace digitlab {

uint64_t network_fingerprint(const Network& net);

}  // namespace digitlab
