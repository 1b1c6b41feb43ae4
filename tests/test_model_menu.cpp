// The bundled models' menu (src/app/model_menu.h) inside the App: choosing by name loads
// through the training panel, refused during a run, asking before a model of the user's is
// replaced, the page's late answers; a real click on the menu, headless; and the shells' start
// from an assets folder (src/platform/assets.cpp), with ?model= / --model's choice.
#include <doctest/doctest.h>
#include <imgui.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "app.h"
#include "assets.h"
#include "data/formats.h"
#include "data/model_manifest.h"
#include "headless_app.h"
#include "model_host_fixture.h"
#include "page_state.h"
#include "temp_dir.h"
#include "training_fixtures.h"

using namespace digitlab;
using training_test::bands;
using training_test::model_bytes;

namespace {

// Two little bundled models, told apart by their hidden layer's size.
struct MenuFixture {
  App app;
  std::map<std::string, std::vector<uint8_t>> files = {
      {"pretrained.dlm", model_bytes({784, 20, 10}, 11)},
      {"strong.dlm", model_bytes({784, 30, 10}, 12)}};
  std::vector<std::string> asked;  // the files fetch was asked for, in order
  bool answer_at_once = true;      // the desktop; false: the page, answering later
  int kept = 0, forgotten = 0;     // the platform's keep_model and forget_model calls

  MenuFixture() {
    PlatformFiles platform;
    platform.keep_model = [this](const std::vector<uint8_t>&) {
      ++kept;
      return Status::success();
    };
    platform.forget_model = [this] {
      ++forgotten;
      return Status::success();
    };
    app.training().set_platform(platform);
    const std::vector<uint8_t>& book = files["pretrained.dlm"];
    REQUIRE(app.load_model_bytes(book.data(), book.size()).ok());
    app.training().set_pretrained(book);
    app.model_menu().set_models({{"book", "pretrained.dlm", 0.9751, "the book's network"},
                                 {"strong", "strong.dlm", 0.9862, "a wider one for drawings"}},
                                [this](const BundledModel& m) {
                                  asked.push_back(m.file);
                                  if (answer_at_once) answer(m.name);
                                });
    app.model_menu().know("book", book.data(), book.size());
  }
  void answer(const std::string& name) {
    const std::string file = find_bundled_model(app.model_menu().models(), name)->file;
    app.model_menu().receive(name, files[file]);
  }
  int hidden() const { return app.model()->network.sizes()[1]; }
};

}  // namespace

TEST_CASE("model menu: the default is known; choosing a bundled model loads it by its file") {
  MenuFixture f;
  CHECK(f.app.model_menu().current_name() == "book");
  CHECK(f.app.model_menu().choose("strong") == ModelChoice::Loaded);
  CHECK(f.asked == std::vector<std::string>{"strong.dlm"});
  CHECK(f.hidden() == 30);
  CHECK(f.app.model_menu().current_name() == "strong");
  CHECK(f.app.last_error().empty());
  CHECK(f.app.training().notice().find("'strong'") != std::string::npos);
  CHECK(f.app.training().notice().find("98.62%") != std::string::npos);
  // Not kept: the kept model is the user's own, so the one kept before is forgotten.
  CHECK(f.kept == 0);
  CHECK(f.forgotten == 1);
  CHECK_FALSE(f.app.training().model_is_kept());
  // Back again, and a choice of the model in use reads no file.
  CHECK(f.app.model_menu().choose("book") == ModelChoice::Loaded);
  CHECK(f.hidden() == 20);
  CHECK(f.app.model_menu().choose("book") == ModelChoice::Loaded);
  CHECK(f.asked.size() == 2);
  CHECK(f.app.training().notice().find("already loaded") != std::string::npos);
}

