// TrainingPanel inside the App: uploads that go wrong leave model, data and run alone;
// keeping the model (the persistence hooks) and "back to pre-trained"; the desktop's paths;
// and frames of the real UI, headless, while a run goes on.
#include <doctest/doctest.h>
#include <imgui.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include "alloc_probe.h"
#include "app.h"
#include "data/formats.h"
#include "mnist_slice.h"
#include "model_host_fixture.h"
#include "save_guard.h"
#include "temp_dir.h"
#include "training_fixtures.h"

#ifndef __EMSCRIPTEN__
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace digitlab;
using test_files::bytes_of_file;
using test_files::file_exists;
using test_files::put_file;
using test_files::TempDir;
using training_test::bands;
using training_test::model_bytes;
using training_test::TestModelHost;

namespace {

struct Fixture {
  App app;
  std::vector<std::vector<uint8_t>> kept;  // what keep_model was handed, in order
  int forgotten = 0;
  std::vector<uint8_t> pretrained = model_bytes({784, 20, 10}, 11);

  Fixture() {
    REQUIRE(app.load_model_bytes(pretrained.data(), pretrained.size()).ok());
    PlatformFiles files;
    files.keep_model = [this](const std::vector<uint8_t>& bytes) {
      kept.push_back(bytes);
      return Status::success();
    };
    files.forget_model = [this] {
      ++forgotten;
      return Status::success();
    };
    app.training().set_platform(files);
    app.training().set_pretrained(pretrained);
    TrainSettings& s = app.training().settings();
    s.config = TrainingConfig{};  // the book's rule, as the CLI's default
    s.config.architecture.sizes = {784, 16, 10};
    s.config.learning_rate = 0.2f;
    s.config.epochs = 1;
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

// An ImGui context sized like a laptop's screen, torn down with the test.
struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGui::GetIO().DisplaySize = ImVec2(1600, 1200);  // the laptop
    ImGui::GetIO().IniFilename = nullptr;
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;
  // The app at scale 1 with its fonts built, as a renderer backend builds them at its first
  // frame (NewFrame checks it); after set_ui_scale, which adds the fonts.
  void ready(App& app) {
    app.set_ui_scale(1.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  void frame(App& app) {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
    CHECK(ImGui::GetDrawData()->Valid);
  }
  // A mouse click on a button the panel drew in the last frame: move there, press, release,
  // and one frame more to draw what the click changed (a modal, a longer data section).
  void click(App& app, const std::string& hook) {
    const auto& rects = app.training().button_rects();
    REQUIRE_MESSAGE(rects.count(hook) == 1, "no button " << hook << " on screen");
    const ButtonRect r = rects.at(hook);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(r.x + r.width / 2, r.y + r.height / 2);
    frame(app);
    io.MouseDown[0] = true;
    frame(app);
    io.MouseDown[0] = false;
    frame(app);
    frame(app);
  }
};

}  // namespace

TEST_CASE("bad uploads keep the model, the data and the run as they were") {
  Fixture f;
  f.upload_bands(100);
  const std::vector<float> weights = f.app.model()->network.weights();

  std::vector<uint8_t> garbage = training_test::bytes_of("DLMD but not really a model");
  f.app.training().receive_files({{"bad.dlm", garbage}});
  CHECK(f.app.last_error().find("bad.dlm") != std::string::npos);
  CHECK(f.app.model()->network.weights() == weights);
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
  CHECK(f.app.model()->network.sizes() == std::vector<int>{784, 16, 10});
  CHECK(f.app.training().session().active());
  f.train_to_end();
  CHECK(f.app.training().session().phase() == RunPhase::Finished);

  // A good model afterwards is loaded, kept, and clears the error.
  f.app.training().receive_files({{"good.dlm", good}});
  CHECK(f.app.last_error().empty());
  CHECK(f.app.model()->network.sizes() == std::vector<int>{784, 8, 10});
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
  CHECK(kept->network.weights() == f.app.model()->network.weights());
  CHECK(kept->progress.samples == 90);
  CHECK(f.app.training().model_is_kept());

  // The next visit: a fresh app restores the kept model instead of the pre-trained one.
  Fixture next;
  CHECK(next.app.training().restore_kept_model(f.kept.back().data(), f.kept.back().size()).ok());
  CHECK(next.app.model()->network.weights() == f.app.model()->network.weights());
  // A damaged kept model is not used.
  std::vector<uint8_t> damaged = f.kept.back();
  damaged.resize(100);
  Fixture third;
  CHECK_FALSE(third.app.training().restore_kept_model(damaged.data(), damaged.size()).ok());
  CHECK(third.app.model()->network.sizes() == std::vector<int>{784, 20, 10});

  CHECK(f.app.training().back_to_pretrained().ok());
  CHECK(f.forgotten == 1);
  CHECK_FALSE(f.app.training().model_is_kept());
  CHECK(f.app.model()->network.sizes() == std::vector<int>{784, 20, 10});
  CHECK(save_model(*f.app.model()) == f.pretrained);
  CHECK(f.app.training().session().phase() == RunPhase::Idle);
}

TEST_CASE("pause and stop keep the model too; a failed start says why") {
  Fixture f;
  TrainSettings& s = f.app.training().settings();
  CHECK_FALSE(f.app.training().start().ok());  // no data
  CHECK(f.app.last_error().find("load training data") != std::string::npos);
  f.upload_bands(200);
  s.config.learning_rate = -1;
  CHECK_FALSE(f.app.training().start().ok());
  CHECK(f.app.last_error().find("learning rate") != std::string::npos);
  s.config.learning_rate = 0.2f;
  REQUIRE(f.app.training().start().ok());
  CHECK(f.app.last_error().empty());
  // Until it trains (the runner's pieces outgrow a 0.1 ms budget: 3 updates may end the run).
  while (f.app.training().session().samples_seen() == 0) f.app.training().update();
  f.app.training().pause();
  CHECK(f.kept.size() == 1);
  f.app.training().resume();
  f.app.training().update();
  f.app.training().stop();
  CHECK(f.kept.size() == 2);
  CHECK(f.app.training().session().phase() == RunPhase::Stopped);
}

TEST_CASE("a notice belongs to one event: a later event replaces it, an error clears it") {
  Fixture f;
  TrainingPanel& panel = f.app.training();
  const Dataset d = bands(40);
  panel.receive_files({{"imgs", write_idx_images(d)}});
  CHECK(panel.notice().find("add its labels file") != std::string::npos);
  // An unrelated upload: its own notice, without the half still waiting.
  const auto model = model_bytes({784, 8, 10}, 2);
  panel.receive_files({{"m.dlm", model}});
  CHECK(panel.notice().find("Loaded the model") != std::string::npos);
  CHECK(panel.notice().find("imgs") == std::string::npos);
  // The pairing refused: the error is the only message; no notice of earlier events stays.
  panel.receive_files({{"lbls", write_idx_labels(bands(20))}});
  CHECK(f.app.last_error().find("Upload refused") != std::string::npos);
  CHECK(panel.notice().empty());
  // An error the App itself meets clears a notice too.
  panel.receive_files({{"m.dlm", model}});
  REQUIRE_FALSE(panel.notice().empty());
  const std::vector<uint8_t> junk = training_test::bytes_of("not a model");
  CHECK_FALSE(f.app.load_model_bytes(junk.data(), junk.size()).ok());
  CHECK(panel.notice().empty());
}

TEST_CASE("the desktop's path field saves and loads models") {
  Fixture f;
  TempDir dir;
  const std::string path = dir / "digitlab_panel_test.dlm";
  REQUIRE(f.app.training().save_to_path(path) == SaveOutcome::Saved);
  Fixture g;
  g.app.training().settings().config.architecture.sizes = {784, 16, 10};
  REQUIRE(g.app.training().load_from_path(path).ok());
  CHECK(g.app.model()->network.weights() == f.app.model()->network.weights());
  std::remove(path.c_str());
  CHECK_FALSE(g.app.training().load_from_path(path).ok());
  CHECK(g.app.last_error().find("does not exist") != std::string::npos);
  CHECK(f.app.training().save_to_path("/no/such/folder/m.dlm") == SaveOutcome::Failed);
}

TEST_CASE("the real UI draws frames while a run goes on, its buttons on record") {
  HeadlessImGui imgui;
  // Tall enough to show the whole panel: a button is on record only where it is drawn.
  ImGui::GetIO().DisplaySize = ImVec2(1600, 1200);
  Fixture f;
  imgui.ready(f.app);
  f.app.training().set_platform({[] {}, [] {}, nullptr, nullptr, nullptr, true});

  imgui.frame(f.app);
  CHECK(f.app.training().button_rects().count("mnist") == 1);
  CHECK(f.app.training().button_rects().count("upload") == 1);
  CHECK(f.app.training().button_rects().count("start") == 1);
  CHECK(f.app.training().button_rects().count("path-save") == 1);
  // The settings a browser test sets (tests/web/worker.mjs); a combo's entries only while open.
  for (const char* name : {"activation", "loss", "optimizer", "schedule", "hidden-add", "lr"})
    CHECK_MESSAGE(f.app.training().button_rects().count(name) == 1, name);
  CHECK(f.app.training().button_rects().count("activation-relu") == 0);
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

TEST_CASE("the panel's settings are one TrainingConfig: presets a click away, the core's checks") {
  HeadlessImGui imgui;
  Fixture f;
  imgui.ready(f.app);
  f.app.training().set_platform({[] {}, [] {}, nullptr, nullptr, nullptr, true});
  imgui.frame(f.app);
  TrainSettings& s = f.app.training().settings();
  // Each of the core's presets is a button that sets the whole config, fresh.
  for (const Preset& p : presets()) {
    s.fresh = false;
    s.config = TrainingConfig{};
    imgui.click(f.app, std::string("preset-") + p.name);
    CHECK(s.config == p.config);
    CHECK(s.fresh);
  }
  // A value the core refuses: its message (the CLI's), beside a disabled Start, and no run.
  f.upload_bands(200);
  s.config.batch_size = kMaxBatch + 1;
  imgui.frame(f.app);
  const Status core = validate_config(s.config);
  REQUIRE_FALSE(core.ok());
  imgui.click(f.app, "start");  // disabled: nothing happens
  CHECK(f.app.training().session().phase() == RunPhase::Idle);
  CHECK_FALSE(f.app.training().start().ok());
  CHECK(f.app.last_error() == "Cannot start training: " + core.error());
  CHECK(f.app.training().session().phase() == RunPhase::Idle);

  // A network the CLI can make, started from the panel: make_network(config), trained.
  s.config = TrainingConfig{};
  s.config.architecture =
      Architecture{{784, 64, 32, 10}, Activation::Relu, Loss::SoftmaxCrossEntropy, true};
  s.config.init = Init::He;
  s.config.optimizer = Optimizer::Adam;
  s.config.learning_rate = 0.003f;
  s.config.batch_size = 16;
  s.config.epochs = 2;
  s.config.shuffle = true;
  imgui.click(f.app, "start");
  REQUIRE_MESSAGE(f.app.training().session().phase() != RunPhase::Idle, f.app.last_error());
  CHECK(f.app.model()->network.architecture() == s.config.architecture);
  CHECK(f.app.training().session().config() == s.config);
  while (f.app.training().session().active()) imgui.frame(f.app);
  CHECK(f.app.training().session().phase() == RunPhase::Finished);
  CHECK(f.app.training().session().test_accuracy() > 0.5);  // it learned the bands
  CHECK(f.app.last_error().empty());
}

// ---- The desktop's Save: never over a dataset or another file without asking ----

// A loaded model shows the config that made it, so "fresh" trains that again and a continued run
// goes on as it was trained (an Adam model with Adam's rate, not the panel's last book settings).
TEST_CASE("a loaded model's settings become the panel's") {
  Fixture f;
  TrainingConfig adam = *preset_config("modern");
  adam.architecture.sizes = {784, 24, 10};
  adam.epochs = 3;
  Model model{make_network(adam), adam, {}};
  const std::vector<uint8_t> bytes = save_model(model);
  REQUIRE(f.app.load_model_bytes(bytes.data(), bytes.size()).ok());
  CHECK(f.app.training().settings().config == adam);

  // One deeper than a new run may be keeps the settings as they were.
  TrainingConfig deep = adam;
  deep.architecture.sizes = {784, 8, 8, 8, 8, 8, 10};
  Model deep_model{make_network(deep), deep, {}};
  const std::vector<uint8_t> deep_bytes = save_model(deep_model);
  REQUIRE(f.app.load_model_bytes(deep_bytes.data(), deep_bytes.size()).ok());
  CHECK(f.app.training().settings().config == adam);
}

TEST_CASE("saving over a CSV dataset asks first and writes nothing until confirmed") {
  Fixture f;
  TempDir dir;
  const std::string csv = dir / "train.csv";
  const std::vector<uint8_t> original = training_test::bytes_of(training_test::csv_of(bands(50)));
  put_file(csv, original);
  TrainingPanel& panel = f.app.training();
  // The reported case: load train.csv, train, press Save with the same path.
  REQUIRE(panel.load_from_path(csv).ok());
  REQUIRE(panel.start().ok());
  f.train_to_end();

  CHECK(panel.save_to_path(csv) == SaveOutcome::Asking);
  CHECK(panel.save_question() ==
        "'" + csv + "' is not a digitlab model (it looks like a CSV dataset). Overwrite it?");
  CHECK(bytes_of_file(csv) == original);
  panel.cancel_save();
  CHECK(panel.save_question().empty());
  CHECK(bytes_of_file(csv) == original);   // byte for byte
  CHECK_FALSE(panel.confirm_save().ok());  // nothing left to confirm
  CHECK(bytes_of_file(csv) == original);

  // An IDX file and a gzip'd one are named for what they are; an explicit yes overwrites.
  const std::string idx = dir / "train-images.idx.gz";
  put_file(idx, training_test::gzip_stored(write_idx_images(bands(5))));
  CHECK(panel.save_to_path(idx) == SaveOutcome::Asking);
  CHECK(panel.save_question().find("(it looks like a gzip-compressed IDX images file)") !=
        std::string::npos);
  REQUIRE(panel.confirm_save().ok());
  CHECK(panel.save_question().empty());
  CHECK(bytes_of_file(idx) == save_model(*f.app.model()));
}

TEST_CASE("replacing a model file asks calmly; the panel's own last save does not ask again") {
  Fixture f;
  TempDir dir;
  const std::string path = dir / "mine.dlm";
  const std::vector<uint8_t> other = model_bytes({784, 8, 10}, 3);
  put_file(path, other);
  TrainingPanel& panel = f.app.training();
  CHECK(panel.save_to_path(path) == SaveOutcome::Asking);
  CHECK(panel.save_question() ==
        "'" + path +
            "' already holds a digitlab model (784-8-10). Replace it with the current one?");
  CHECK(bytes_of_file(path) == other);
  REQUIRE(panel.confirm_save().ok());
  CHECK(bytes_of_file(path) == save_model(*f.app.model()));

  // Saved here a moment ago: Save again updates it, as a document's Save does.
  f.upload_bands(100);
  REQUIRE(panel.start().ok());
  f.train_to_end();
  CHECK(panel.save_to_path(path) == SaveOutcome::Saved);
  CHECK(bytes_of_file(path) == save_model(*f.app.model()));
  // Another panel (the next session) did not save it: it asks.
  Fixture next;
  CHECK(next.app.training().save_to_path(path) == SaveOutcome::Asking);
  // A folder is refused outright.
  CHECK(panel.save_to_path(dir.path.string()) == SaveOutcome::Failed);
  CHECK(f.app.last_error().find("is a folder") != std::string::npos);
}

#ifndef __EMSCRIPTEN__
// A FIFO typed into the Save field is refused from its status, before any open: opening it for
// reading blocks until a writer comes, which froze the UI. The check runs on another thread so
// that the old behaviour fails this test instead of hanging it: if it has not answered within
// 5 s, the test fails and opens the FIFO's write end (non-blocking, which succeeds once a reader
// waits), so the blocked read sees end-of-file and the thread finishes.
TEST_CASE("a FIFO as the Save target is refused without opening it") {
  TempDir dir;
  const std::string fifo = dir / "pipe.dlm";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  std::future<Result<SaveTarget>> checked =
      std::async(std::launch::async, [&fifo] { return check_save_target(fifo); });
  if (checked.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    FAIL_CHECK("check_save_target blocked on the FIFO");
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
  }
  const Result<SaveTarget> target = checked.get();
  REQUIRE_FALSE(target.ok());
  CHECK(target.error() ==
        "'" + fifo + "' is not a regular file; digitlab writes only regular files");

  Fixture f;
  CHECK(f.app.training().save_to_path(fifo) == SaveOutcome::Failed);
  CHECK(f.app.last_error().find("is not a regular file") != std::string::npos);
  struct stat st {};
  REQUIRE(::stat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
}

// A symbolic link to a file not made yet: nothing to ask about (the save creates the file it
// names and keeps the link), where the old check refused it as a file that does not exist.
TEST_CASE("Save through a link to a file not made yet creates that file") {
  TempDir dir;
  std::filesystem::create_symlink("made.dlm", dir / "link.dlm");
  Fixture f;
  CHECK(f.app.training().save_to_path(dir / "link.dlm") == SaveOutcome::Saved);
  CHECK(std::filesystem::is_symlink(dir / "link.dlm"));
  CHECK(bytes_of_file(dir / "made.dlm") == save_model(*f.app.model()));
}

// A huge file typed into the Save field (here 3 GB, sparse: no disk used) is looked at, not read
// whole: the old check read all of it, which ends the app with bad_alloc and loses the model.
TEST_CASE("a huge Save target asks its question from a bounded look") {
  TempDir dir;
  const std::string big = dir / "huge.bin";
  const int fd = ::open(big.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(fd >= 0);
  const bool sized = ::ftruncate(fd, off_t(3) << 30) == 0;
  ::close(fd);
  REQUIRE(sized);
  Result<SaveTarget> target = Error{"not checked"};
  size_t largest = 0;
  {
    const AllocationProbe probe;
    target = check_save_target(big);
    largest = probe.largest();
  }
  REQUIRE_MESSAGE(target.ok(), target.error());
  CHECK(target->exists);
  CHECK_FALSE(target->holds_model);
  CHECK(target->question ==
        "'" + big + "' is not a digitlab model (it looks like an IDX file). Overwrite it?");
  CHECK(largest <= (size_t(16) << 20) + (size_t(64) << 10));

  // Starting like a model but longer than any model file: damaged, without reading it whole.
  {
    const int out = ::open(big.c_str(), O_WRONLY);
    REQUIRE(out >= 0);
    const bool wrote = ::write(out, "DLMD", 4) == 4;
    ::close(out);
    REQUIRE(wrote);
  }
  {
    const AllocationProbe probe;
    target = check_save_target(big);
    largest = probe.largest();
  }
  REQUIRE_MESSAGE(target.ok(), target.error());
  CHECK_FALSE(target->holds_model);
  CHECK(target->question.find("is a damaged digitlab model (longer than any model file)") !=
        std::string::npos);
  CHECK(largest <= kMaxModelFileBytes + (size_t(64) << 10));
}
#endif

TEST_CASE("the default save name is a model file that does not exist yet") {
  TempDir dir;
  CHECK(free_model_path(dir.path.string()) == dir / "digitlab-model.dlm");
  put_file(dir / "digitlab-model.dlm", {1});
  CHECK(free_model_path(dir.path.string()) == dir / "digitlab-model-2.dlm");
  put_file(dir / "digitlab-model-2.dlm", {1});
  CHECK(free_model_path(dir.path.string()) == dir / "digitlab-model-3.dlm");

  Fixture f;
  PlatformFiles files;
  files.paths = true;
  f.app.training().set_platform(files);
  const std::string name = f.app.training().save_path();
  CHECK(name == free_model_path());
  CHECK(name.find("digitlab-model") == 0);
  CHECK_FALSE(file_exists(name));
  CHECK(f.app.training().open_path().empty());
}

TEST_CASE("the desktop's Open and Save fields are separate, and Save's question is a modal") {
  HeadlessImGui imgui;
  Fixture f;
  imgui.ready(f.app);
  TempDir dir;
  const std::string csv = dir / "train.csv";
  const std::vector<uint8_t> original = training_test::bytes_of(training_test::csv_of(bands(50)));
  put_file(csv, original);
  TrainingPanel& panel = f.app.training();
  PlatformFiles files;
  files.paths = true;
  panel.set_platform(files);
  panel.set_save_path(dir / "model.dlm");

  panel.set_open_path(csv);
  imgui.frame(f.app);
  imgui.click(f.app, "path-load");
  CHECK(panel.session().data().source == "train.csv");
  CHECK(panel.save_path() == dir / "model.dlm");  // opening does not touch the save field
  imgui.click(f.app, "path-save");
  CHECK(file_exists(dir / "model.dlm"));
  CHECK(bytes_of_file(csv) == original);

  // Saving over the CSV: a modal asks; Cancel leaves the file as it was.
  panel.set_save_path(csv);
  imgui.click(f.app, "path-save");
  CHECK_FALSE(panel.save_question().empty());
  CHECK(f.app.training().button_rects().count("save-overwrite") == 1);
  imgui.click(f.app, "save-cancel");
  CHECK(panel.save_question().empty());
  CHECK(f.app.training().button_rects().count("save-overwrite") == 0);
  CHECK(bytes_of_file(csv) == original);
  // Asked again, Overwrite writes the model.
  imgui.click(f.app, "path-save");
  imgui.click(f.app, "save-overwrite");
  CHECK(bytes_of_file(csv) == save_model(*f.app.model()));
  CHECK(panel.open_path() == csv);
}

TEST_CASE("back to pre-trained says so when the pre-trained network is already loaded") {
  Fixture f;
  TrainingPanel& panel = f.app.training();
  CHECK(panel.pretrained_loaded());
  CHECK(panel.back_to_pretrained().ok());
  CHECK(panel.notice() == "The pre-trained network is already loaded.");
  CHECK(f.forgotten == 0);

  const auto other = model_bytes({784, 8, 10}, 2);
  panel.receive_files({{"other.dlm", other}});
  CHECK_FALSE(panel.pretrained_loaded());
  CHECK(panel.back_to_pretrained().ok());
  CHECK(panel.pretrained_loaded());
  CHECK(f.forgotten == 1);
  CHECK(panel.notice().find("the kept model was forgotten") != std::string::npos);
}

namespace {

bool same_place(const ButtonRect& a, const ButtonRect& b) {
  return a.x == b.x && a.y == b.y;
}

}  // namespace

TEST_CASE("nothing moves: messages, data arriving, a run starting and ending keep the buttons") {
  HeadlessImGui imgui;
  Fixture f;
  imgui.ready(f.app);
  f.app.training().set_platform({[] {}, [] {}, nullptr, nullptr, nullptr, true});
  const auto rects = [&f] { return f.app.training().button_rects(); };
  imgui.frame(f.app);
  imgui.frame(f.app);
  const auto before = rects();
  const char* watched[] = {"preset-book-100", "start", "reset", "path-load"};
  const auto check_in_place = [&](const char* when) {
    for (const char* name : watched) {
      const std::string key = std::string(name) == "start" && rects().count("pause")    ? "pause"
                              : std::string(name) == "start" && rects().count("resume") ? "resume"
                                                                                        : name;
      INFO(std::string(when) << ": " << key);
      REQUIRE(before.count(name) == 1);
      REQUIRE(rects().count(key) == 1);
      CHECK(same_place(rects().at(key), before.at(name)));
    }
  };

  f.app.show_error("Upload refused: 'x' is not a digitlab model (.dlm), an IDX file or a CSV file");
  imgui.frame(f.app);
  check_in_place("an error shown");

  const Dataset d = bands(300);
  f.app.training().queue_files({{"i", write_idx_images(d)}, {"l", write_idx_labels(d)}});
  imgui.frame(f.app);  // "reading..." in place of the data buttons
  check_in_place("files being read");
  CHECK(f.app.training().button_rects().count("mnist") == 0);
  imgui.frame(f.app);
  REQUIRE(f.app.training().session().has_data());
  imgui.frame(f.app);
  check_in_place("data loaded");

  f.app.training().receive_files({{"imgs", write_idx_images(bands(30))}});  // a half pair
  imgui.frame(f.app);
  check_in_place("a half pair waiting, its notice shown");

  REQUIRE(f.app.training().start().ok());
  imgui.frame(f.app);
  check_in_place("a run started");
  f.app.training().pause();
  imgui.frame(f.app);
  check_in_place("paused");
  f.app.training().resume();
  for (int i = 0; i < 100000 && f.app.training().session().active(); ++i) imgui.frame(f.app);
  imgui.frame(f.app);
  check_in_place("the run finished, curves and results shown");
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
  s.config.architecture.sizes = {784, 100, 10};
  s.config.learning_rate = 50.0f;
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
  TestModelHost host;
  host.adopt(Model{Network({784, 8, 10}, 1), {}, {}});
  host.current->network.weights()[3] = std::nanf("");
  const std::string& error = host.message;
  TrainingPanel panel(host);
  int downloads = 0;
  PlatformFiles files;
  files.download = [&](const std::string&, const std::vector<uint8_t>&) { ++downloads; };
  panel.set_platform(files);
  const std::string path = "digitlab_panel_nan_test.dlm";
  std::remove(path.c_str());
  CHECK(panel.save_to_path(path) == SaveOutcome::Failed);
  CHECK(error.find("Cannot save the model") != std::string::npos);
  CHECK(error.find("weight 3 is not a finite number") != std::string::npos);
  CHECK(std::fopen(path.c_str(), "rb") == nullptr);  // nothing written
  host.report("");
  panel.download_model();
  CHECK(downloads == 0);
  CHECK(error.find("Cannot download the model") != std::string::npos);
  // Kept: pause() keeps the current model, as a run's pause does; the check refuses it first.
  int keeps = 0;
  files.keep_model = [&keeps](const std::vector<uint8_t>&) {
    ++keeps;
    return Status::success();
  };
  panel.set_platform(files);
  host.report("");
  panel.pause();
  CHECK(keeps == 0);
  CHECK(error.find("Not kept") != std::string::npos);
  CHECK_FALSE(panel.model_is_kept());
}
