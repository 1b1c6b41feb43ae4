// The app's real UI code, run for a few frames in an ImGui context with no window or GPU.
// This test binary links `imgui_checked`, an ImGui build whose IM_ASSERT (see
// src/app/imgui_test_config.h) lands here, so ImGui's own checks (Begin/End pairs, ID stack,
// font atlas) stay live in a Release build and fail the test.
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName: where the About window went

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app.h"
#include "data/formats.h"
#include "data/model_file.h"
#include "headless_app.h"
#include "inside/ablation.h"
#include "inside/input_gradient.h"
#include "inside/weight_tiles.h"
#include "inside_view.h"
#include "mnist_slice.h"
#include "network/evaluate.h"
#include "network_view.h"
#include "training_fixtures.h"

namespace digitlab_test {
// ImGui's asserts reported to doctest (tests/imgui_assert_hook.cpp).
extern int g_assert_count;
extern bool g_expect_asserts;  // set by the test that proves the hook is live
}  // namespace digitlab_test

namespace {

using digitlab::App;
using digitlab::Dataset;
using digitlab::kImagePixels;

using headless_test::click_item;
using headless_test::HeadlessImGui;
using headless_test::run_frames;

std::vector<uint8_t> model_bytes(std::vector<int> sizes, uint64_t seed) {
  digitlab::Model model;
  model.network = digitlab::Network(std::move(sizes), seed);
  model.config.seed = seed;
  return digitlab::save_model(model);
}

// n little images: a bright vertical bar at column 4 + 2*i, labelled i % 10.
Dataset sample_digits(int n) {
  Dataset d;
  d.pixels.assign(static_cast<size_t>(n) * kImagePixels, 0);
  for (int i = 0; i < n; ++i) {
    d.labels.push_back(static_cast<uint8_t>(i % 10));
    for (int y = 4; y < 24; ++y)
      d.pixels[static_cast<size_t>(i) * kImagePixels + y * 28 + 4 + 2 * i] = 255;
  }
  return d;
}

void load_fixture(App& app, int samples = 5) {
  const auto model = model_bytes({784, 16, 10}, 7);
  REQUIRE(app.load_model_bytes(model.data(), model.size()).ok());
  const Dataset d = sample_digits(samples);
  const auto images = digitlab::write_idx_images(d);
  const auto labels = digitlab::write_idx_labels(d);
  REQUIRE(app.load_samples(images.data(), images.size(), labels.data(), labels.size()).ok());
}

void press_key(int key_index) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[key_index] = true;
}

void release_keys() {
  ImGuiIO& io = ImGui::GetIO();
  for (bool& down : io.KeysDown) down = false;
}

}  // namespace

TEST_CASE("the app draws frames with a model and samples, and with neither") {
  HeadlessImGui imgui;
  App app;
  CHECK(app.set_ui_scale(1.0f));
  HeadlessImGui::build_fonts();

  run_frames(app, 3);  // empty state: no model, no samples
  CHECK(app.prediction() == -1);
  CHECK(app.true_label() == -1);

  load_fixture(app);
  run_frames(app, 2);
  CHECK(app.prediction() == -1);  // the pad starts empty: no answer
  app.select_sample(0);           // a test digit into the pad
  run_frames(app, 10);
  CHECK(app.model().has_value());
  CHECK(app.sample_count() == 5);
  CHECK(app.true_label() == 0);
  CHECK(app.prediction() >= 0);
  CHECK(app.prediction() < 10);
  CHECK(app.last_error().empty());
  float sum = 0;
  for (float v : app.outputs()) {
    CHECK(v > 0.0f);  // sigmoid outputs lie strictly inside 0..1
    CHECK(v < 1.0f);
    sum += v;
  }
  CHECK(sum > 0.0f);
}

