// My digits in the app, run headless: adding the drawing by a digit key and by the button under
// the pad (the pixels the network classifies), removing by the gallery's x, the model's accuracy
// on them, mixing them into a run and testing on them, and the desktop's file across restarts.
#include <doctest/doctest.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "app.h"
#include "data/formats.h"
#include "desktop_my_digits.h"
#include "headless_app.h"
#include "model_host_fixture.h"
#include "network/evaluate.h"
#include "temp_dir.h"
#include "training_fixtures.h"

using namespace digitlab;
using test_files::bytes_of_file;
using test_files::file_exists;
using test_files::put_file;
using test_files::TempDir;
using training_test::bands;
using training_test::model_bytes;

namespace {

using Headless = headless_test::HeadlessImGui;

void frames(App& app, int n) {
  headless_test::run_frames(app, n);
}

// An app with a small model, the drawing of one band image in the pad (no label: as drawn).
void start_app(App& app, size_t digit = 3) {
  REQUIRE(app.set_ui_scale(1.0f));
  unsigned char* pixels = nullptr;  // what a renderer does with the new fonts
  int w = 0, h = 0;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  const auto model = model_bytes({784, 16, 10}, 7);
  REQUIRE(app.load_model_bytes(model.data(), model.size()).ok());
  const Dataset d = bands(10);
  app.show_image(d.image(digit), -1);
  frames(app, 2);
}

// A mouse click in the middle of a named item, as a person makes it: move, press, release.
void click(App& app, const std::string& name) {
  headless_test::click_item(app, name);
}

std::vector<uint8_t> stored_image(const App& app, size_t i) {
  const Dataset& d = app.my_digits().digits().dataset();
  return std::vector<uint8_t>(d.image(i), d.image(i) + kImagePixels);
}

}  // namespace

TEST_CASE("a digit key adds the drawing as the network sees it, with that label") {
  Headless imgui;
  App app;
  start_app(app);
  const std::vector<uint8_t> seen = app.pad().preprocessed().pixels;
  ImGui::GetIO().AddInputCharacter('7');
  frames(app, 1);
  REQUIRE(app.my_digits().size() == 1);
  CHECK(app.my_digits().digits().dataset().labels[0] == 7);
  CHECK(stored_image(app, 0) == seen);
  CHECK(app.training().notice() == "Added a 7: 1 digit.");  // the message line says so
  // Other characters add nothing; Ctrl+digit is a shortcut, not a label.
  ImGui::GetIO().AddInputCharacter('a');
  frames(app, 1);
  ImGui::GetIO().KeyCtrl = true;
  ImGui::GetIO().AddInputCharacter('2');
  frames(app, 1);
  ImGui::GetIO().KeyCtrl = false;
  CHECK(app.my_digits().size() == 1);
}

TEST_CASE("with an empty pad a digit key adds nothing and says why") {
  Headless imgui;
  App app;
  start_app(app);
  app.pad().clear();
  frames(app, 1);
  ImGui::GetIO().AddInputCharacter('4');
  frames(app, 1);
  CHECK(app.my_digits().size() == 0);
  CHECK(app.last_error().find("Draw a digit first") != std::string::npos);
}

TEST_CASE("the buttons under the pad add with their label; the tab's x removes that one") {
  Headless imgui;
  App app;
  start_app(app, 3);
  click(app, "mydigit:add:3");
  REQUIRE(app.my_digits().size() == 1);
  const Dataset other = bands(10);
  app.show_image(other.image(5), -1);
  frames(app, 1);
  click(app, "mydigit:add:5");
  REQUIRE(app.my_digits().size() == 2);
  CHECK(app.my_digits().digits().dataset().labels == std::vector<uint8_t>{3, 5});
  const std::vector<uint8_t> second = stored_image(app, 1);

  app.inside().show(InsideView::Tab::MyDigits);
  frames(app, 3);
  click(app, "mydigit:remove:0");
  REQUIRE(app.my_digits().size() == 1);
  CHECK(app.my_digits().digits().dataset().labels[0] == 5);
  CHECK(stored_image(app, 0) == second);

  // Clear all asks first: the first click only asks, "Remove all" clears.
  click(app, "mydigit:clear");
  CHECK(app.my_digits().size() == 1);
  click(app, "mydigit:clear:yes");
  CHECK(app.my_digits().size() == 0);
}

