// What the network makes of the drawing, drawn every frame from Network::query's activations
// (every layer, input first): the answer, and each hidden layer as a grid of cells.
#pragma once
#include <vector>

#include "network/layer_math.h"

struct ImFont;

namespace digitlab {

// The colour of an activation (0..1, clamped) in the grids: dark, through blue, to white.
unsigned activation_colour(float value);

// The values a layer's grid spans from dark to white: 0..1 for the sigmoid (and softmax), -1..1
// for tanh, and for ReLU and leaky ReLU, which have no top, 0 up to the layer's largest value
// (so the most active neuron is white). values is (n), or null for an empty pad.
struct ValueRange {
  float low = 0, high = 1;
};
ValueRange activation_range(Activation a, const float* values, int n);

// n cells of cell_px in `cols` columns at the cursor, one per value, coloured over `range`;
// values null = all dark.
void activation_grid(const float* values, int n, int cols, float cell_px, ValueRange range = {});

// The column count that gives n cells the largest square cells within width x height.
int grid_columns(int n, float width, float height);

// The top answer large (in big_font) with its activation beside it (under it if width is too
// narrow), or "draw a digit" when outputs is empty. true_label >= 0 (a test digit in the pad)
// adds that label, green when the answer matches it.
void answer_view(const std::vector<float>& outputs, int true_label, ImFont* big_font, float width);

// Every hidden layer (activations[1 .. n-2]; sizes gives their sizes when activations is empty,
// i.e. an empty pad) as a captioned grid, sharing width x height between them; a line saying
// so for a network without one. hidden is the hidden layers' activation (their colour range).
void hidden_layers_view(const std::vector<int>& sizes, Activation hidden,
                        const std::vector<std::vector<float>>& activations, float width,
                        float height);

}  // namespace digitlab
