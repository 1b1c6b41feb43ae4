// TrainingPanel inside the App: uploads that go wrong leave model, data and run alone;
// keeping the model (the persistence hooks) and "back to pre-trained"; the desktop's paths;
// and frames of the real UI, headless, while a run goes on.
#include <doctest/doctest.h>
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app.h"
#include "formats.h"
#include "mnist_slice.h"
#include "training_fixtures.h"

using namespace digitlab;
using training_test::bands;
using training_test::model_bytes;

namespace {

struct Fixture {
  App app;
  std::vector<std::vector<uint8_t>> kept;  // what keep_model was handed, in order
  int forgotten = 0;
  std::vector<uint8_t> pretrained = model_bytes({784, 20, 10}, 11);

  Fixture() {
    REQUIRE(app.load_model_bytes(pretrained.data(), pretrained.size()).ok());
    PlatformFiles files;
    files.keep_model = [this](const std::vector<uint8_t>& bytes) { kept.push_back(bytes); };
    files.forget_model = [this] { ++forgotten; };
    app.training().set_platform(files);
    app.training().set_pretrained(pretrained);
    TrainSettings& s = app.training().settings();
    s.hidden = 16;
    s.learning_rate = 0.2f;
    s.epochs = 1;
    // Slices of 0.1 ms: native training is fast enough to finish these little sets in a few
    // 10 ms frames, and the tests want to act in the middle of a run.
    app.training().frame_budget_seconds = 1e-4;
  }

  void upload_bands(size_t n) {
    const Dataset d = bands(n);
    app.training().receive_files({{"i", write_idx_images(d)}, {"l", write_idx_labels(d)}});
    REQUIRE_MESSAGE(app.last_error().empty(), app.last_error());
  }

  void train_to_end() {
    for (int i = 0; i < 100000 && app.training().session().active(); ++i) app.training().update();
  }
};

// An ImGui context sized like the desktop window, torn down with the test.
struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
    ImGui::GetIO().IniFilename = nullptr;
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;
  void frame(App& app) {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
    CHECK(ImGui::GetDrawData()->Valid);
  }
};

}  // namespace

TEST_CASE("bad uploads keep the model, the data and the run as they were") {
  Fixture f;
  f.upload_bands(100);
  const std::vector<float> weights = f.app.model().network.weights();

  std::vector<uint8_t> garbage = training_test::bytes_of("DLMD but not really a model");
  f.app.training().receive_files({{"bad.dlm", garbage}});
  CHECK(f.app.last_error().find("bad.dlm") != std::string::npos);
  CHECK(f.app.model().network.weights() == weights);
  CHECK(f.app.training().session().data().train.size() == 90);

  std::vector<uint8_t> cut = write_idx_images(bands(40));
  cut.resize(cut.size() / 2);
  f.app.training().receive_files({{"cut", cut}, {"l", write_idx_labels(bands(40))}});
  CHECK(f.app.last_error().find("Upload refused") != std::string::npos);
  CHECK(f.app.training().session().data().train.size() == 90);
  CHECK(f.kept.empty());

  // During a run, even good files wait: the run holds the model and the data.
  REQUIRE(f.app.training().start().ok());
  f.app.training().update();
  const auto good = model_bytes({784, 8, 10}, 2);
  f.app.training().receive_files({{"good.dlm", good}});
  CHECK(f.app.last_error().find("during training") != std::string::npos);
  CHECK(f.app.model().network.sizes() == std::vector<int>{784, 16, 10});
  CHECK(f.app.training().session().active());
  f.train_to_end();
  CHECK(f.app.training().session().phase() == RunPhase::Finished);

  // A good model afterwards is loaded, kept, and clears the error.
  f.app.training().receive_files({{"good.dlm", good}});
  CHECK(f.app.last_error().empty());
  CHECK(f.app.model().network.sizes() == std::vector<int>{784, 8, 10});
  CHECK(f.kept.back() == good);
}

TEST_CASE("the trained model is kept; back to pre-trained forgets it") {
  Fixture f;
  f.upload_bands(100);
  REQUIRE(f.app.training().start().ok());
  f.train_to_end();
  REQUIRE_FALSE(f.kept.empty());
  Result<Model> kept = load_model(f.kept.back().data(), f.kept.back().size());
  REQUIRE(kept.ok());
  CHECK(kept->network.weights() == f.app.model().network.weights());
  CHECK(kept->settings.samples_seen == 90);
  CHECK(f.app.training().model_is_kept());

  // The next visit: a fresh app restores the kept model instead of the pre-trained one.
  Fixture next;
  CHECK(next.app.training().restore_kept_model(f.kept.back().data(), f.kept.back().size()).ok());
  CHECK(next.app.model().network.weights() == f.app.model().network.weights());
  // A damaged kept model is not used.
  std::vector<uint8_t> damaged = f.kept.back();
  damaged.resize(100);
  Fixture third;
  CHECK_FALSE(third.app.training().restore_kept_model(damaged.data(), damaged.size()).ok());
  CHECK(third.app.model().network.sizes() == std::vector<int>{784, 20, 10});

  CHECK(f.app.training().back_to_pretrained().ok());
  CHECK(f.forgotten == 1);
  CHECK_FALSE(f.app.training().model_is_kept());
  CHECK(f.app.model().network.sizes() == std::vector<int>{784, 20, 10});
  CHECK(save_model(f.app.model()) == f.pretrained);
  CHECK(f.app.training().session().phase() == RunPhase::Idle);
}