TEST_CASE("any shape draws: 0 to 4 hidden layers, ReLU and softmax, loaded or trained here") {
  HeadlessImGui imgui;
  App app;
  app.set_ui_scale(1.0f);
  HeadlessImGui::build_fonts();
  load_fixture(app);
  // Loaded (model files hold the book's sigmoid networks): none, two and four hidden layers.
  for (const std::vector<int>& sizes :
       std::vector<std::vector<int>>{{784, 10}, {784, 30, 20, 10}, {784, 16, 16, 16, 16, 10}}) {
    const auto bytes = model_bytes(sizes, 3);
    REQUIRE(app.load_model_bytes(bytes.data(), bytes.size()).ok());
    app.select_sample(1);
    run_frames(app, 3);
    CHECK(app.model()->network.sizes() == sizes);
    REQUIRE(app.activations().size() == sizes.size());  // every layer answered
    CHECK(app.prediction() >= 0);
    app.pad().clear();  // and an empty pad: the grids without values
    run_frames(app, 2);
  }
  // Made by the training panel from a config: 784-64-32-10 ReLU, softmax-CE, biases; and the
  // 784-10 softmax regression. Trained a little, drawn while training and after.
  const Dataset d = training_test::bands(300);
  app.training().receive_files(
      {{"i", digitlab::write_idx_images(d)}, {"l", digitlab::write_idx_labels(d)}});
  REQUIRE_MESSAGE(app.last_error().empty(), app.last_error());
  for (const std::vector<int>& sizes :
       std::vector<std::vector<int>>{{784, 64, 32, 10}, {784, 10}}) {
    digitlab::TrainSettings& s = app.training().settings();
    s.config.architecture = {sizes, digitlab::Activation::Relu, digitlab::Loss::SoftmaxCrossEntropy,
                             true};
    s.config.init = digitlab::Init::He;
    s.config.optimizer = digitlab::Optimizer::Adam;
    s.config.learning_rate = 0.003f;
    s.config.batch_size = 16;
    s.config.epochs = 1;
    REQUIRE(app.training().start().ok());
    app.select_sample(2);
    for (int i = 0; i < 1000 && app.training().session().active(); ++i) run_frames(app, 1);
    run_frames(app, 2);
    CHECK(app.training().session().phase() == digitlab::RunPhase::Finished);
    CHECK(app.model()->network.architecture() == s.config.architecture);
    REQUIRE(app.activations().size() == sizes.size());
    float sum = 0;  // softmax outputs: a distribution
    for (float v : app.outputs()) sum += v;
    CHECK(sum == doctest::Approx(1.0f).epsilon(1e-4));
    CHECK(app.last_error().empty());
  }
}

// The three networks the Inside views must handle: the book's (sigmoid, no biases: the back
// query), a ReLU softmax-CE one with biases (gradient ascent), and one without a hidden layer.
static std::vector<std::vector<uint8_t>> inside_models() {
  digitlab::Model relu;
  relu.network = digitlab::Network(
      digitlab::Architecture{
          {784, 64, 32, 10}, digitlab::Activation::Relu, digitlab::Loss::SoftmaxCrossEntropy, true},
      5, digitlab::Init::He);
  relu.config.architecture = relu.network.architecture();
  return {model_bytes({784, 200, 10}, 3), digitlab::save_model(relu), model_bytes({784, 10}, 4)};
}

