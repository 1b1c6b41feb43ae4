// The network diagram's choices (src/core/inside/diagram_layout.h): which units a wide layer
// shows, which edges are drawn, where nodes sit, switching units off and on; the activations
// with units switched off; and the deeper layers' block-averaged weight maps (weight_tiles.h).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "inside/ablation.h"
#include "inside/diagram_layout.h"
#include "inside/weight_tiles.h"
#include "network/network.h"
#include "network_fixtures.h"

using namespace digitlab;
using namespace network_test;

namespace {

bool ascending_and_distinct(const std::vector<int>& v) {
  return std::adjacent_find(v.begin(), v.end(), [](int a, int b) { return a >= b; }) == v.end();
}

}  // namespace

TEST_CASE("diagram_units: a narrow layer shows all; a wide one its pinned, most active, spaced") {
  CHECK(diagram_units(7, nullptr, {}, 20) == std::vector<int>{0, 1, 2, 3, 4, 5, 6});
  std::vector<int> all(20);
  std::iota(all.begin(), all.end(), 0);
  CHECK(diagram_units(20, nullptr, {}, 20) == all);

  // 100 units, no drawing: 10 evenly spaced, the centres of 10 stretches of 10.
  CHECK(diagram_units(100, nullptr, {}, 10) ==
        std::vector<int>{5, 15, 25, 35, 45, 55, 65, 75, 85, 95});

  // With a drawing: the 5 most active (half of 10) are in, the other 5 spread over the rest.
  std::vector<float> acts(100, 0.0f);
  const std::vector<int> active = {3, 4, 50, 77, 98};
  for (size_t i = 0; i < active.size(); ++i) acts[active[i]] = 1.0f + float(i);
  acts[60] = 0.5f;  // sixth most active: not among the active half
  const std::vector<int> shown = diagram_units(100, acts.data(), {}, 10);
  REQUIRE(shown.size() == 10);
  CHECK(ascending_and_distinct(shown));
  for (int u : active) CHECK(std::count(shown.begin(), shown.end(), u) == 1);
  // The spaced five over the 95 others: positions (2i+1)*95/10 of them, i = 0..4.
  std::vector<int> rest;
  for (int u = 0; u < 100; ++u)
    if (std::find(active.begin(), active.end(), u) == active.end()) rest.push_back(u);
  for (int i = 0; i < 5; ++i) {
    const int u = rest[static_cast<size_t>((2 * i + 1) * 95 / 10)];
    CHECK(std::count(shown.begin(), shown.end(), u) == 1);
  }

  // Pinned units come first, even the least active, and count against the room.
  const std::vector<int> pinned_shown = diagram_units(100, acts.data(), {0, 99, 42}, 10);
  REQUIRE(pinned_shown.size() == 10);
  CHECK(ascending_and_distinct(pinned_shown));
  for (int u : {0, 99, 42, 3, 4, 50, 77, 98})
    CHECK(std::count(pinned_shown.begin(), pinned_shown.end(), u) == 1);
  // More pinned than room: the first max_units of them.
  CHECK(diagram_units(30, nullptr, {9, 8, 7, 6}, 3) == std::vector<int>{7, 8, 9});
}

