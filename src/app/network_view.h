// What the network makes of the drawing, drawn every frame from Network::query's activations
// (every layer, input first): the answer, and each hidden layer as a grid of cells.
#pragma once
#include <vector>

struct ImFont;

namespace digitlab {

// The colour of an activation (0..1, clamped) in the grids: dark, through blue, to white.
unsigned activation_colour(float value);

// n cells of cell_px in `cols` columns at the cursor, one per value; values null = all dark.
void activation_grid(const float* values, int n, int cols, float cell_px);

// The column count that gives n cells the largest square cells within width x height.
int grid_columns(int n, float width, float height);

// The top answer large (in big_font) with its activation beside it (under it if width is too
// narrow), or "draw a digit" when outputs is empty. true_label >= 0 (a test digit in the pad)
// adds that label, green when the answer matches it.
void answer_view(const std::vector<float>& outputs, int true_label, ImFont* big_font, float width);

// Every hidden layer (activations[1 .. n-2]; sizes gives their sizes when activations is empty,
// i.e. an empty pad) as a captioned grid, sharing width x height between them.
void hidden_layers_view(const std::vector<int>& sizes,
                        const std::vector<std::vector<float>>& activations, float width,
                        float height);

}  // namespace digitlab
