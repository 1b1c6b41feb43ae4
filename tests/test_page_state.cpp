// window.digitlab.state()'s JSON (src/platform/page_state.cpp), built natively from an App: the
// fields the browser tests read, valid JSON whatever the app holds (an error with quotes, no
// model, numbers not measured yet), and the frame times the shell feeds it.
#include <doctest/doctest.h>
#include <imgui.h>

#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include "app.h"
#include "data/formats.h"
#include "json_text.h"
#include "model_host_fixture.h"
#include "network/evaluate.h"
#include "page_state.h"
#include "training_fixtures.h"

using namespace digitlab;

namespace {

// A strict little JSON reader that only says whether text is one valid value: what the page's
// JSON.parse needs. Returns the position after the value, or npos.
class JsonCheck {
 public:
  explicit JsonCheck(const std::string& text) : t_(text) {}
  bool valid() {
    size_t at = value(0);
    return at != std::string::npos && skip(at) == t_.size();
  }

 private:
  static constexpr size_t npos = std::string::npos;
  size_t skip(size_t at) const {
    while (at < t_.size() && std::isspace(static_cast<unsigned char>(t_[at]))) ++at;
    return at;
  }
  size_t literal(size_t at, const char* word) const {
    const std::string w = word;
    return t_.compare(at, w.size(), w) == 0 ? at + w.size() : npos;
  }
  size_t string(size_t at) const {
    if (at >= t_.size() || t_[at] != '"') return npos;
    for (++at; at < t_.size(); ++at) {
      const unsigned char c = static_cast<unsigned char>(t_[at]);
      if (c == '"') return at + 1;
      if (c < 0x20) return npos;
      if (c == '\\') ++at;  // the escaped character (\uXXXX's digits pass as plain ones)
    }
    return npos;
  }
  size_t number(size_t at) const {
    const size_t start = at;
    if (at < t_.size() && t_[at] == '-') ++at;
    while (at < t_.size() && (std::isdigit(static_cast<unsigned char>(t_[at])) || t_[at] == '.' ||
                              t_[at] == 'e' || t_[at] == 'E' || t_[at] == '+' || t_[at] == '-'))
      ++at;
    return at > start && std::isdigit(static_cast<unsigned char>(t_[at - 1])) ? at : npos;
  }
  size_t items(size_t at, char close, bool named) {
    at = skip(at + 1);
    if (at < t_.size() && t_[at] == close) return at + 1;
    while (at < t_.size()) {
      if (named) {
        at = string(skip(at));
        if (at == npos) return npos;
        at = skip(at);
        if (at >= t_.size() || t_[at] != ':') return npos;
        ++at;
      }
      at = value(at);
      if (at == npos) return npos;
      at = skip(at);
      if (at < t_.size() && t_[at] == close) return at + 1;
      if (at >= t_.size() || t_[at] != ',') return npos;
      ++at;
    }
    return npos;
  }
  size_t value(size_t at) {
    at = skip(at);
    if (at >= t_.size()) return npos;
    switch (t_[at]) {
      case '{':
        return items(at, '}', true);
      case '[':
        return items(at, ']', false);
      case '"':
        return string(at);
      case 't':
        return literal(at, "true");
      case 'f':
        return literal(at, "false");
      case 'n':
        return literal(at, "null");
      default:
        return number(at);
    }
  }
  const std::string& t_;
};

bool valid_json(const std::string& text) {
  return JsonCheck(text).valid();
}

bool has(const std::string& json, const std::string& part) {
  return json.find(part) != std::string::npos;
}

std::vector<uint8_t> model_file(std::vector<int> sizes) {
  Model model;
  model.network = Network(std::move(sizes), 3);
  return save_model(model);
}

// Five images, a vertical bar each, labelled 0..4.
void load_bars(App& app) {
  Dataset d;
  d.pixels.assign(5 * kImagePixels, 0);
  for (int i = 0; i < 5; ++i) {
    d.labels.push_back(static_cast<uint8_t>(i));
    for (int y = 4; y < 24; ++y) d.pixels[i * kImagePixels + y * 28 + 4 + 2 * i] = 255;
  }
  const std::vector<uint8_t> images = write_idx_images(d), labels = write_idx_labels(d);
  REQUIRE(app.load_samples(images.data(), images.size(), labels.data(), labels.size()).ok());
}

}  // namespace