TEST_CASE("strongest_edges: the k largest |w·a| into each unit, |w| without a drawing") {
  // 4-2-...: W0 is (2, 4). Unit 0's weights 1, -5, 2, 0.5; unit 1's 0.1, 0.2, -0.3, 4.
  std::vector<float> w = {1, -5, 2, 0.5f, 0.1f, 0.2f, -0.3f, 4};
  w.resize(w.size() + 2 * 3, 0.25f);  // W1 (3, 2)
  const Network net({4, 2, 3}, w);
  const std::vector<int> inputs = {0, 1, 2, 3};
  // No drawing: by |w|.
  std::vector<DiagramEdge> e = strongest_edges(net, 1, inputs, {0, 1}, nullptr, 2);
  REQUIRE(e.size() == 4);
  CHECK((e[0].to == 0 && e[0].from == 1 && e[0].weight == -5.0f));
  CHECK((e[1].to == 0 && e[1].from == 2 && e[1].weight == 2.0f));
  CHECK((e[2].to == 1 && e[2].from == 3 && e[2].weight == 4.0f));
  CHECK((e[3].to == 1 && e[3].from == 2));
  // A drawing where input 1 is nearly off and input 3 strong: |w·a| ranks differently.
  const float a[4] = {1.0f, 0.01f, 0.5f, 10.0f};
  e = strongest_edges(net, 1, inputs, {0}, a, 2);
  REQUIRE(e.size() == 2);
  CHECK(e[0].from == 3);  // 0.5 * 10 = 5
  CHECK(e[1].from == 0);  // 1 * 1 = 1 (2 * 0.5 = 1 too: the lower index wins the tie)
  // Only the shown units below are candidates; k larger than them gives all of them.
  e = strongest_edges(net, 1, {0, 2}, {1}, nullptr, 5);
  REQUIRE(e.size() == 2);
  CHECK((e[0].from == 2 && e[1].from == 0));
  // Equal weights: ties go to the lower unit.
  e = strongest_edges(net, 2, {0, 1}, {2}, nullptr, 1);
  REQUIRE(e.size() == 1);
  CHECK(e[0].from == 0);
}

TEST_CASE("diagram_layout: every shape, sampled layers, edges only between shown units") {
  for (const std::vector<int>& sizes : std::vector<std::vector<int>>{
           {784, 10}, {784, 200, 10}, {784, 30, 20, 10}, {784, 64, 50, 40, 30, 10}}) {
    CAPTURE(sizes.size());
    const Network net =
        random_network(arch_of(sizes, Activation::Relu, Loss::SoftmaxCrossEntropy, true), 5);
    const std::vector<float> x = some_input(784, 3);
    const auto acts = net.query(x.data());
    for (bool drawing : {false, true}) {
      const DiagramLayout d =
          diagram_layout(net, drawing ? acts : std::vector<std::vector<float>>{}, {});
      REQUIRE(d.units.size() == sizes.size());
      CHECK(d.units[0].size() == 784);
      CHECK(d.edges[0].empty());
      for (size_t l = 1; l < sizes.size(); ++l) {
        CAPTURE(l);
        CHECK(static_cast<int>(d.units[l].size()) == std::min(sizes[l], kDiagramMaxUnits));
        CHECK(ascending_and_distinct(d.units[l]));
        CHECK(d.edges[l].size() ==
              d.units[l].size() * std::min<size_t>(kDiagramEdgesPerUnit, d.units[l - 1].size()));
        for (const DiagramEdge& e : d.edges[l]) {
          CHECK(std::binary_search(d.units[l - 1].begin(), d.units[l - 1].end(), e.from));
          CHECK(std::binary_search(d.units[l].begin(), d.units[l].end(), e.to));
          CHECK(e.weight ==
                net.layer_weights(static_cast<int>(l) -
                                  1)[static_cast<size_t>(e.to) * sizes[l - 1] + e.from]);
        }
        if (drawing) {  // the layer's most active unit is always shown
          const int top = units_by_activation(acts[l]).front();
          CHECK(std::binary_search(d.units[l].begin(), d.units[l].end(), top));
        }
      }
    }
  }
  // A switched-off unit stays in its column, however inactive.
  const Network net({784, 200, 10}, 1);
  const std::vector<float> x = some_input(784, 4);
  const auto acts = net.query(x.data());
  const int least = units_by_activation(acts[1]).back();
  const DiagramLayout d = diagram_layout(net, acts, {{1, least}});
  CHECK(std::binary_search(d.units[1].begin(), d.units[1].end(), least));
}