TEST_CASE("model menu: an unknown name is a message and the model stays") {
  MenuFixture f;
  CHECK(f.app.model_menu().choose_at_start("nope") == ModelChoice::Refused);
  CHECK(f.app.last_error().find("no bundled model 'nope' (one of: book, strong)") !=
        std::string::npos);
  CHECK(f.app.last_error().find("This is the default, 'book'.") != std::string::npos);
  CHECK(f.hidden() == 20);
  CHECK(f.asked.empty());
  // No choice at start: nothing happens, nothing said.
  MenuFixture g;
  CHECK(g.app.model_menu().choose_at_start("") == ModelChoice::Loaded);
  CHECK(g.app.last_error().empty());
  // ?model=book, the default: nothing read, nothing said.
  CHECK(g.app.model_menu().choose_at_start("book") == ModelChoice::Loaded);
  CHECK(g.app.training().notice().empty());
  CHECK(g.asked.empty());
}

TEST_CASE("model menu: refused while a run trains the model, and a file arriving then is dropped") {
  MenuFixture f;
  f.answer_at_once = false;
  CHECK(f.app.model_menu().choose("strong") == ModelChoice::Fetching);
  CHECK(f.app.model_menu().fetching() == "strong");
  const Dataset d = bands(50);
  f.app.training().receive_files({{"i", write_idx_images(d)}, {"l", write_idx_labels(d)}});
  REQUIRE(f.app.training().start().ok());
  f.answer("strong");  // the page's fetch lands mid-run
  CHECK(f.app.last_error().find("arrived during training") != std::string::npos);
  CHECK(f.hidden() != 30);
  CHECK(f.app.model_menu().current_name().empty());  // a run changes the weights
  CHECK(f.app.model_menu().choose("strong") == ModelChoice::Refused);
  CHECK(f.app.last_error().find("stop the run first") != std::string::npos);
  CHECK(f.asked.size() == 1);
}

TEST_CASE("model menu: asks before replacing a model that is none of the bundled ones") {
  MenuFixture f;
  const std::vector<uint8_t> mine = model_bytes({784, 40, 10}, 99);
  f.app.training().receive_files({{"mine.dlm", mine}});
  REQUIRE(f.hidden() == 40);
  CHECK(f.app.model_menu().current_name().empty());
  CHECK(f.app.model_menu().choose("strong") == ModelChoice::Asking);
  CHECK(f.app.model_menu().question().find("784-40-10") != std::string::npos);
  CHECK(f.asked.empty());
  CHECK(f.hidden() == 40);
  f.app.model_menu().cancel();
  CHECK(f.app.model_menu().question().empty());
  CHECK(f.hidden() == 40);
  CHECK(f.kept == 1);  // an upload is kept, as before
  // An unknown name at start-up with a model of the user's in use: not called the default.
  CHECK(f.app.model_menu().choose_at_start("nope") == ModelChoice::Refused);
  CHECK(f.app.last_error().find("The model in use stays.") != std::string::npos);
  // The same at start-up (a kept model, then ?model=strong): asked, not replaced.
  CHECK(f.app.model_menu().choose_at_start("strong") == ModelChoice::Asking);
  CHECK(f.app.model_menu().confirm() == ModelChoice::Loaded);
  CHECK(f.hidden() == 30);
  CHECK(f.app.model_menu().current_name() == "strong");
}

TEST_CASE("model menu: a model that came in while the question was up is asked about again") {
  MenuFixture f;
  f.app.training().receive_files({{"mine.dlm", model_bytes({784, 40, 10}, 99)}});
  REQUIRE(f.app.model_menu().choose("strong") == ModelChoice::Asking);
  // Another model of the user's is dropped on the page before they answer.
  f.app.training().receive_files({{"other.dlm", model_bytes({784, 50, 10}, 98)}});
  REQUIRE(f.hidden() == 50);
  CHECK(f.app.model_menu().confirm() == ModelChoice::Asking);
  CHECK(f.app.model_menu().question().find("784-50-10") != std::string::npos);
  CHECK(f.hidden() == 50);
  CHECK(f.app.model_menu().confirm() == ModelChoice::Loaded);
  CHECK(f.hidden() == 30);
}