TEST_CASE("the checker itself: valid JSON passes, what JSON.parse throws on does not") {
  CHECK(valid_json(R"({"a":[1,-2.5e+3,null],"b":{"c":"x\"y"},"d":true})"));
  CHECK_FALSE(valid_json(R"({"a":nan})"));
  CHECK_FALSE(valid_json(R"({"a":[1,]})"));
  CHECK_FALSE(valid_json(R"({"a":1)"));
  CHECK_FALSE(valid_json("{\"a\":\"line\nbreak\"}"));
}

TEST_CASE("state() of an app without a model: no layers, no prediction, valid JSON") {
  App app;
  ShellFacts facts;
  facts.frames = 42;
  facts.canvas_width = 1280;
  facts.canvas_height = 800;
  facts.keyboard_nav = true;
  facts.frame_ms_max = std::nan("");  // nothing measured yet
  const std::string json = page_state_json(app, facts);
  CHECK(valid_json(json));
  CHECK(json.front() == '{');
  CHECK(has(json, R"("frames":42,"canvas":[1280,800],"scrollY":0,"keyboardNav":true)"));
  CHECK(has(json, R"("layers":[])"));
  CHECK(has(json, R"("prediction":null)"));
  CHECK(has(json, R"("label":-1)"));
  CHECK(has(json, R"("query":{"forwardMs":0,"forwardMedianMs":0,"forwards":0,)"));
  CHECK(has(json, R"("training":{"running":false,"phase":"idle","epoch":0)"));
  CHECK(has(json, R"("testAccuracy":null)"));
  CHECK(has(json, R"("accuracies":[])"));
  CHECK(has(json, R"("data":{"train":0,"test":0,"source":""})"));
  CHECK(has(json, R"("frameMsMax":null,"slowFrames":0,"trainer":"main","hostNote":""})"));
  facts.trainer = "worker";
  CHECK(has(page_state_json(app, facts), R"("trainer":"worker")"));
}