TEST_CASE("diagram slots, and switching a unit off and back on") {
  CHECK(diagram_slot(0, 1) == 0.5f);
  CHECK(diagram_slot(0, 4) == 0.125f);
  CHECK(diagram_slot(3, 4) == 0.875f);
  std::vector<UnitRef> off;
  CHECK(toggle_unit(off, {1, 5}));
  CHECK(toggle_unit(off, {2, 5}));
  CHECK(is_off(off, {1, 5}));
  CHECK_FALSE(is_off(off, {1, 6}));
  CHECK_FALSE(toggle_unit(off, {1, 5}));
  CHECK_FALSE(is_off(off, {1, 5}));
  REQUIRE(off.size() == 1);
  CHECK((off[0].layer == 2 && off[0].unit == 5));
}

TEST_CASE("activations_without: query's layers, the off units 0, the layers above them moved") {
  const Network net = random_network(arch_of({6, 5, 4, 3}, Activation::Tanh, Loss::Book, true), 9);
  const std::vector<float> x = some_input(6, 8);
  CHECK(activations_without(net, x.data(), {}) == net.query(x.data()));
  const auto plain = net.query(x.data());
  const auto cut = activations_without(net, x.data(), {{1, 2}});
  CHECK(cut[0] == plain[0]);
  CHECK(cut[1][2] == 0.0f);
  for (int j : {0, 1, 3, 4}) CHECK(cut[1][j] == plain[1][j]);
  CHECK(cut[2] != plain[2]);
  CHECK(cut.back() == outputs_without(net, x.data(), {{1, 2}}));
}

TEST_CASE("weight_matrix_map: whole matrix when it fits, block means when not, scale of cells") {
  // 5-3 network: W0 is (3, 5), weights 1..15 row by row.
  std::vector<float> w(15);
  std::iota(w.begin(), w.end(), 1.0f);
  const Network net({5, 3}, w);
  const WeightMatrixMap whole = weight_matrix_map(net, 1, 10, 10);
  CHECK((whole.rows == 3 && whole.cols == 5 && whole.row_block == 1 && whole.col_block == 1));
  CHECK(whole.cells == w);
  CHECK(whole.scale == symmetric_scale(w.data(), w.size()));
  // At most 2 x 2 cells: blocks of 2 rows and 3 columns; the last ones hold fewer.
  const WeightMatrixMap small = weight_matrix_map(net, 1, 2, 2);
  CHECK((small.rows == 2 && small.cols == 2 && small.row_block == 2 && small.col_block == 3));
  // Rows 0-1, cols 0-2: 1 2 3 / 6 7 8 -> 4.5; rows 0-1, cols 3-4: 4 5 / 9 10 -> 7;
  // row 2, cols 0-2: 11 12 13 -> 12; row 2, cols 3-4: 14 15 -> 14.5.
  CHECK(small.cells == std::vector<float>{4.5f, 7.0f, 12.0f, 14.5f});
  CHECK(small.scale == symmetric_scale(small.cells.data(), small.cells.size()));
  // The book's hidden->output matrix fits a 10 x 200 map as it is, and shrinks to 10 x 50.
  const Network book({784, 200, 10}, 2);
  const WeightMatrixMap out = weight_matrix_map(book, 2, 60, 200);
  CHECK((out.rows == 10 && out.cols == 200));
  CHECK(std::equal(out.cells.begin(), out.cells.end(), book.layer_weights(1)));
  const WeightMatrixMap narrow = weight_matrix_map(book, 2, 60, 50);
  CHECK((narrow.rows == 10 && narrow.cols == 50 && narrow.col_block == 4));
  const float* w1 = book.layer_weights(1);
  CHECK(narrow.cells[1 * 50 + 7] ==
        doctest::Approx((w1[200 + 28] + w1[200 + 29] + w1[200 + 30] + w1[200 + 31]) / 4));
  CHECK(narrow.scale > 0.0f);
}