TEST_CASE("the Inside section's tabs draw for the book's, a ReLU and a hidden-less network") {
  using Tab = digitlab::InsideView::Tab;
  HeadlessImGui imgui;
  App app;
  app.set_ui_scale(1.0f);
  HeadlessImGui::build_fonts();
  load_fixture(app);
  run_frames(app, 2);
  CHECK_FALSE(app.inside().open());  // collapsed by default: the first screen as it was
  for (const ImVec2 screen : {ImVec2(1100, 720), ImVec2(400, 844)}) {  // wide, and a phone's
    ImGui::GetIO().DisplaySize = screen;
    for (const auto& bytes : inside_models()) {
      REQUIRE(app.load_model_bytes(bytes.data(), bytes.size()).ok());
      for (Tab tab :
           {Tab::Weights, Tab::Why, Tab::Pictures, Tab::Diagram, Tab::Evaluation, Tab::Compare}) {
        app.select_sample(1);
        app.inside().show(tab);
        run_frames(app, 3);
        CHECK(app.inside().open());
        std::string name = app.inside().shown_tab_label();  // "Weights" -> "weights"
        for (char& c : name) c = c == ' ' ? '-' : static_cast<char>(std::tolower(c));
        CHECK(digitlab::InsideView::tab_named(name) == tab);
        app.pad().clear();  // and without a drawing
        run_frames(app, 2);
      }
    }
  }
  CHECK(app.last_error().empty());
}

TEST_CASE("the Why map is the core's attribution of the drawn input for the answer") {
  HeadlessImGui imgui;
  App app;
  app.set_ui_scale(1.0f);
  HeadlessImGui::build_fonts();
  load_fixture(app);
  const auto bytes = inside_models()[1];
  REQUIRE(app.load_model_bytes(bytes.data(), bytes.size()).ok());
  app.select_sample(3);
  app.inside().show(digitlab::InsideView::Tab::Why);
  run_frames(app, 2);
  REQUIRE(app.activations().size() == 4);
  REQUIRE(app.prediction() >= 0);
  CHECK(app.inside().why_class() == app.prediction());
  const std::vector<float> expected = digitlab::attribution(
      app.model()->network, app.activations().front().data(), app.prediction());
  CHECK(app.inside().why_map() == expected);
  app.pad().clear();
  run_frames(app, 1);
  CHECK(app.inside().why_map().empty());
}

TEST_CASE("clicking the diagram's most active node switches it off as outputs_without does") {
  using digitlab::UnitRef;
  HeadlessImGui imgui;
  App app;
  app.set_ui_scale(1.0f);
  HeadlessImGui::build_fonts();
  load_fixture(app);
  for (const ImVec2 screen : {ImVec2(1100, 720), ImVec2(390, 844)}) {  // wide, and a phone's
    CAPTURE(screen.x);
    ImGui::GetIO().DisplaySize = screen;
    const auto bytes = inside_models()[0];  // the book's 784-200-10
    REQUIRE(app.load_model_bytes(bytes.data(), bytes.size()).ok());
    app.select_sample(2);
    app.inside().show(digitlab::InsideView::Tab::Diagram);
    run_frames(app, 4);
    const digitlab::DiagramTab& diagram = app.inside().diagram();
    REQUIRE(app.activations().size() == 3);
    const std::vector<float> input = app.activations().front();  // a copy: frames replace it
    const int top = digitlab::units_by_activation(app.activations()[1]).front();
    REQUIRE(diagram.most_active().layer == 1);
    CHECK(diagram.most_active().unit == top);
    CHECK(diagram.ablated().empty());
    const std::vector<float> plain(app.outputs().begin(), app.outputs().end());
    CHECK(diagram.ablated_outputs() == plain);  // nothing off: the network's own outputs

    click_item(app, "node:1:" + std::to_string(top));
    REQUIRE(diagram.ablated().size() == 1);
    CHECK((diagram.ablated()[0].layer == 1 && diagram.ablated()[0].unit == top));
    const std::vector<float> expected =
        digitlab::outputs_without(app.model()->network, input.data(), {UnitRef{1, top}});
    CHECK(diagram.ablated_outputs() == expected);
    CHECK(expected != plain);  // guard: the most active unit does matter
    // The model is untouched: the app's own answer is as before.
    CHECK(std::vector<float>(app.outputs().begin(), app.outputs().end()) == plain);

    click_item(app, "restore");
    CHECK(diagram.ablated().empty());
    CHECK(diagram.ablated_outputs() == plain);
    // A second click on a node switches it back on as well.
    click_item(app, "node:1:" + std::to_string(top));
    CHECK(diagram.ablated().size() == 1);
    click_item(app, "node:1:" + std::to_string(top));
    CHECK(diagram.ablated().empty());
  }
  // No hidden layer: nothing to switch off, no node buttons.
  const auto none = inside_models()[2];
  REQUIRE(app.load_model_bytes(none.data(), none.size()).ok());
  app.select_sample(2);
  run_frames(app, 3);
  CHECK(app.inside().diagram().ablated().empty());
  CHECK(app.inside().diagram().most_active().layer == 0);
  for (const auto& [name, rect] : app.inside().item_rects().all())
    CHECK(name.rfind("node:", 0) == std::string::npos);
  CHECK(app.last_error().empty());
}