TEST_CASE("model menu: the page's answers - late, failed, for an older choice, damaged") {
  MenuFixture f;
  f.answer_at_once = false;
  REQUIRE(f.app.model_menu().choose("strong") == ModelChoice::Fetching);
  CHECK(f.hidden() == 20);  // the default until the file arrives
  f.app.model_menu().receive("book", f.files["pretrained.dlm"]);  // not the one on its way
  CHECK(f.app.model_menu().fetching() == "strong");
  f.app.model_menu().fetch_failed("strong", "models/strong.dlm: HTTP 404");
  CHECK(f.app.last_error() ==
        "Could not load the bundled model 'strong': models/strong.dlm: HTTP 404");
  CHECK(f.app.model_menu().fetching().empty());
  CHECK(f.hidden() == 20);
  f.answer("strong");  // too late: no longer asked for
  CHECK(f.hidden() == 20);

  REQUIRE(f.app.model_menu().choose("strong") == ModelChoice::Fetching);
  // A model uploaded while the file was on its way stays: it was not asked about.
  const std::vector<uint8_t> mine = model_bytes({784, 40, 10}, 99);
  f.app.training().receive_files({{"mine.dlm", mine}});
  f.answer("strong");
  CHECK(f.hidden() == 40);
  CHECK(f.app.last_error().find("arrived after the model in use changed") != std::string::npos);
  REQUIRE(f.app.model_menu().choose("strong", false) == ModelChoice::Fetching);
  f.answer("strong");
  CHECK(f.hidden() == 30);

  REQUIRE(f.app.model_menu().choose("book") == ModelChoice::Fetching);
  f.answer("book");
  REQUIRE(f.hidden() == 20);
  REQUIRE(f.app.model_menu().choose("strong") == ModelChoice::Fetching);
  f.app.model_menu().receive("strong", {1, 2, 3});
  CHECK_FALSE(f.app.last_error().empty());  // the panel's refusal of a damaged file
  CHECK(f.hidden() == 20);
  CHECK(f.app.model_menu().current_name() == "book");
}

TEST_CASE("model menu: a real click opens it and chooses; state() names the model") {
  headless_test::HeadlessImGui imgui;
  MenuFixture f;
  f.app.set_ui_scale(1.0f);
  headless_test::HeadlessImGui::build_fonts();
  headless_test::run_frames(f.app, 2);
  CHECK(headless_test::item_rect(f.app, "model:strong") == nullptr);  // closed
  headless_test::click_item(f.app, "models");
  REQUIRE(headless_test::item_rect(f.app, "model:strong") != nullptr);
  headless_test::click_item(f.app, "model:strong");
  CHECK(f.hidden() == 30);
  headless_test::run_frames(f.app, 2);
  CHECK(headless_test::item_rect(f.app, "model:strong") == nullptr);  // closed again
  const std::string state = page_state_json(f.app, ShellFacts{});
  CHECK(state.find("\"bundledModel\":\"strong\"") != std::string::npos);
  CHECK(state.find("\"bundledModels\":[\"book\",\"strong\"]") != std::string::npos);

  // A model of the user's: the click asks, and Replace answers.
  const std::vector<uint8_t> mine = model_bytes({784, 40, 10}, 99);
  f.app.training().receive_files({{"mine.dlm", mine}});
  headless_test::run_frames(f.app, 1);
  CHECK(page_state_json(f.app, ShellFacts{}).find("\"bundledModel\":null") != std::string::npos);
  headless_test::click_item(f.app, "models");
  headless_test::click_item(f.app, "model:book");
  CHECK(f.hidden() == 40);
  REQUIRE_FALSE(f.app.model_menu().question().empty());
  headless_test::click_item(f.app, "model-replace");
  CHECK(f.hidden() == 20);
  CHECK(f.app.model_menu().question().empty());
}

