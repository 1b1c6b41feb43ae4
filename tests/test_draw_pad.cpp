// The drawing pad without a window: its canvas logic directly, then the real App frames with
// ImGui's mouse state set by hand (as the GLFW backend would), in the headless ImGui build
// that tests/test_app_headless.cpp sets up (its IM_ASSERT hook fails these tests too).
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "app.h"
#include "data/formats.h"
#include "data/model_file.h"
#include "draw_pad.h"
#include "network_view.h"

namespace {

using digitlab::App;
using digitlab::DrawPad;

float ink_sum(const DrawPad& pad) {
  const auto& p = pad.canvas().pixels;
  return std::accumulate(p.begin(), p.end(), 0.0f);
}

struct Headless {
  explicit Headless(float width = 1100, float height = 720) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.IniFilename = nullptr;
    io.KeyMap[ImGuiKey_Delete] = 3;
    app.set_ui_scale(1.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~Headless() { ImGui::DestroyContext(); }
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;

  void load_model(std::vector<int> sizes) {
    digitlab::Model model;
    model.network = digitlab::Network(std::move(sizes), 5);
    const auto bytes = digitlab::save_model(model);
    REQUIRE(app.load_model_bytes(bytes.data(), bytes.size()).ok());
  }
  void frame() {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
  }
  // A mouse stroke through points given in units of the pad (0..1), one frame per point.
  void stroke(const std::vector<ImVec2>& points) {
    const digitlab::PadRect r = app.pad().rect();
    ImGuiIO& io = ImGui::GetIO();
    for (const ImVec2& p : points) {
      io.MousePos = ImVec2(r.x + p.x * r.width, r.y + p.y * r.height);
      io.MouseDown[0] = true;
      frame();
    }
    io.MouseDown[0] = false;
    frame();
  }

  App app;
};

}  // namespace

TEST_CASE("the pad starts empty, takes strokes, and clears") {
  DrawPad pad;
  CHECK(pad.empty());
  CHECK(pad.canvas().width == DrawPad::kCanvasSide);
  CHECK(pad.preprocessed().empty);

  const uint64_t v0 = pad.version();
  pad.stroke_to(100, 60);
  CHECK_FALSE(pad.empty());
  const float dot = ink_sum(pad);
  CHECK(dot > 100.0f);  // a disc of radius 10: ~314 pixels of ink
  pad.stroke_to(120, 200);
  pad.end_stroke();
  CHECK(ink_sum(pad) > dot * 3);
  CHECK(pad.version() > v0);
  CHECK(pad.canvas().at(110, 130) == doctest::Approx(1.0f));  // on the segment
  CHECK(pad.canvas().at(200, 130) == 0.0f);                   // far from it
  const auto& pre = pad.preprocessed();
  CHECK_FALSE(pre.empty);
  CHECK(pre.scaled.height == 20);  // a tall stroke: the longer side scaled to 20
  CHECK(pre.pixels.size() == 784u);

  pad.clear();
  CHECK(pad.empty());
  CHECK(ink_sum(pad) == 0.0f);
  CHECK(pad.preprocessed().empty);
}

TEST_CASE("a stroke outside the canvas leaves the pad empty") {
  DrawPad pad;
  pad.stroke_to(-50, -50);
  pad.stroke_to(-40, 400);
  CHECK(pad.empty());
}

TEST_CASE("a loaded image fills whole blocks of the canvas") {
  std::vector<uint8_t> image(28 * 28, 0);
  image[5 * 28 + 7] = 255;
  image[20 * 28 + 14] = 128;
  DrawPad pad;
  pad.load_image(image.data(), 28);
  CHECK_FALSE(pad.empty());
  CHECK(pad.canvas().at(70, 50) == 1.0f);
  CHECK(pad.canvas().at(79, 59) == 1.0f);
  CHECK(pad.canvas().at(80, 59) == 0.0f);
  CHECK(pad.canvas().at(145, 205) == doctest::Approx(128.0f / 255.0f));
}

TEST_CASE("grids pick the columns that give the biggest cells") {
  CHECK(digitlab::grid_columns(200, 400, 200) == 20);  // 10 rows of 20 cells of 20 px
  CHECK(digitlab::grid_columns(10, 1000, 10) == 10);
  CHECK(digitlab::grid_columns(1, 5, 5) == 1);
}

TEST_CASE("drawing with the mouse in the app gives a live answer; Delete clears it") {
  Headless h;
  h.load_model({784, 16, 10});
  h.frame();
  CHECK(h.app.pad().rect().width > 100.0f);
  CHECK(h.app.prediction() == -1);  // an empty pad: no answer
  CHECK(h.app.activations().empty());

  h.stroke({{0.5f, 0.1f}, {0.5f, 0.3f}, {0.48f, 0.6f}, {0.46f, 0.9f}});
  CHECK_FALSE(h.app.pad().empty());
  CHECK(h.app.prediction() >= 0);
  REQUIRE(h.app.activations().size() == 3);
  CHECK(h.app.activations()[1].size() == 16);
  CHECK(h.app.activations()[2][0] == doctest::Approx(h.app.outputs()[0]));

  // The answer follows the weights every frame, not only when the ink changes.
  const float before = h.app.outputs()[3];
  digitlab::Model changed = *h.app.model();
  for (float& w : changed.network.weights()) w = -w;
  const auto bytes = digitlab::save_model(changed);
  REQUIRE(h.app.load_model_bytes(bytes.data(), bytes.size()).ok());
  h.frame();
  CHECK(h.app.outputs()[3] != doctest::Approx(before));

  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[3] = true;  // Delete
  h.frame();
  io.KeysDown[3] = false;
  h.frame();
  CHECK(h.app.pad().empty());
  CHECK(h.app.prediction() == -1);
}

TEST_CASE("a press outside the pad draws nothing; several hidden layers and a narrow screen") {
  Headless h(390, 800);  // a phone in portrait: the columns stack
  h.load_model({784, 24, 12, 10});
  h.frame();
  const digitlab::PadRect r = h.app.pad().rect();
  CHECK(r.width > 100.0f);
  CHECK(r.width <= 390.0f);
  h.stroke({{0.5f, 1.5f}, {0.5f, 0.5f}});  // pressed below the pad, dragged onto it
  CHECK(h.app.pad().empty());
  h.stroke({{0.3f, 0.3f}, {0.7f, 0.7f}});
  CHECK(h.app.prediction() >= 0);
  CHECK(h.app.activations().size() == 4);
  for (int i = 0; i < 3; ++i) h.frame();
}

TEST_CASE("a test digit loaded into the pad carries its label until drawn over") {
  Headless h;
  h.load_model({784, 16, 10});
  digitlab::Dataset d;
  d.labels = {4, 9};
  d.pixels.assign(2 * 784, 0);
  for (int y = 4; y < 24; ++y) d.pixels[784 + y * 28 + 12] = 255;
  const auto images = digitlab::write_idx_images(d);
  const auto labels = digitlab::write_idx_labels(d);
  REQUIRE(h.app.load_samples(images.data(), images.size(), labels.data(), labels.size()).ok());
  CHECK(h.app.true_label() == -1);  // nothing in the pad yet
  h.app.select_sample(1);
  h.frame();
  CHECK(h.app.true_label() == 9);
  CHECK(h.app.prediction() >= 0);
  h.stroke({{0.2f, 0.2f}});
  CHECK(h.app.true_label() == -1);
}
