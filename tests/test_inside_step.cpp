// The Step tab (src/app/inside_step.h) in the real App, headless, clicked as a person would: its
// Next and Apply buttons and its labels (their rects from the Inside section's ItemRects, the
// mouse set by hand as the GLFW backend would). Applying the step changes the model's weights
// exactly as Network::train on a copy does, bit for bit; a running run refuses it, a paused one
// takes it and trains on from it.
#include <doctest/doctest.h>
#include <imgui.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "app.h"
#include "data/formats.h"
#include "data/model_file.h"
#include "headless_app.h"
#include "inside_view.h"
#include "json_text.h"
#include "network/layer_math.h"
#include "page_state.h"
#include "training_fixtures.h"

namespace {

using digitlab::App;
using digitlab::Network;
using digitlab::StepTab;

struct Headless {
  Headless() {
    app.set_ui_scale(1.0f);
    headless_test::HeadlessImGui::build_fonts();
  }
  void frames(int n) { headless_test::run_frames(app, n); }
  // A click at the centre of a named item of the Inside section; fails the test if the item
  // was not drawn in view.
  bool click(const std::string& name) {
    headless_test::click_item(app, name);
    return true;
  }
  void load(std::vector<int> sizes) {
    const auto bytes = training_test::model_bytes(std::move(sizes), 7);
    REQUIRE(app.load_model_bytes(bytes.data(), bytes.size()).ok());
    const digitlab::Dataset d = training_test::bands(20);
    const auto images = digitlab::write_idx_images(d);
    const auto labels = digitlab::write_idx_labels(d);
    REQUIRE(app.load_samples(images.data(), images.size(), labels.data(), labels.size()).ok());
  }
  // Next until the Apply stage, checking each click moves one stage on.
  void to_apply_stage() {
    const StepTab& step = app.inside().step();
    while (step.stage() < StepTab::Apply) {
      const int before = step.stage();
      REQUIRE(click("step:next"));
      CHECK(step.stage() == before + 1);
    }
  }
  // The model after Network::train on a copy, for the pad's input and label at the tab's rate.
  Network trained_copy(int label) const {
    Network copy = app.model()->network;
    const std::vector<float> input = app.activations().front();
    std::vector<float> target(10);
    digitlab::make_target(target.data(), label, 10, copy.architecture().loss);
    copy.train(input.data(), target.data(), app.inside().step().learning_rate());
    return copy;
  }

  headless_test::HeadlessImGui imgui;  // before the App, which needs its context
  App app;
};

}  // namespace

TEST_CASE("the Step tab's Apply changes the weights as Network::train does, bit for bit") {
  Headless h;
  h.load({784, 16, 10});
  h.app.select_sample(2);  // a test digit labelled 2
  h.app.inside().show(digitlab::InsideView::Tab::Step);
  h.frames(3);
  const StepTab& step = h.app.inside().step();
  CHECK(step.stage() == StepTab::Forward);
  CHECK(step.label() == 2);             // the test digit's own label
  CHECK(step.learning_rate() == 0.1f);  // the model's SGD rate (the default config's)
  h.to_apply_stage();
  REQUIRE(h.app.activations().size() == 3);

  const Network before = h.app.model()->network;
  const Network expected = h.trained_copy(2);
  REQUIRE(h.click("step:apply"));
  CHECK(step.applied() == 1);
  CHECK(h.app.model()->network.weights() == expected.weights());
  CHECK(h.app.model()->network.weights() != before.weights());
  // The output for the label moved towards its target of 0.99, as the tab says.
  const std::vector<float> input = h.app.activations().front();
  CHECK(step.applied_label() == 2);
  CHECK(step.applied_before() == before.query(input.data()).back()[2]);
  CHECK(step.applied_after() == expected.query(input.data()).back()[2]);
  CHECK(std::fabs(0.99f - step.applied_after()) < std::fabs(0.99f - step.applied_before()));
  CHECK(h.app.outputs()[2] == step.applied_after());  // the app answers with the new weights
  // The page's state() reports it for the browser test (tests/web/step.mjs).
  const std::string state = digitlab::page_state_json(h.app, {});
  CHECK(state.find(R"("step":{"stage":4,"label":2,"applied":1,"appliedLabel":2,"before":)" +
                   digitlab::json_number(step.applied_before()) + ",\"after\":" +
                   digitlab::json_number(step.applied_after()) + "}") != std::string::npos);

  // Another label (a drawing would need one): the step trains towards it instead.
  REQUIRE(h.click("step:label:5"));
  CHECK(step.label() == 5);
  const Network towards_5 = h.trained_copy(5);
  REQUIRE(h.click("step:apply"));
  CHECK(step.applied() == 2);
  CHECK(h.app.model()->network.weights() == towards_5.weights());
  CHECK(step.applied_after() > step.applied_before());  // 5's output rises towards 0.99
  CHECK(h.app.last_error().empty());
}