TEST_CASE("the shells' model menu from an assets folder, with the start-up choice") {
  test_files::TempDir dir;
  const std::vector<uint8_t> book = model_bytes({784, 20, 10}, 11);
  test_files::put_file(dir / "pretrained.dlm", book);
  test_files::put_file(dir / "strong.dlm", model_bytes({784, 30, 10}, 12));
  const auto put_manifest = [&dir](const std::string& text) {
    test_files::put_file(dir / kModelManifestFile, std::vector<uint8_t>(text.begin(), text.end()));
  };
  put_manifest(format_model_manifest(
      {{"book", "pretrained.dlm", 0.97, "the book's"}, {"strong", "strong.dlm", 0.98, "wide"}}));
  // What the desktop does (native_main.cpp): the default loaded, then the chosen file read from
  // the folder.
  const auto start = [&](App& app, const std::string& choice) {
    REQUIRE(app.load_model_bytes(book.data(), book.size()).ok());
    return install_model_menu(
        app, dir.path.string(),
        [&app, &dir](const BundledModel& m) {
          Result<std::vector<uint8_t>> bytes = read_file(dir / m.file);
          REQUIRE(bytes);
          app.model_menu().receive(m.name, std::move(*bytes));
        },
        choice);
  };
  {
    App app;
    CHECK(start(app, "").empty());
    CHECK(app.model_menu().current_name() == "book");  // the default, known from its file
    CHECK(app.model_menu().models().size() == 2);
  }
  {
    App app;
    CHECK(start(app, "strong").empty());
    CHECK(app.model_menu().current_name() == "strong");
    CHECK(app.model()->network.sizes()[1] == 30);
  }
  {
    App app;
    CHECK(start(app, "Strong").empty());
    CHECK(app.last_error().find("no bundled model 'Strong'") != std::string::npos);
    CHECK(app.model_menu().current_name() == "book");
  }
  {
    put_manifest("book\tpretrained.dlm\tninety\tthe book's\n");
    App app;
    CHECK_FALSE(start(app, "").empty());
    CHECK(app.last_error().find("Cannot offer the bundled models") != std::string::npos);
    CHECK(app.model_menu().models().empty());
  }
  {
    std::remove((dir / kModelManifestFile).c_str());
    App app;
    CHECK_FALSE(start(app, "").empty());  // an older assets folder: no menu, no error shown
    CHECK(app.last_error().empty());
    CHECK(app.model_menu().models().empty());
  }
}

TEST_CASE("model menu: a change in place (a Step applied) makes the model the user's") {
  // Without an App: a host whose model the test can change, as the Inside Step tab does.
  training_test::TestModelHost host;
  TrainingPanel panel(host);
  ModelMenu menu(host, panel);
  const std::vector<uint8_t> book = model_bytes({784, 20, 10}, 11);
  REQUIRE(load_digit_model(book.data(), book.size()));
  host.adopt(*load_digit_model(book.data(), book.size()));
  menu.set_models({{"book", "pretrained.dlm", 0.97, "the book's"}}, nullptr);
  menu.know("book", book.data(), book.size());
  CHECK(menu.current_name() == "book");
  CHECK(menu.current_name() == "book");  // the same answer, from the kept one
  // One weight moves, in any layer (a Step applied moves many): the menu sees it at once, and
  // the book's file loaded again is the book model again.
  for (size_t i : {size_t(0), size_t(784 * 20 + 3), size_t(784 * 20 + 7 * 10 + 1)}) {
    CAPTURE(i);
    host.model()->network.weights()[i] += 1e-6f;
    CHECK(menu.current_name().empty());
    CHECK(menu.current_name().empty());
    host.adopt(*load_digit_model(book.data(), book.size()));
    CHECK(menu.current_name() == "book");
  }
  // A model of another shape, and back to the book's bytes in a new buffer.
  host.adopt(*load_digit_model(model_bytes({784, 30, 10}, 12).data(),
                               model_bytes({784, 30, 10}, 12).size()));
  CHECK(menu.current_name().empty());
  host.adopt(*load_digit_model(book.data(), book.size()));
  CHECK(menu.current_name() == "book");
}