TEST_CASE("state() of an app with a model and a test digit: its sizes, answer and label") {
  App app;
  const std::vector<uint8_t> model = model_file({784, 24, 12, 10});
  REQUIRE(app.load_model_bytes(model.data(), model.size()).ok());
  load_bars(app);
  app.select_sample(3);
  REQUIRE(app.prediction() >= 0);
  const std::string json = page_state_json(app, {});
  CHECK(valid_json(json));
  CHECK(has(json, R"("layers":[784,24,12,10])"));
  CHECK(has(json, "\"prediction\":" + std::to_string(app.prediction()) + ","));
  CHECK(has(json, R"("samples":5,"index":3,"label":3)"));
  CHECK(has(json, R"("forwards":1)"));
  CHECK(has(
      json,
      R"("inside":{"open":false,"tab":"","whyClass":null,"pictures":0,"compare":{"with":"","outputs":[]}})"));  // collapsed
  // The Diagram tab never drawn: nothing switched off, no outputs, no most active unit yet.
  CHECK(has(json, R"("ablated":[],"diagram":{"ablatedOutputs":[],"mostActive":null})"));
  CHECK(has(json,
            R"("step":{"stage":0,"label":null,"applied":0,"appliedLabel":null,"before":null,)"));
  // An error with quotes, a backslash and a line break stays one JSON string.
  app.show_error("Cannot read \"C:\\digits\"\nline two");
  const std::string with_error = page_state_json(app, {});
  CHECK(valid_json(with_error));
  CHECK(has(with_error, R"("lastError":"Cannot read \"C:\\digits\"\u000aline two")"));
}

TEST_CASE("frame times: the longest since the last reset, slow frames counted for good") {
  FrameTimes times;
  times.note(12);
  times.note(FrameTimes::kSlowFrameMs + 10);
  times.note(FrameTimes::kSlowFrameMs);  // at the ceiling is not slow
  CHECK(times.max_ms() == FrameTimes::kSlowFrameMs + 10);
  const std::vector<double> recent = times.take_recent();
  REQUIRE(recent.size() == 3);
  CHECK(recent[0] == 12);
  CHECK(recent[1] == FrameTimes::kSlowFrameMs + 10);
  CHECK(times.take_recent().empty());  // taken: the next call has only newer frames
  CHECK(times.slow_frames() == 1);
  times.reset_max();
  times.note(20);
  CHECK(times.max_ms() == 20);
  CHECK(times.slow_frames() == 1);

  // Past kKeptFrames untaken: the newest kept, oldest first, whatever the ring's position.
  (void)times.take_recent();
  const size_t n = FrameTimes::kKeptFrames + 1000;
  for (size_t i = 0; i < n; ++i) times.note(static_cast<double>(i));
  const std::vector<double> kept = times.take_recent();
  REQUIRE(kept.size() == FrameTimes::kKeptFrames);
  for (size_t k = 0; k < kept.size(); ++k)
    if (kept[k] != static_cast<double>(n - FrameTimes::kKeptFrames + k)) {
      FAIL_CHECK("frame " << k << " is " << kept[k]);
      break;
    }
  times.note(7);
  const std::vector<double> after = times.take_recent();
  REQUIRE(after.size() == 1);
  CHECK(after[0] == 7.0);
}

TEST_CASE("buttonRect's JSON: every button the panel drew, in framebuffer pixels") {
  ImGui::CreateContext();
  ImGui::GetIO().DisplaySize = ImVec2(1280, 800);
  ImGui::GetIO().IniFilename = nullptr;
  App app;
  app.set_ui_scale(1.0f);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  PlatformFiles files;
  files.fetch_mnist = [] {};
  app.training().set_platform(files);
  ImGui::NewFrame();
  app.frame();
  ImGui::Render();
  ImGui::DestroyContext();

  const auto& rects = app.training().button_rects();
  REQUIRE(rects.count("mnist") == 1);
  const std::string json = button_rects_json(app, 2.0f, 3.0f);
  CHECK(valid_json(json));
  const ButtonRect r = rects.at("mnist");
  const float doubled[4] = {r.x * 2, r.y * 3, r.width * 2, r.height * 3};
  std::string expected = "\"mnist\":";
  json_numbers(expected, doubled, 4);
  CHECK(has(json, expected));
  size_t names = 0;
  for (size_t at = json.find("\":["); at != std::string::npos; at = json.find("\":[", at + 1))
    ++names;
  // The panel's buttons, the Inside section's items (none here: no model, no section), the
  // App's own and my digits' row under the pad.
  CHECK(names == rects.size() + app.inside().item_rects().all().size() +
                     app.item_rects().all().size() +
                     app.my_digits_view().item_rects().all().size());
  CHECK(app.item_rects().all().count("about") == 1);
  CHECK(app.my_digits_view().item_rects().all().count("mydigit:add:7") == 1);
  const App never_drawn;
  CHECK(button_rects_json(never_drawn, 1, 1) == "{}");
}

TEST_CASE("state().confusion: the kept evaluation's matrix, rows by true label; null before") {
  App app;
  const std::vector<uint8_t> model = model_file({784, 16, 10});
  REQUIRE(app.load_model_bytes(model.data(), model.size()).ok());
  TrainingSession& session = app.training().session();
  TrainingData data;
  data.train = training_test::bands(30);
  data.test = training_test::bands(40);
  REQUIRE(session.set_data(std::move(data)).ok());
  std::string json = page_state_json(app, {});
  CHECK(has(json, R"("confusion":null)"));
  CHECK(has(json, R"("evaluation":{"shown":0,"cell":null,"busy":false,"id":0})"));
  REQUIRE(session.evaluate_now(app.model() ? &*app.model() : nullptr).ok());
  json = page_state_json(app, {});
  CHECK(has(json, R"("busy":true)"));
  while (session.evaluating_now()) session.update(0.01);
  json = page_state_json(app, {});
  CHECK(valid_json(json));
  const Evaluation expected = evaluate(app.model()->network, session.data().test);
  std::string rows = "\"confusion\":[";
  for (int a = 0; a < kClasses; ++a) {
    if (a > 0) rows += ',';
    json_numbers(rows, expected.confusion[a].data(), kClasses);
  }
  CHECK(has(json, rows + "]"));
  CHECK(has(json, R"("evaluation":{"shown":0,"cell":null,"busy":false,"id":1})"));
}
