// What the answer would be without some hidden units: the network's outputs with those units
// switched off. Off means the unit's activation is forced to 0 after its activation function, so
// the next layer receives nothing from it: exactly the network with the unit's outgoing weights
// zeroed (tests/test_inside_views.cpp checks this). For sigmoid units 0 is not their resting
// value (σ(0) = 0.5), but it is the one value that removes their say entirely, whatever the
// activation, and it needs no data to define.
#pragma once
#include <vector>

#include "network/network.h"

namespace digitlab {

// A hidden unit, counted as query() counts layers: layer 1..layer_count()-2.
struct UnitRef {
  int layer = 1;
  int unit = 0;
};

// Every layer's activations (query()'s shape: input first) for input (sizes[0]) with the units
// in `off` switched off (their activation 0); with `off` empty, query()'s values.
std::vector<std::vector<float>> activations_without(const Network& net, const float* input,
                                                    const std::vector<UnitRef>& off);

// The outputs (sizes.back()) for input (sizes[0]) with the units in `off` switched off; with
// `off` empty, query_outputs' values. activations_without's last layer.
std::vector<float> outputs_without(const Network& net, const float* input,
                                   const std::vector<UnitRef>& off);

}  // namespace digitlab