TEST_CASE("the tab's answers and accuracy are the current model's, through evaluate") {
  Headless imgui;
  App app;
  start_app(app);
  const Dataset d = bands(10);
  for (size_t i = 0; i < 6; ++i) REQUIRE(app.my_digits().add(d.image(i), d.labels[i]).ok());
  app.inside().show(InsideView::Tab::MyDigits);
  frames(app, 3);
  const Evaluation expected = evaluate(app.model()->network, app.my_digits().digits().dataset());
  const MyDigitsCheck& check = app.my_digits_view().check();
  CHECK(check.eval.total == 6);
  CHECK(check.eval.correct == expected.correct);
  REQUIRE(check.answers.size() == 6);
  // A new model: the answers follow it.
  const auto other = model_bytes({784, 30, 10}, 99);
  REQUIRE(app.load_model_bytes(other.data(), other.size()).ok());
  frames(app, 2);
  CHECK(app.my_digits_view().check().eval.correct ==
        evaluate(app.model()->network, app.my_digits().digits().dataset()).correct);
  // A removal is seen at once.
  REQUIRE(app.my_digits().remove(0).ok());
  frames(app, 1);
  CHECK(app.my_digits_view().check().answers.size() == 5);
}

TEST_CASE("mixed into training, my digits join the next run's training set") {
  TrainingSession session;
  TrainingData data;
  data.train = bands(40);
  data.test = bands(10);
  REQUIRE(session.set_data(std::move(data)).ok());
  MyDigits mine;
  const Dataset d = bands(3);
  for (size_t i = 0; i < 3; ++i) REQUIRE(mine.add(d.image(i), 9).ok());
  training_test::TestModelHost host;
  TrainSettings settings;
  settings.config.architecture.sizes = {784, 8, 10};
  settings.config.epochs = 1;

  session.set_extra_train(&mine.dataset());
  REQUIRE(session.start(host, settings).ok());
  CHECK(session.data().train.size() == 43);
  CHECK(session.data().train.labels.back() == 9);
  CHECK(session.samples_total() == 43);
  session.stop();
  session.set_extra_train(nullptr);
  REQUIRE(session.start(host, settings).ok());
  CHECK(session.data().train.size() == 40);  // the loaded images only, as loaded
  CHECK(session.data().train.pixels.size() == 40 * size_t(kImagePixels));
  session.stop();

  // As the test set: the next runs evaluate on them.
  REQUIRE(session.set_test(mine.dataset(), "my digits").ok());
  CHECK(session.data().test.size() == 3);
  REQUIRE(session.start(host, settings).ok());
  CHECK_FALSE(session.set_test(mine.dataset(), "my digits").ok());  // not during a run
}

TEST_CASE("desktop: my digits survive a restart; a damaged file is set aside, none loaded") {
  TempDir dir;
  const Dataset d = bands(10);
  {
    App app;
    install_desktop_my_digits(app, dir.path.string());
    REQUIRE(app.my_digits().add(d.image(2), 2).ok());
    REQUIRE(app.my_digits().add(d.image(8), 8).ok());
    REQUIRE(app.my_digits().remove(0).ok());
    REQUIRE(app.my_digits().export_csv().ok());
    REQUIRE(app.my_digits().export_idx().ok());
  }
  const std::string path = my_digits_path(dir.path.string());
  REQUIRE(file_exists(path));
  {
    App app;
    install_desktop_my_digits(app, dir.path.string());
    REQUIRE(app.my_digits().size() == 1);
    CHECK(app.my_digits().digits().dataset().labels[0] == 8);
    CHECK(app.last_error().empty());
  }
  // The exports load as datasets with the core's own readers.
  const auto csv = bytes_of_file(dir / kMyDigitsCsvName);
  Result<Dataset> from_csv = parse_csv(csv.data(), csv.size());
  REQUIRE(from_csv.ok());
  CHECK(from_csv->labels == std::vector<uint8_t>{8});
  const auto images = bytes_of_file(dir / kMyDigitsImagesName);
  const auto labels = bytes_of_file(dir / kMyDigitsLabelsName);
  CHECK(parse_idx(images.data(), images.size(), labels.data(), labels.size()).ok());

  std::vector<uint8_t> damaged = bytes_of_file(path);
  damaged.resize(damaged.size() - 10);
  put_file(path, damaged);
  App app;
  install_desktop_my_digits(app, dir.path.string());
  CHECK(app.my_digits().size() == 0);
  CHECK(app.last_error().find("could not be read") != std::string::npos);
  CHECK(file_exists(path + ".damaged"));
  CHECK_FALSE(file_exists(path));
  REQUIRE(app.my_digits().add(d.image(1), 1).ok());  // and it goes on working
  CHECK(file_exists(path));
}