TEST_CASE("the class pictures are computed when the weights change, not every frame") {
  HeadlessImGui imgui;
  App app;
  app.set_ui_scale(1.0f);
  HeadlessImGui::build_fonts();
  load_fixture(app);
  app.inside().show(digitlab::InsideView::Tab::Pictures);
  run_frames(app, 5);
  CHECK(app.inside().pictures_computed() == 1);
  const auto bytes = model_bytes({784, 12, 10}, 9);  // other weights
  REQUIRE(app.load_model_bytes(bytes.data(), bytes.size()).ok());
  run_frames(app, 70);  // past the once-a-second limit at 60 frames a second
  CHECK(app.inside().pictures_computed() == 2);
}

// Counts what the App asks of the GPU: the pictures' textures without a GPU.
struct CountingTextures final : digitlab::TextureBackend {
  struct Counts {
    int created = 0, updated = 0, destroyed = 0;
    long long texels = 0;  // written by create and update
  };
  explicit CountingTextures(Counts& c) : counts(c) {}
  ImTextureID create(int w, int h, const uint8_t*) override {
    ++counts.created;
    counts.texels += w * h;
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(counts.created));
  }
  void update(ImTextureID, int w, int h, const uint8_t*) override {
    ++counts.updated;
    counts.texels += w * h;
  }
  void destroy(ImTextureID) override { ++counts.destroyed; }
  Counts& counts;
};

TEST_CASE("the pictures' textures are uploaded when their values change, not every frame") {
  CountingTextures::Counts counts;
  {
    HeadlessImGui imgui;
    App app;
    app.set_ui_scale(1.0f);
    HeadlessImGui::build_fonts();
    app.set_texture_backend(std::make_unique<CountingTextures>(counts));
    load_fixture(app);
    const auto first = model_bytes({784, 30, 10}, 21);
    REQUIRE(app.load_model_bytes(first.data(), first.size()).ok());
    app.select_sample(1);
    app.inside().show(digitlab::InsideView::Tab::Weights);
    run_frames(app, 3);
    // 30 tiles and the hovered-or-most-active unit's big tile, each a 28x28 texture.
    CHECK(counts.created == 31);
    CHECK(counts.texels == 31 * kImagePixels);
    const long long settled = counts.texels;
    run_frames(app, 10);
    CHECK(counts.texels == settled);                     // the same weights: nothing uploaded again
    const auto second = model_bytes({784, 30, 10}, 22);  // other weights, same shape
    REQUIRE(app.load_model_bytes(second.data(), second.size()).ok());
    run_frames(app, 2);
    CHECK(counts.created == 31);  // the same textures, new pixels
    CHECK(counts.updated >= 30);
    CHECK(counts.texels > settled);
    // Another tab: the tiles' textures go once unused for a while, the Why tab's two stay.
    app.inside().show(digitlab::InsideView::Tab::Why);
    run_frames(app, 130);
    CHECK(app.textures()->live() == 2);
    CHECK(counts.destroyed == 31);
  }
  CHECK(counts.destroyed == counts.created);  // the App frees the rest
}

