// The training panel's Augmentation fold (src/app/augment_settings.h), headless: a setting
// changed with the mouse changes the preview row (the core's training_previews of the pad's
// digit) and the config a run trains with; a typed value the core refuses shows the core's
// message, refuses the run and keeps the config as it was; a preset's augmentation shows.
#include <doctest/doctest.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "app.h"
#include "data/formats.h"
#include "headless_app.h"
#include "image/augment_spec.h"
#include "image/training_preview.h"
#include "page_state.h"
#include "training_fixtures.h"

using namespace digitlab;
using headless_test::click_item;
using headless_test::HeadlessImGui;
using headless_test::item_rect;
using headless_test::run_frames;
using headless_test::scroll_panel_to;

namespace {

constexpr int kEnterKey = 5;  // io.KeyMap's index for Enter in these tests

// The App with a small model, a few training images and the second of them in the pad.
void start_app(App& app) {
  REQUIRE(app.set_ui_scale(1.0f));
  HeadlessImGui::build_fonts();
  ImGui::GetIO().KeyMap[ImGuiKey_Enter] = kEnterKey;
  const auto model = training_test::model_bytes({784, 16, 10}, 3);
  REQUIRE(app.load_model_bytes(model.data(), model.size()).ok());
  const Dataset d = training_test::bands(40);
  app.training().receive_files({{"i", write_idx_images(d)}, {"l", write_idx_labels(d)}});
  REQUIRE(app.training().session().has_data());
  app.show_image(d.image(1), -1);
  app.training().settings().config.epochs = 1;
  app.training().frame_budget_seconds = 1e-4;
  run_frames(app, 2);
}

// Opens the fold (scrolling the panel to it) and brings `item` into view.
void open_augmentation(App& app, const std::string& item) {
  REQUIRE(scroll_panel_to(app, "augment"));
  click_item(app, "augment");
  REQUIRE(app.training().augment().is_open());
  REQUIRE(scroll_panel_to(app, item));
}

// A drag along a slider from a quarter of its width to its right end, a frame per step.
void drag_slider(App& app, const std::string& name) {
  const ButtonRect r = *item_rect(app, name);
  ImGuiIO& io = ImGui::GetIO();
  const float y = r.y + r.height / 2;
  io.MousePos = ImVec2(r.x + r.width * 0.25f, y);
  run_frames(app, 1);
  io.MouseDown[0] = true;
  run_frames(app, 1);
  for (int i = 1; i <= 8; ++i) {
    io.MousePos = ImVec2(r.x + r.width * (0.25f + 0.1f * static_cast<float>(i)), y);
    run_frames(app, 1);
  }
  io.MouseDown[0] = false;
  run_frames(app, 2);
  io.MousePos = ImVec2(-1, -1);
}

// Ctrl+click on a slider to type into it, the text typed a character a frame, then Enter.
void type_into_slider(App& app, const std::string& name, const std::string& text) {
  const ButtonRect r = *item_rect(app, name);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(r.x + r.width / 2, r.y + r.height / 2);
  run_frames(app, 1);
  io.KeyCtrl = true;
  io.MouseDown[0] = true;
  run_frames(app, 1);
  io.MouseDown[0] = false;
  io.KeyCtrl = false;
  run_frames(app, 1);
  for (char c : text) {
    io.AddInputCharacter(static_cast<unsigned>(c));
    run_frames(app, 1);
  }
  io.KeysDown[kEnterKey] = true;
  run_frames(app, 1);
  io.KeysDown[kEnterKey] = false;
  run_frames(app, 2);
  io.MousePos = ImVec2(-1, -1);
}

// The preview as the core makes it for the pad's digit (the network's view of it).
std::vector<PreviewSample> core_row(App& app) {
  const AugmentPreview& p = app.training().augment().preview();
  return training_previews(app.pad().preprocessed().pixels.data(), kImageSide,
                           app.training().settings().config.augment, AugmentPreview::kCount,
                           p.seed());
}

// window.digitlab.state()'s "augment" object, as the browser test reads it.
std::string augment_state(const App& app) {
  const std::string json = page_state_json(app, ShellFacts{});
  const size_t at = json.find("\"augment\":{");
  REQUIRE(at != std::string::npos);
  return json.substr(at);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a slider dragged changes the preview and the config the run trains with") {
  HeadlessImGui imgui;
  App app;
  start_app(app);
  open_augmentation(app, "augment-rotate");
  const AugmentSettings& a = app.training().augment();
  CHECK(a.preview().source() == "pad");
  REQUIRE(a.preview().samples().size() == AugmentPreview::kCount);
  const uint64_t before = a.preview().fingerprint();
  CHECK(app.training().settings().config.augment == AugmentConfig{});
  const std::string state_before = augment_state(app);
  CHECK(has(state_before, "\"open\":true"));
  CHECK(has(state_before, "\"config\":\"none\""));
  CHECK(has(state_before, "\"source\":\"pad\",\"count\":8"));

  drag_slider(app, "augment-rotate");
  const float rotate = app.training().settings().config.augment.rotate_degrees;
  CHECK(rotate > 10);
  CHECK(a.fields().rotate_degrees == rotate);
  CHECK(a.message().empty());
  CHECK(a.preview().fingerprint() != before);
  // state() says so: the config in the CLI's form, another fingerprint.
  const std::string state_after = augment_state(app);
  CHECK(has(state_after, "\"config\":\"" + augment_text(app.training().settings().config.augment)));
  CHECK(has(state_after, "rotate="));
  const auto fingerprint_of = [](const std::string& s) {
    return s.substr(s.find("\"fingerprint\":"), 36);
  };
  CHECK(fingerprint_of(state_after) != fingerprint_of(state_before));
  // The row is the core's, for the pad's digit and these settings.
  const std::vector<PreviewSample> expected = core_row(app);
  REQUIRE(a.preview().samples().size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i)
    CHECK(a.preview().samples()[i].pixels == expected[i].pixels);

  // New samples: the same settings, the next seed, another row.
  const uint64_t dragged = a.preview().fingerprint();
  REQUIRE(scroll_panel_to(app, "augment-new"));
  click_item(app, "augment-new");
  CHECK(a.preview().seed() == 2);
  CHECK(a.preview().fingerprint() != dragged);

  // The book's copies: ticked, the run trains each image three times.
  REQUIRE(scroll_panel_to(app, "augment-copies"));
  click_item(app, "augment-copies");
  CHECK(app.training().settings().config.augment.copies_degrees == 10);
  CHECK(a.preview().samples()[1].version == 1);

  REQUIRE(scroll_panel_to(app, "start"));
  click_item(app, "start");
  // (Its few images may be trained through by the click's last frames.)
  REQUIRE_MESSAGE(app.training().session().phase() != RunPhase::Idle, app.last_error());
  CHECK(app.training().session().config().augment.rotate_degrees == rotate);
  CHECK(app.training().session().config().augment.copies_degrees == 10);
  app.training().stop();
}

TEST_CASE("a typed value the core refuses shows its message and keeps the config as it was") {
  HeadlessImGui imgui;
  App app;
  start_app(app);
  open_augmentation(app, "augment-thickness");
  const AugmentSettings& a = app.training().augment();
  type_into_slider(app, "augment-thickness", "1");  // within the core's limits: taken
  REQUIRE(app.training().settings().config.augment.thickness == 1.0f);
  const AugmentConfig good = app.training().settings().config.augment;
  const uint64_t row = a.preview().fingerprint();

  type_into_slider(app, "augment-thickness", "5");
  CHECK(a.fields().thickness == 5.0f);  // the typed value stays in its field, to be fixed
  AugmentConfig typed = good;
  typed.thickness = 5;
  const Status core = validate_augment(typed);
  REQUIRE_FALSE(core.ok());
  CHECK(a.message() == core.error());
  CHECK(app.training().settings().config.augment == good);  // nothing taken, nothing lost
  CHECK(a.preview().fingerprint() == row);
  const std::string state = augment_state(app);
  CHECK(has(state, "\"thickness\":5,"));
  CHECK(has(state, "\"message\":\"" + core.error() + "\""));
  CHECK(has(state, "\"config\":\"" + augment_text(good) + "\""));
  // The run is refused with the core's message for the whole config, as for a bad rate.
  TrainingConfig shown = app.training().settings().config;
  shown.augment = typed;
  const Status run = validate_config(shown);
  REQUIRE_FALSE(run.ok());
  CHECK_FALSE(app.training().start().ok());
  CHECK(app.last_error() == "Cannot start training: " + run.error());
  CHECK(app.training().session().phase() == RunPhase::Idle);

  // Fixed: taken again, the message gone.
  type_into_slider(app, "augment-thickness", "2");
  CHECK(a.message().empty());
  CHECK(app.training().settings().config.augment.thickness == 2.0f);
}

TEST_CASE("a preset's augmentation shows in the fields; a phone's column keeps the row on screen") {
  HeadlessImGui imgui;
  App app;
  start_app(app);
  open_augmentation(app, "augment-rotate");
  REQUIRE(scroll_panel_to(app, "preset-strong"));
  click_item(app, "preset-strong");
  const AugmentConfig strong = preset_config("strong")->augment;
  REQUIRE(strong != AugmentConfig{});
  CHECK(app.training().augment().fields() == strong);
  CHECK(app.training().settings().config.augment == strong);
  REQUIRE(scroll_panel_to(app, "preset-book-200"));
  click_item(app, "preset-book-200");
  CHECK(app.training().augment().fields() == AugmentConfig{});

  // A phone's width (390 px at scale 1): the row, its samples and its button fit across.
  ImGui::GetIO().DisplaySize = ImVec2(390, 844);
  run_frames(app, 2);
  REQUIRE(scroll_panel_to(app, "augment-preview"));
  const ButtonRect* row = item_rect(app, "augment-preview");
  CHECK(row->x >= 0);
  CHECK(row->x + row->width <= 390);
  CHECK(row->height >= 2 * ImGui::GetFontSize());  // big enough to see
  REQUIRE(scroll_panel_to(app, "augment-rotate"));
  const ButtonRect* slider = item_rect(app, "augment-rotate");
  CHECK(slider->x + slider->width <= 390);
}
