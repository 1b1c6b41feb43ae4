// TrainingPanel's actions: files in and out, the training controls, keeping the model.
// (The ImGui side is training_panel_draw.cpp.)
#include "training_panel.h"

#include <cassert>
#include <cstdio>
#include <utility>

#include "data/formats.h"
#include "save_guard.h"
#include "text_format.h"

namespace digitlab {
namespace {

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

TrainingPanel::TrainingPanel(ModelHost& host) : host_(host) {
  // The book's headline network, 5 epochs, one click away from the other presets.
  Result<TrainingConfig> book = preset_config("book-200");
  assert(book);
  settings_.config = *book;
}

void TrainingPanel::show_model_settings(const Model& model) {
  if (validate_config(model.config).ok()) settings_.config = model.config;
}

void TrainingPanel::refuse(const std::string& message) {
  host_.report(message);
  notice_.clear();  // a notice of an earlier event would read as the outcome of this one
}

void TrainingPanel::set_platform(PlatformFiles files) {
  platform_ = std::move(files);
  if (platform_.paths && save_path_[0] == '\0') set_save_path(free_model_path());
}

void TrainingPanel::set_pretrained(std::vector<uint8_t> bytes) {
  pretrained_ = std::move(bytes);
  pretrained_model_.reset();
  if (Result<Model> m = load_digit_model(pretrained_.data(), pretrained_.size()); m)
    pretrained_model_ = std::move(*m);
}

bool TrainingPanel::pretrained_loaded() const {
  const Model* model = host_.model();
  if (kept_ || !model || !pretrained_model_) return false;
  const Network& pre = pretrained_model_->network;
  return model->network.sizes() == pre.sizes() && model->network.weights() == pre.weights();
}

Status TrainingPanel::restore_kept_model(const uint8_t* data, size_t size) {
  Result<Model> loaded = load_digit_model(data, size);
  if (!loaded) {
    kept_model_unusable(loaded.error());
    return fail(loaded.error());
  }
  const Model& model = host_.adopt(std::move(*loaded));
  show_model_settings(model);
  kept_ = true;
  notice_ = "This is your model from last time (" + layer_sizes_text(model.network) + "), kept " +
            platform_.kept_where + "; \"Back to pre-trained\" forgets it.";
  return Status::success();
}

void TrainingPanel::kept_model_unusable(const std::string& reason) {
  notice_ = "The model kept " + platform_.kept_where + " could not be used (" + reason +
            "), so this is the pre-trained one.";
}

void TrainingPanel::receive_files(std::vector<NamedFile> files, bool bundled) {
  receive(std::move(files), bundled, true);
}

void TrainingPanel::receive_bundled_model(NamedFile file) {
  receive({std::move(file)}, false, false);
}

void TrainingPanel::receive(std::vector<NamedFile> files, bool bundled, bool keep) {
  if (bundled) fetch_active_ = false;
  if (files.empty()) return;
  // A run trains this model on these datasets: nothing may swap them out under it.
  if (session_.active())
    return refuse("Cannot load files during training: stop the run first. Nothing was changed.");
  Result<RoutedUpload> routed = router_.route(std::move(files));
  if (!routed) return refuse("Upload refused: " + routed.error() + ". Nothing was changed.");

  std::string done;
  const bool new_model = routed->model.has_value();
  if (new_model) {
    const Model& model = host_.adopt(std::move(*routed->model));
    show_model_settings(model);
    session_.clear_history();  // the curves were about another model
    done = "Loaded the model " + layer_sizes_text(model.network) + ".";
  }
  if (routed->data) {
    TrainingData& data = *routed->data;
    if (bundled) data.source = "MNIST (bundled)";
    const size_t train = data.train.size(), test = data.test.size();
    const bool held_out = data.test_held_out;
    Status s = session_.set_data(std::move(data));  // cannot fail: no run, images present
    if (!s) return refuse("Upload refused: " + s.error());
    done += (done.empty() ? "" : " ") + std::string("Data: ") + thousands_text(train) +
            " training and " + thousands_text(test) + " test images" +
            (held_out ? " (the last 10% held out)." : ".");
  }
  host_.report("");
  notice_ = done + (done.empty() || routed->note.empty() ? "" : " ") + routed->note;
  if (!new_model) return;
  if (keep) {
    keep_current_model();  // after clearing, so a failure to keep it shows
  } else if (platform_.forget_model) {
    kept_ = false;
    if (Status s = platform_.forget_model(); !s)
      refuse("The kept model could not be forgotten: " + s.error());
  }
}

void TrainingPanel::queue_files(std::vector<NamedFile> files, bool bundled) {
  if (!queued_.empty()) receive_files(std::move(queued_), queued_bundled_);
  queued_ = std::move(files);
  queued_bundled_ = bundled;
  queued_shown_ = false;
}

void TrainingPanel::fetch_progress(double loaded_bytes, double total_bytes) {
  fetch_active_ = true;
  fetch_loaded_ = loaded_bytes;
  fetch_total_ = total_bytes;
}

void TrainingPanel::fetch_failed(const std::string& message) {
  fetch_active_ = false;
  refuse("Could not load the bundled MNIST: " + message);
}

double TrainingPanel::fetch_fraction() const {
  if (fetch_total_ <= 0) return -1;
  return fetch_loaded_ >= fetch_total_ ? 1.0 : fetch_loaded_ / fetch_total_;
}

bool TrainingPanel::update() {
  if (!queued_.empty() && queued_shown_) {
    std::vector<NamedFile> files = std::move(queued_);
    queued_.clear();
    receive_files(std::move(files), queued_bundled_);
  }
  const RunPhase before = session_.phase();
  const int epochs_before = session_.epochs_done();
  const size_t results_before = session_.epoch_results().size();
  const bool changed = session_.update(frame_budget_seconds);
  const RunPhase after = session_.phase();
  // A host on its own thread may end a run the UI has just paused or asked to stop.
  const bool was_active = before == RunPhase::Running || before == RunPhase::Paused;
  if (was_active && after == RunPhase::Failed) refuse(session_.message());
  // An epoch's test pass that shows a saturated network: said on the App's message line.
  if (session_.epoch_results().size() > results_before && !session_.warning().empty())
    refuse(session_.warning());
  // Kept at each epoch's end and when the run ends, so a reload loses at most an epoch.
  const bool ended = was_active && (after == RunPhase::Finished || after == RunPhase::Stopped);
  // And when a pause's weights arrive from a host on its own thread (pause() kept the ones the
  // UI had then; a main-thread host's arrive inside pause(), and nothing changes after).
  const bool pause_landed = before == RunPhase::Paused && after == RunPhase::Paused && changed;
  if (ended || pause_landed ||
      (after == RunPhase::Running && session_.epochs_done() > epochs_before))
    keep_current_model();
  return changed;
}

TrainSettings TrainingPanel::shown_settings() const {
  TrainSettings shown = settings_;
  shown.config.augment = augment_.shown(settings_.config.augment);
  return shown;
}

Status TrainingPanel::start() {
  // What the fields show: a refused augmentation value refuses the run with its message.
  Status s = session_.start(host_, shown_settings());
  if (!s) {
    refuse("Cannot start training: " + s.error());
    return s;
  }
  host_.report("");
  notice_.clear();
  return s;
}

void TrainingPanel::pause() {
  session_.pause();
  keep_current_model();
}

void TrainingPanel::resume() {
  session_.resume();
}

void TrainingPanel::stop() {
  if (!session_.active()) return;
  session_.stop();
  // Ended at once (a main-thread host): kept now; otherwise update() keeps it when the host
  // sends the weights the run stopped with.
  if (!session_.active()) keep_current_model();
}

Status TrainingPanel::back_to_pretrained() {
  if (pretrained_loaded()) {
    host_.report("");
    notice_ = "The pre-trained network is already loaded.";
    return Status::success();
  }
  if (pretrained_.empty()) {
    refuse("There is no pre-trained model to go back to.");
    return fail(host_.error());
  }
  Result<Model> loaded = load_digit_model(pretrained_.data(), pretrained_.size());
  if (!loaded) {
    refuse("The pre-trained model cannot be read: " + loaded.error());
    return fail(host_.error());
  }
  session_.clear_history();  // stops a run first
  show_model_settings(host_.adopt(std::move(*loaded)));
  kept_ = false;
  host_.report("");
  notice_ = "Back to the pre-trained network; the kept model was forgotten.";
  if (platform_.forget_model) {
    if (Status s = platform_.forget_model(); !s) {
      notice_.clear();
      refuse("Back to the pre-trained network, but the kept model could not be forgotten: " +
             s.error());
      return s;
    }
  }
  return Status::success();
}

Status TrainingPanel::keep_current_model() {
  const Model* model = host_.model();
  if (!model || !platform_.keep_model) return Status::success();
  // Never keep a model the loader would refuse on the next visit (model_file.h).
  if (Status s = check_model_weights(model->network); !s) {
    refuse("Not kept: " + s.error());
    return s;
  }
  Status s = platform_.keep_model(save_model(*model));
  kept_ = s.ok();
  if (!s) refuse("Could not keep the model for next time: " + s.error());
  return s;
}

void TrainingPanel::download_model() {
  const Model* model = host_.model();
  if (!model || !platform_.download) return;
  if (Status s = check_model_weights(model->network); !s)
    return refuse("Cannot download the model: " + s.error());
  platform_.download("digitlab-" + layer_sizes_text(model->network) + ".dlm", save_model(*model));
  notice_ = "Downloading the model as a .dlm file.";
}

Status TrainingPanel::load_from_path(const std::string& path) {
  Result<std::vector<uint8_t>> bytes = read_file(path);
  if (!bytes) {
    refuse("Cannot load: " + bytes.error());
    return fail(host_.error());
  }
  receive_files({{base_name(path), std::move(*bytes)}});
  return host_.error().empty() ? Status::success() : Status(fail(host_.error()));
}

SaveOutcome TrainingPanel::save_to_path(const std::string& path) {
  cancel_save();
  if (!host_.model()) {
    refuse("There is no model to save.");
    return SaveOutcome::Failed;
  }
  if (path.empty()) {
    refuse("Type a file name to save the model to.");
    return SaveOutcome::Failed;
  }
  Result<SaveTarget> target = check_save_target(path);
  if (!target) {
    refuse("Cannot save the model: " + target.error());
    return SaveOutcome::Failed;
  }
  // Saving again to the file this panel saved to updates it, as a document's Save does.
  const bool own_file = target->holds_model && path == saved_path_;
  if (target->exists && !own_file) {
    save_question_ = target->question;
    asked_path_ = path;
    asked_calm_ = target->holds_model;
    return SaveOutcome::Asking;
  }
  return write_model(path) ? SaveOutcome::Saved : SaveOutcome::Failed;
}

Status TrainingPanel::confirm_save() {
  if (save_question_.empty()) return fail("there is no save to confirm");
  const std::string path = asked_path_;
  cancel_save();
  return write_model(path);
}

void TrainingPanel::cancel_save() {
  save_question_.clear();
  asked_path_.clear();
  asked_calm_ = false;
}

Status TrainingPanel::write_model(const std::string& path) {
  const Model* model = host_.model();
  if (!model) {
    refuse("There is no model to save.");
    return fail(host_.error());
  }
  if (Status s = check_model_weights(model->network); !s) {
    refuse("Cannot save the model: " + s.error());
    return s;
  }
  if (Status s = write_file(path, save_model(*model)); !s) {
    refuse("Cannot save the model: " + s.error());
    return s;
  }
  saved_path_ = path;
  host_.report("");
  notice_ = "Saved the model to " + path + ".";
  return Status::success();
}

void TrainingPanel::set_open_path(const std::string& path) {
  std::snprintf(open_path_, sizeof open_path_, "%s", path.c_str());
}

void TrainingPanel::set_save_path(const std::string& path) {
  std::snprintf(save_path_, sizeof save_path_, "%s", path.c_str());
}

}  // namespace digitlab