TEST_CASE("the Step tab refuses to apply while a run trains the model, and applies when paused") {
  Headless h;
  h.load({784, 16, 10});
  const digitlab::Dataset d = training_test::bands(2000);
  h.app.training().receive_files(
      {{"i", digitlab::write_idx_images(d)}, {"l", digitlab::write_idx_labels(d)}});
  REQUIRE_MESSAGE(h.app.last_error().empty(), h.app.last_error());
  digitlab::TrainSettings& settings = h.app.training().settings();
  settings.fresh = false;                         // train the loaded model on
  settings.config.epochs = digitlab::kMaxEpochs;  // still running at the end
  REQUIRE(h.app.training().start().ok());
  h.app.select_sample(3);
  h.app.inside().show(digitlab::InsideView::Tab::Step);
  h.frames(3);
  h.to_apply_stage();
  const StepTab& step = h.app.inside().step();
  REQUIRE(h.app.training().session().running());
  REQUIRE(h.click("step:apply"));  // drawn, disabled
  CHECK(step.applied() == 0);

  h.app.training().pause();
  h.frames(2);
  const Network expected = h.trained_copy(3);
  REQUIRE(h.click("step:apply"));
  CHECK(step.applied() == 1);
  CHECK(h.app.model()->network.weights() == expected.weights());
  // The paused run goes on from the changed weights, without a failure.
  h.app.training().resume();
  h.frames(5);
  CHECK(h.app.training().session().running());
  CHECK(h.app.model()->network.weights() != expected.weights());
  CHECK(h.app.training().session().message().empty());

  // The runner took the step: resumed and stopped before it trains another sample, the run ends
  // with the stepped weights (before, it went on from its own and its end undid the step).
  h.app.training().pause();
  h.frames(2);
  const Network stepped = h.trained_copy(3);
  REQUIRE(h.click("step:apply"));
  CHECK(step.applied() == 2);
  REQUIRE(h.app.model()->network.weights() == stepped.weights());
  h.app.training().resume();
  h.app.training().stop();
  CHECK(h.app.training().session().phase() == digitlab::RunPhase::Stopped);
  CHECK(h.app.model()->network.weights() == stepped.weights());
}

TEST_CASE("every stage draws for the book's, a ReLU softmax and a hidden-less network") {
  digitlab::Model relu;
  relu.network = Network(
      digitlab::Architecture{
          {784, 64, 32, 10}, digitlab::Activation::Relu, digitlab::Loss::SoftmaxCrossEntropy, true},
      5, digitlab::Init::He);
  relu.config.architecture = relu.network.architecture();
  relu.config.optimizer = digitlab::Optimizer::Adam;
  relu.config.learning_rate = 0.001f;
  const std::vector<std::vector<uint8_t>> models = {training_test::model_bytes({784, 200, 10}, 3),
                                                    digitlab::save_model(relu),
                                                    training_test::model_bytes({784, 10}, 4)};
  Headless h;
  h.load({784, 16, 10});
  for (const ImVec2 screen : {ImVec2(1100, 720), ImVec2(400, 844)}) {  // wide, and a phone's
    ImGui::GetIO().DisplaySize = screen;
    for (const auto& bytes : models) {
      REQUIRE(h.app.load_model_bytes(bytes.data(), bytes.size()).ok());
      h.app.select_sample(4);
      h.app.inside().show(digitlab::InsideView::Tab::Step);
      h.frames(3);
      const StepTab& step = h.app.inside().step();
      // Adam's rate is not a plain step's: the tab starts at the book's 0.1 instead.
      CHECK(step.learning_rate() == 0.1f);
      while (step.stage() > StepTab::Forward) REQUIRE(h.click("step:back"));
      h.to_apply_stage();
      REQUIRE(h.click("step:apply"));
      h.app.pad().clear();  // and without a sample: a line saying what to do
      h.frames(2);
      CHECK(step.label() == -1);
    }
  }
  CHECK(h.app.inside().step().applied() == 6);
  CHECK(h.app.last_error().empty());
}