TEST_CASE("Compare queries the pinned model with the drawing's input") {
  HeadlessImGui imgui;
  App app;
  app.set_ui_scale(1.0f);
  HeadlessImGui::build_fonts();
  load_fixture(app);
  const auto first = model_bytes({784, 30, 10}, 31);
  REQUIRE(app.load_model_bytes(first.data(), first.size()).ok());
  const digitlab::Network pinned = app.model()->network;
  app.inside().compare().pin(*app.model());
  const auto second = model_bytes({784, 40, 10}, 32);
  REQUIRE(app.load_model_bytes(second.data(), second.size()).ok());
  app.select_sample(2);
  app.inside().show(digitlab::InsideView::Tab::Compare);
  run_frames(app, 2);
  CHECK(app.inside().compare().other_name() == "pinned");
  std::vector<float> expected(10);
  pinned.query_outputs(expected.data(), app.activations().front().data());
  CHECK(app.inside().compare().other_outputs() == expected);
  const std::vector<float> current(app.outputs().begin(), app.outputs().end());
  CHECK(current != expected);  // two different networks
  // The bundled model, which this test's app was not given: nothing to compare with.
  app.inside().compare().choose(digitlab::CompareTab::Other::Bundled);
  run_frames(app, 1);
  CHECK(app.inside().compare().other_name().empty());
  CHECK(app.inside().compare().other_outputs().empty());
  app.training().set_pretrained(first);
  run_frames(app, 1);
  CHECK(app.inside().compare().other_name() == "pre-trained");
  CHECK(app.inside().compare().other_outputs() == expected);
}

TEST_CASE("the About window opens over the app, at a phone's width too") {
  for (const ImVec2 screen : {ImVec2(1100, 720), ImVec2(390, 844)}) {
    HeadlessImGui imgui;
    ImGui::GetIO().DisplaySize = screen;
    App app;
    app.set_ui_scale(1.0f);
    HeadlessImGui::build_fonts();
    load_fixture(app);
    run_frames(app, 1);
    CHECK_FALSE(app.about().is_open());
    app.about().open();
    run_frames(app, 2);
    CHECK(app.about().is_open());
    const ImGuiWindow* about = ImGui::FindWindowByName("About digitlab");
    REQUIRE(about != nullptr);
    CHECK(about->Size.x <= screen.x);  // nothing cut off on a phone
  }
}

TEST_CASE("the grids' colour range follows the hidden activation") {
  using digitlab::Activation;
  using digitlab::activation_range;
  const float values[4] = {0.0f, 2.5f, 0.5f, 4.0f};
  CHECK(activation_range(Activation::Sigmoid, values, 4).high == 1.0f);
  CHECK(activation_range(Activation::Tanh, values, 4).low == -1.0f);
  // ReLU has no top: the layer's most active neuron is the top of the scale.
  CHECK(activation_range(Activation::Relu, values, 4).low == 0.0f);
  CHECK(activation_range(Activation::Relu, values, 4).high == 4.0f);
  CHECK(activation_range(Activation::LeakyRelu, values, 3).high == 2.5f);
  const float dead[2] = {0.0f, 0.0f};  // an all-zero layer, or none: a range of 0..1, not 0..0
  CHECK(activation_range(Activation::Relu, dead, 2).high == 1.0f);
  CHECK(activation_range(Activation::Relu, nullptr, 2).high == 1.0f);
}

TEST_CASE("a new UI scale rebuilds fonts once and still draws") {
  HeadlessImGui imgui;
  App app;
  CHECK(app.set_ui_scale(1.0f));
  CHECK_FALSE(app.set_ui_scale(1.0f));
  CHECK(app.set_ui_scale(2.0f));
  CHECK_FALSE(app.set_ui_scale(1.9f));  // rounds to the same pixel-exact scale
  HeadlessImGui::build_fonts();
  CHECK(ImGui::GetIO().Fonts->Fonts.Size == 2);
  CHECK(ImGui::GetIO().Fonts->Fonts[0]->FontSize == doctest::Approx(26.0));
  load_fixture(app);
  run_frames(app, 3);
}

