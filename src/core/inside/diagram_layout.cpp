// The network diagram's units, edges and slots: see diagram_layout.h.
#include "inside/diagram_layout.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>

#include "inside/weight_tiles.h"

namespace digitlab {

std::vector<int> diagram_units(int n, const float* acts, const std::vector<int>& pinned,
                               int max_units) {
  assert(n >= 0 && max_units >= 1);
  std::vector<char> chosen(static_cast<size_t>(n), 0);
  int count = 0;
  const auto take = [&](int u) {
    if (chosen[static_cast<size_t>(u)] || count >= max_units) return false;
    chosen[static_cast<size_t>(u)] = 1;
    ++count;
    return true;
  };
  if (n <= max_units) {
    for (int u = 0; u < n; ++u) take(u);
  } else {
    for (int u : pinned) {
      assert(u >= 0 && u < n);
      take(u);
    }
    if (acts) {
      const std::vector<int> order = units_by_activation(std::vector<float>(acts, acts + n));
      int active = 0;
      for (size_t i = 0; i < order.size() && active < max_units / 2 && count < max_units; ++i)
        if (take(order[i])) ++active;
    }
    // Evenly spaced over the units not yet chosen: the centres of `room` equal stretches.
    std::vector<int> rest;
    for (int u = 0; u < n; ++u)
      if (!chosen[static_cast<size_t>(u)]) rest.push_back(u);
    const int room = max_units - count;
    const size_t m = rest.size();
    for (int i = 0; i < room; ++i)
      take(rest[static_cast<size_t>((2 * static_cast<size_t>(i) + 1) * m / (2 * room))]);
  }
  std::vector<int> units;
  for (int u = 0; u < n; ++u)
    if (chosen[static_cast<size_t>(u)]) units.push_back(u);
  return units;
}

std::vector<DiagramEdge> strongest_edges(const Network& net, int layer,
                                         const std::vector<int>& from_units,
                                         const std::vector<int>& to_units, const float* from_acts,
                                         int k) {
  assert(layer >= 1 && layer < net.layer_count() && k >= 0);
  const int in = net.sizes()[layer - 1];
  const float* w = net.layer_weights(layer - 1);  // (sizes[layer], in)
  std::vector<DiagramEdge> edges;
  std::vector<DiagramEdge> candidates;
  std::vector<float> strength;
  for (int to : to_units) {
    assert(to >= 0 && to < net.sizes()[layer]);
    candidates.clear();
    strength.clear();
    for (int from : from_units) {
      assert(from >= 0 && from < in);
      const float weight = w[static_cast<size_t>(to) * in + from];
      candidates.push_back({from, to, weight});
      strength.push_back(std::fabs(from_acts ? weight * from_acts[from] : weight));
    }
    std::vector<size_t> order(candidates.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    const size_t take = std::min(order.size(), static_cast<size_t>(k));
    // from_units ascend, so the position breaks ties towards the lower unit.
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(take), order.end(),
                      [&](size_t a, size_t b) {
                        return strength[a] > strength[b] || (strength[a] == strength[b] && a < b);
                      });
    for (size_t i = 0; i < take; ++i) edges.push_back(candidates[order[i]]);
  }
  return edges;
}

DiagramLayout diagram_layout(const Network& net, const std::vector<std::vector<float>>& activations,
                             const std::vector<UnitRef>& off, int max_units, int edges_per_unit) {
  const int layers = net.layer_count();
  const bool drawing = static_cast<int>(activations.size()) == layers;
  DiagramLayout d;
  d.units.resize(static_cast<size_t>(layers));
  d.edges.resize(static_cast<size_t>(layers));
  for (int u = 0; u < net.input_size(); ++u) d.units[0].push_back(u);
  for (int l = 1; l < layers; ++l) {
    std::vector<int> pinned;
    for (const UnitRef& r : off)
      if (r.layer == l) pinned.push_back(r.unit);
    const auto at = static_cast<size_t>(l);
    d.units[at] = diagram_units(net.sizes()[l], drawing ? activations[at].data() : nullptr, pinned,
                                max_units);
    d.edges[at] = strongest_edges(net, l, d.units[at - 1], d.units[at],
                                  drawing ? activations[at - 1].data() : nullptr, edges_per_unit);
  }
  return d;
}

float diagram_slot(int i, int count) {
  assert(count >= 1 && i >= 0 && i < count);
  return (static_cast<float>(i) + 0.5f) / static_cast<float>(count);
}

bool is_off(const std::vector<UnitRef>& off, UnitRef u) {
  return std::any_of(off.begin(), off.end(),
                     [&](const UnitRef& r) { return r.layer == u.layer && r.unit == u.unit; });
}

bool toggle_unit(std::vector<UnitRef>& off, UnitRef u) {
  const auto it = std::find_if(off.begin(), off.end(), [&](const UnitRef& r) {
    return r.layer == u.layer && r.unit == u.unit;
  });
  if (it != off.end()) {
    off.erase(it);
    return false;
  }
  off.push_back(u);
  return true;
}

}  // namespace digitlab
