// The desktop keeps the last model in the user's data folder across restarts (as the page does
// in IndexedDB): where that folder is, keeping, restoring, and "back to pre-trained".
#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "app.h"
#include "data/formats.h"
#include "desktop_kept_model.h"
#include "temp_dir.h"
#include "training_fixtures.h"

using namespace digitlab;
using test_files::bytes_of_file;
using test_files::file_exists;
using test_files::put_file;
using test_files::TempDir;
using training_test::model_bytes;

namespace {

// Sets an environment variable for the test's length, then puts the old value back.
struct ScopedEnv {
  std::string name;
  std::optional<std::string> old;
  ScopedEnv(std::string n, const char* value) : name(std::move(n)) {
    if (const char* v = std::getenv(name.c_str())) old = v;
    if (value)
      setenv(name.c_str(), value, 1);
    else
      unsetenv(name.c_str());
  }
  ~ScopedEnv() {
    if (old)
      setenv(name.c_str(), old->c_str(), 1);
    else
      unsetenv(name.c_str());
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
};

// One start of the desktop app, as desktop_files.cpp wires it: the pre-trained model loaded,
// the kept-model hooks for data_dir, then whatever was kept restored.
struct DesktopStart {
  App app;
  std::vector<uint8_t> pretrained = model_bytes({784, 20, 10}, 11);
  explicit DesktopStart(const std::string& data_dir) {
    REQUIRE(app.load_model_bytes(pretrained.data(), pretrained.size()).ok());
    PlatformFiles files;
    files.paths = true;
    add_kept_model(files, data_dir);
    app.training().set_platform(files);
    app.training().set_pretrained(pretrained);
    restore_kept_model_file(app.training(), data_dir);
  }
};

}  // namespace

TEST_CASE("the data folder comes from XDG_DATA_HOME, else HOME") {
  ScopedEnv xdg("XDG_DATA_HOME", "/tmp/xdg-data");
  ScopedEnv home("HOME", "/home/someone");
  CHECK(desktop_data_dir() == "/tmp/xdg-data/digitlab");
  {
    ScopedEnv relative("XDG_DATA_HOME", "relative/path");  // ignored, as the spec says
    CHECK(desktop_data_dir() == "/home/someone/.local/share/digitlab");
  }
  {
    ScopedEnv none("XDG_DATA_HOME", nullptr);
    CHECK(desktop_data_dir() == "/home/someone/.local/share/digitlab");
    ScopedEnv no_home("HOME", nullptr);
    CHECK(desktop_data_dir().empty());
  }
  CHECK(kept_model_path("/d") == "/d/last-model.dlm");
}

TEST_CASE("a loaded model survives a restart; back to pre-trained forgets the file") {
  TempDir tmp;
  ScopedEnv xdg("XDG_DATA_HOME", tmp.path.c_str());
  const std::string dir = desktop_data_dir();
  const std::string file = kept_model_path(dir);
  const std::vector<uint8_t> mine = model_bytes({784, 8, 10}, 5);
  {
    DesktopStart first(dir);
    CHECK_FALSE(file_exists(file));  // nothing kept: the pre-trained network, nothing written
    CHECK(first.app.training().pretrained_loaded());
    first.app.training().receive_files({{"mine.dlm", mine}});
    REQUIRE(first.app.last_error().empty());
    CHECK(bytes_of_file(file) == mine);  // the folder was made for it
    CHECK(first.app.training().model_is_kept());
  }
  {
    DesktopStart second(dir);
    CHECK(save_model(*second.app.model()) == mine);
    CHECK(second.app.training().model_is_kept());
    CHECK(second.app.training().notice().find("last-model.dlm") != std::string::npos);
    CHECK_FALSE(second.app.training().pretrained_loaded());
    REQUIRE(second.app.training().back_to_pretrained().ok());
    CHECK_FALSE(file_exists(file));
    CHECK(save_model(*second.app.model()) == second.pretrained);
  }
  DesktopStart third(dir);
  CHECK(save_model(*third.app.model()) == third.pretrained);
  CHECK(third.app.training().pretrained_loaded());
}

TEST_CASE("a trained model is kept at the run's end and restored") {
  TempDir tmp;
  const std::string dir = tmp / "data";
  std::vector<uint8_t> trained;
  {
    DesktopStart first(dir);
    const Dataset d = training_test::bands(100);
    first.app.training().receive_files({{"i", write_idx_images(d)}, {"l", write_idx_labels(d)}});
    TrainSettings& s = first.app.training().settings();
    s.config.architecture.sizes = {784, 12, 10};
    s.config.epochs = 1;
    REQUIRE(first.app.training().start().ok());
    for (int i = 0; i < 100000 && first.app.training().session().active(); ++i)
      first.app.training().update();
    trained = save_model(*first.app.model());
    CHECK(bytes_of_file(kept_model_path(dir)) == trained);
  }
  DesktopStart second(dir);
  CHECK(save_model(*second.app.model()) == trained);
}

TEST_CASE("a damaged or wrong-shape kept file: the pre-trained network, the file left alone") {
  TempDir tmp;
  const std::string dir = tmp / "data";
  std::filesystem::create_directories(dir);
  const std::string file = kept_model_path(dir);
  const std::vector<uint8_t> damaged = training_test::bytes_of("DLMD and then nonsense");
  const std::vector<uint8_t> wrong_shape = model_bytes({100, 8, 3}, 1);
  for (const std::vector<uint8_t>& bytes : {damaged, wrong_shape}) {
    put_file(file, bytes);
    DesktopStart start(dir);
    CHECK(save_model(*start.app.model()) == start.pretrained);
    CHECK_FALSE(start.app.training().model_is_kept());
    CHECK(start.app.training().notice().find("could not be used") != std::string::npos);
    CHECK(start.app.training().notice().find("last-model.dlm") != std::string::npos);
    CHECK(bytes_of_file(file) == bytes);
  }
}

TEST_CASE("a data folder that cannot be made: the model stays, the error line says why") {
  TempDir tmp;
  const std::string not_a_folder = tmp / "file";
  put_file(not_a_folder, {1, 2, 3});
  DesktopStart start(not_a_folder);
  start.app.training().receive_files({{"mine.dlm", model_bytes({784, 8, 10}, 5)}});
  CHECK(start.app.model()->network.sizes() == std::vector<int>{784, 8, 10});
  CHECK(start.app.last_error().find("Could not keep the model") != std::string::npos);
  CHECK_FALSE(start.app.training().model_is_kept());
  CHECK(bytes_of_file(not_a_folder) == std::vector<uint8_t>{1, 2, 3});
}