TEST_CASE("arrow keys step through the samples and wrap around") {
  HeadlessImGui imgui;
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_LeftArrow] = 1;
  io.KeyMap[ImGuiKey_RightArrow] = 2;
  App app;
  app.set_ui_scale(1.0f);
  HeadlessImGui::build_fonts();
  load_fixture(app, 3);

  press_key(2);
  run_frames(app, 1);
  release_keys();
  run_frames(app, 1);
  CHECK(app.sample_index() == 1);
  CHECK(app.true_label() == 1);

  for (int i = 0; i < 2; ++i) {
    press_key(1);
    run_frames(app, 1);
    release_keys();
    run_frames(app, 1);
  }
  CHECK(app.sample_index() == 2);  // 1 -> 0 -> wraps to the last

  app.step_sample(+1);
  CHECK(app.sample_index() == 0);
  app.select_sample(99);
  CHECK(app.sample_index() == 2);  // clamped
}

TEST_CASE("Tab hands the arrow keys to ImGui's keyboard navigation; the mouse gives them back") {
  HeadlessImGui imgui;
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_LeftArrow] = 1;
  io.KeyMap[ImGuiKey_RightArrow] = 2;
  io.KeyMap[ImGuiKey_Tab] = 3;
  io.KeyMap[ImGuiKey_Space] = 4;  // ImGui asks for it with keyboard navigation on
  App app;
  app.set_ui_scale(1.0f);
  HeadlessImGui::build_fonts();
  load_fixture(app, 3);
  run_frames(app, 2);
  const auto tap = [&app](int key) {
    press_key(key);
    run_frames(app, 1);
    release_keys();
    run_frames(app, 2);
  };
  CHECK_FALSE((io.ConfigFlags & ImGuiConfigFlags_NavEnableKeyboard) != 0);
  tap(3);  // Tab
  CHECK((io.ConfigFlags & ImGuiConfigFlags_NavEnableKeyboard) != 0);
  tap(2);  // the right arrow moves ImGui's focus, not to the next test digit
  CHECK(app.sample_index() == 0);
  CHECK(app.true_label() == -1);

  io.MousePos = ImVec2(600, 600);  // a click somewhere: navigation ends
  io.MouseDown[0] = true;
  run_frames(app, 1);
  io.MouseDown[0] = false;
  run_frames(app, 2);
  CHECK_FALSE((io.ConfigFlags & ImGuiConfigFlags_NavEnableKeyboard) != 0);
  tap(2);
  CHECK(app.sample_index() == 1);
}

TEST_CASE("a bad model upload keeps the old model and shows why") {
  HeadlessImGui imgui;
  App app;
  app.set_ui_scale(1.0f);
  HeadlessImGui::build_fonts();
  load_fixture(app);
  const std::vector<int> sizes_before = app.model()->network.sizes();
  const auto outputs_before = app.outputs();

  auto truncated = model_bytes({784, 16, 10}, 8);
  truncated.resize(truncated.size() / 2);
  const digitlab::Status s = app.load_model_bytes(truncated.data(), truncated.size());
  CHECK_FALSE(s.ok());
  CHECK(app.model().has_value());
  CHECK(app.model()->network.sizes() == sizes_before);
  CHECK(app.outputs() == outputs_before);
  CHECK_FALSE(app.last_error().empty());
  CHECK(app.last_error().find(s.error()) != std::string::npos);
  run_frames(app, 2);  // the error line renders

  // A well-formed model of the wrong shape is refused too.
  const auto wrong_shape = model_bytes({10, 4, 10}, 9);
  CHECK_FALSE(app.load_model_bytes(wrong_shape.data(), wrong_shape.size()).ok());
  CHECK(app.model()->network.sizes() == sizes_before);

  // A good model clears the message.
  const auto good = model_bytes({784, 32, 10}, 10);
  CHECK(app.load_model_bytes(good.data(), good.size()).ok());
  CHECK(app.last_error().empty());
  CHECK(app.model()->network.sizes() == std::vector<int>{784, 32, 10});
  run_frames(app, 2);
}