TEST_CASE("pause and stop keep the model too; a failed start says why") {
  Fixture f;
  TrainSettings& s = f.app.training().settings();
  CHECK_FALSE(f.app.training().start().ok());  // no data
  CHECK(f.app.last_error().find("load training data") != std::string::npos);
  f.upload_bands(200);
  s.learning_rate = -1;
  CHECK_FALSE(f.app.training().start().ok());
  CHECK(f.app.last_error().find("learning rate") != std::string::npos);
  s.learning_rate = 0.2f;
  REQUIRE(f.app.training().start().ok());
  CHECK(f.app.last_error().empty());
  for (int i = 0; i < 3; ++i) f.app.training().update();
  f.app.training().pause();
  CHECK(f.kept.size() == 1);
  f.app.training().resume();
  f.app.training().update();
  f.app.training().stop();
  CHECK(f.kept.size() == 2);
  CHECK(f.app.training().session().phase() == RunPhase::Stopped);
}

TEST_CASE("the desktop's path field saves and loads models") {
  Fixture f;
  const std::string path = "digitlab_panel_test.dlm";
  REQUIRE(f.app.training().save_to_path(path).ok());
  Fixture g;
  g.app.training().settings().hidden = 16;
  REQUIRE(g.app.training().load_from_path(path).ok());
  CHECK(g.app.model().network.weights() == f.app.model().network.weights());
  std::remove(path.c_str());
  CHECK_FALSE(g.app.training().load_from_path(path).ok());
  CHECK(g.app.last_error().find("does not exist") != std::string::npos);
  CHECK_FALSE(f.app.training().save_to_path("/no/such/folder/m.dlm").ok());
}

TEST_CASE("the real UI draws frames while a run goes on, its buttons on record") {
  HeadlessImGui imgui;
  Fixture f;
  f.app.set_ui_scale(1.0f);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  f.app.training().set_platform({[] {}, [] {}, nullptr, nullptr, nullptr, true});

  imgui.frame(f.app);
  CHECK(f.app.training().button_rects().count("mnist") == 1);
  CHECK(f.app.training().button_rects().count("upload") == 1);
  CHECK(f.app.training().button_rects().count("start") == 1);
  CHECK(f.app.training().button_rects().count("path-save") == 1);
  f.upload_bands(300);
  REQUIRE(f.app.training().start().ok());
  int frames = 0;
  while (f.app.training().session().active() && frames < 100000) {
    imgui.frame(f.app);
    ++frames;
    if (frames == 2) {
      CHECK(f.app.training().button_rects().count("pause") == 1);
      CHECK(f.app.training().button_rects().count("start") == 0);
    }
  }
  CHECK(f.app.training().session().phase() == RunPhase::Finished);
  for (int i = 0; i < 3; ++i) imgui.frame(f.app);  // the finished panel, curves and results
  CHECK(f.app.training().button_rects().count("start") == 1);
}

TEST_CASE("a saturating run's warning reaches the App's message line") {
  Fixture f;
  const Dataset train = mnist_test::first_images("train", 2000);
  const Dataset test = mnist_test::first_images("t10k", 500);
  f.app.training().receive_files({{"train-images-idx3-ubyte", write_idx_images(train)},
                                  {"train-labels-idx1-ubyte", write_idx_labels(train)},
                                  {"t10k-images-idx3-ubyte", write_idx_images(test)},
                                  {"t10k-labels-idx1-ubyte", write_idx_labels(test)}});
  REQUIRE_MESSAGE(f.app.last_error().empty(), f.app.last_error());
  TrainSettings& s = f.app.training().settings();
  s.hidden = 100;
  s.learning_rate = 50.0f;
  f.app.training().frame_budget_seconds = 0.01;
  REQUIRE(f.app.training().start().ok());
  f.train_to_end();
  CHECK(f.app.training().session().phase() == RunPhase::Finished);
  CHECK(f.app.last_error().find("training has saturated") != std::string::npos);
  CHECK(f.app.last_error().find("try 0.1") != std::string::npos);
}

TEST_CASE("a model with weights that are not numbers is not saved, downloaded or kept") {
  // A panel on a model of its own: the App's models always have finite weights (the loader and
  // the trainer see to it), so the save paths' own check is tested here.
  Model model;
  model.network = Network({784, 8, 10}, 1);
  model.network.weights()[3] = std::nanf("");
  bool has_model = true;
  std::string error;
  TrainingPanel panel(model, has_model, error);
  int downloads = 0;
  PlatformFiles files;
  files.download = [&](const std::string&, const std::vector<uint8_t>&) { ++downloads; };
  panel.set_platform(files);
  const std::string path = "digitlab_panel_nan_test.dlm";
  std::remove(path.c_str());
  CHECK_FALSE(panel.save_to_path(path).ok());
  CHECK(error.find("Cannot save the model") != std::string::npos);
  CHECK(error.find("weight 3 is not a finite number") != std::string::npos);
  CHECK(std::fopen(path.c_str(), "rb") == nullptr);  // nothing written
  error.clear();
  panel.download_model();
  CHECK(downloads == 0);
  CHECK(error.find("Cannot download the model") != std::string::npos);
}
