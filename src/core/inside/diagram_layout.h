// What the network diagram shows: which units of each layer (a wide layer is sampled), which
// edges (the few strongest into each shown unit) and where each node sits in its column. The app
// only turns this into circles and lines (src/app/inside_diagram.cpp).
//
// Layers are counted as query() counts them: layer 0 the input, layer_count()-1 the output. The
// input is drawn as its 28x28 picture, so all of its pixels are candidates for edges; every other
// layer is a column of nodes.
//
// The sampling rule, for a layer wider than max_units (the diagram says "showing 20 of 200"):
//   1. its switched-off units (so a click can switch them back on), up to max_units;
//   2. then its most active units for the drawing, until half of max_units are active ones;
//   3. then units evenly spaced over the rest, in index order, to fill max_units.
// Without a drawing, steps 1 and 3 only. The chosen units are drawn in index order.
//
// The sampling and the edges follow the network's own activations, not those with units
// switched off: switching a unit off greys it and its edges but moves nothing.
#pragma once
#include <vector>

#include "inside/ablation.h"
#include "network/network.h"

namespace digitlab {

// The most nodes a column shows, and the most edges drawn into each shown node: enough to see
// the strongest paths, few enough that the lines stay readable on a phone.
constexpr int kDiagramMaxUnits = 20;
constexpr int kDiagramEdgesPerUnit = 3;

// The units of a layer of n units the diagram shows, ascending (the rule above). acts: the
// layer's n activations for the drawing, or null without one. pinned: units always shown
// (the switched-off ones). max_units >= 1.
std::vector<int> diagram_units(int n, const float* acts, const std::vector<int>& pinned,
                               int max_units);

// One edge into a shown unit: from unit `from` of the layer below to unit `to`, with its weight.
struct DiagramEdge {
  int from = 0;
  int to = 0;
  float weight = 0;
};

// For each unit of to_units (of `layer`, 1..layer_count()-1), the k edges from from_units (of
// layer-1) that carry the most for the drawing: the largest |w·a|, a the lower unit's activation
// (from_acts, sizes[layer-1] values), or the largest |w| without a drawing (from_acts null); ties
// to the lower index. Grouped by to_units' order, the strongest first in each group.
std::vector<DiagramEdge> strongest_edges(const Network& net, int layer,
                                         const std::vector<int>& from_units,
                                         const std::vector<int>& to_units, const float* from_acts,
                                         int k);

// The whole diagram: units[l] the shown units of layer l (units[0] every input pixel),
// edges[l] the edges into layer l (edges[0] empty).
struct DiagramLayout {
  std::vector<std::vector<int>> units;
  std::vector<std::vector<DiagramEdge>> edges;
};

// activations: query()'s result for the drawing, or empty without one. off: the switched-off
// units (pinned in their layers).
DiagramLayout diagram_layout(const Network& net, const std::vector<std::vector<float>>& activations,
                             const std::vector<UnitRef>& off, int max_units = kDiagramMaxUnits,
                             int edges_per_unit = kDiagramEdgesPerUnit);

// Node i of a column of `count`, as a fraction of the column's height: centred slots of equal
// height, (i + 0.5) / count.
float diagram_slot(int i, int count);

// Switches unit u off, or back on when it is off already; returns whether it is off now. The
// list keeps the order of switching.
bool toggle_unit(std::vector<UnitRef>& off, UnitRef u);

// Whether unit u is in off.
bool is_off(const std::vector<UnitRef>& off, UnitRef u);

}  // namespace digitlab