TEST_CASE("bad samples keep the old samples and show why") {
  HeadlessImGui imgui;
  App app;
  app.set_ui_scale(1.0f);
  HeadlessImGui::build_fonts();
  load_fixture(app, 4);
  app.select_sample(2);

  const std::vector<uint8_t> junk = {1, 2, 3, 4, 5, 6, 7, 8};
  CHECK_FALSE(app.load_samples(junk.data(), junk.size(), junk.data(), junk.size()).ok());
  CHECK(app.sample_count() == 4);
  CHECK(app.sample_index() == 2);
  CHECK_FALSE(app.last_error().empty());
  run_frames(app, 2);
}

TEST_CASE("each frame's training budget is what the pacer's target leaves after the last frame") {
  HeadlessImGui imgui;
  HeadlessImGui::build_fonts();
  App app;
  const digitlab::FramePacing pacing;  // the shells' defaults
  run_frames(app, 1);
  CHECK(app.training().frame_budget_seconds == doctest::Approx(pacing.target_seconds));
  app.end_frame(0.020);  // a 20 ms frame with no training in it
  run_frames(app, 1);
  CHECK(app.training().frame_budget_seconds ==
        doctest::Approx(pacing.target_seconds - 0.020).epsilon(0.01));
  // Drawing: the short interactive target, from which the pacer's slowly falling estimate of
  // the rest of the frame (still ~18 ms after one 4 ms frame) leaves only the minimum.
  ImGui::GetIO().MouseDown[0] = true;
  app.end_frame(0.004);
  run_frames(app, 1);
  CHECK(app.training().frame_budget_seconds == doctest::Approx(pacing.min_budget_seconds));
  ImGui::GetIO().MouseDown[0] = false;
}

TEST_CASE("ImGui's own checks are live in this build (a missing End() is caught)") {
  HeadlessImGui imgui;
  HeadlessImGui::build_fonts();
  digitlab_test::g_assert_count = 0;
  digitlab_test::g_expect_asserts = true;
  ImGui::NewFrame();
  ImGui::Begin("left open");
  ImGui::EndFrame();  // must complain: Begin() without End()
  digitlab_test::g_expect_asserts = false;
  CHECK(digitlab_test::g_assert_count > 0);
}

TEST_CASE("Evaluation tab: a clicked cell shows its images; a clicked image goes into the pad") {
  HeadlessImGui imgui;
  App app;
  app.set_ui_scale(1.0f);
  HeadlessImGui::build_fonts();
  load_fixture(app);  // an untrained 784-16-10: mistakes everywhere
  const Dataset digits = mnist_test::first_images("t10k", 400);
  app.training().receive_files(
      {{"i", digitlab::write_idx_images(digits)}, {"l", digitlab::write_idx_labels(digits)}});
  REQUIRE_MESSAGE(app.last_error().empty(), app.last_error());
  const Dataset& test = app.training().session().data().test;  // the upload's held-out end
  REQUIRE(test.size() > 0);

  // Opening the tab evaluates the test set (in slices, between frames).
  app.inside().show(digitlab::InsideView::Tab::Evaluation);
  const digitlab::TestEvaluation* kept = nullptr;
  for (int i = 0; i < 200 && !kept; ++i) {
    run_frames(app, 1);
    kept = app.training().session().last_evaluation();
  }
  REQUIRE(kept != nullptr);
  run_frames(app, 2);
  CHECK(kept->eval.confusion == digitlab::evaluate(app.model()->network, test).confusion);

  // The smallest non-empty cell off the diagonal, clicked like a person would.
  int a = -1, p = -1;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c)
      if (r != c && kept->eval.confusion[r][c] > 0 &&
          (a < 0 || kept->eval.confusion[r][c] < kept->eval.confusion[a][p]))
        a = r, p = c;
  REQUIRE(a >= 0);
  const digitlab::EvaluationTab& tab = app.inside().evaluation();
  CHECK(tab.gallery_shown() == 0);
  click_item(app, "cell:" + std::to_string(a) + ":" + std::to_string(p));
  CHECK(tab.selected_actual() == a);
  CHECK(tab.selected_predicted() == p);
  const int expected = std::min<int>(static_cast<int>(kept->eval.confusion[a][p]),
                                     digitlab::EvaluationTab::kPageImages);
  CHECK(tab.gallery_shown() == expected);

  // Its first image into the pad: the pad's true label is the cell's row.
  CHECK(app.true_label() == -1);
  click_item(app, "image:0");
  CHECK(app.true_label() == a);
  CHECK(app.prediction() >= 0);
  CHECK(tab.gallery_shown() == expected);

  // The largest cell: a page's worth at most, the rest paged.
  int big_a = 0, big_p = 0;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c)
      if (kept->eval.confusion[r][c] > kept->eval.confusion[big_a][big_p]) big_a = r, big_p = c;
  app.inside().evaluation().select_cell(big_a, big_p);
  run_frames(app, 2);
  CHECK(tab.gallery_shown() == std::min<int>(static_cast<int>(kept->eval.confusion[big_a][big_p]),
                                             digitlab::EvaluationTab::kPageImages));
  // Other weights: the matrix is marked stale until Evaluate now evaluates them.
  CHECK_FALSE(tab.stale());
  const auto other = model_bytes({784, 12, 10}, 5);
  REQUIRE(app.load_model_bytes(other.data(), other.size()).ok());
  run_frames(app, 2);
  CHECK(tab.stale());
  const uint64_t id = kept->id;
  click_item(app, "eval:now");  // starts an evaluation of the new weights (id + 1 below)
  for (int i = 0; i < 200 && app.training().session().evaluating_now(); ++i) run_frames(app, 1);
  run_frames(app, 1);
  kept = app.training().session().last_evaluation();
  REQUIRE(kept != nullptr);
  CHECK(kept->id == id + 1);
  CHECK_FALSE(tab.stale());
  CHECK(kept->eval.confusion == digitlab::evaluate(app.model()->network, test).confusion);
  // On a phone's width too.
  ImGui::GetIO().DisplaySize = ImVec2(390, 844);
  run_frames(app, 3);
  CHECK(app.last_error().empty());

  // Details that name images past this test set (as damaged or stale bytes from the training
  // worker could): the gallery and the mistakes skip them instead of reading past the set.
  // The kept evaluation is the session's own (it hands it out const for the views).
  ImGui::GetIO().DisplaySize = ImVec2(1280, 800);
  auto* held = const_cast<digitlab::TestEvaluation*>(kept);
  digitlab::EvaluationDetails::Cells cells;
  digitlab::EvaluationDetails::CellConfidences sure;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) {
      cells[r][c] = held->details.cell(r, c);
      sure[r][c] = held->details.cell_confidences(r, c);
      if (r == big_a && c == big_p)
        for (size_t& i : cells[r][c]) i += test.size();  // every one beyond the set
    }
  std::vector<digitlab::Mistake> mistakes = held->details.most_confident_mistakes();
  REQUIRE_FALSE(mistakes.empty());
  for (digitlab::Mistake& m : mistakes) m.index += test.size();
  auto beyond = digitlab::EvaluationDetails::from_parts(held->details.most_confident(), cells, sure,
                                                        mistakes);
  REQUIRE(beyond.ok());
  held->details = std::move(*beyond);
  app.inside().evaluation().select_cell(big_a, big_p);
  run_frames(app, 2);
  CHECK(tab.gallery_shown() == 0);
  CHECK(app.last_error().empty());
}
