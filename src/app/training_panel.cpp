// TrainingPanel's actions: files in and out, the training controls, keeping the model.
// (The ImGui side is training_panel_draw.cpp.)
#include "training_panel.h"

#include <utility>

#include "formats.h"
#include "text_format.h"

namespace digitlab {
namespace {

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

TrainingPanel::TrainingPanel(Model& model, bool& has_model, std::string& last_error)
    : model_(model), has_model_(has_model), last_error_(last_error) {}

void TrainingPanel::refuse(const std::string& message) {
  last_error_ = message;
}

Status TrainingPanel::restore_kept_model(const uint8_t* data, size_t size) {
  Result<Model> loaded = load_model(data, size);
  Status status = loaded ? check_model_shape(loaded->network, kImagePixels, kClasses)
                         : Status(fail(loaded.error()));
  if (!status) {
    notice_ = "The model kept from your last visit could not be used (" + status.error() +
              "), so this is the pre-trained one.";
    return status;
  }
  model_ = std::move(*loaded);
  has_model_ = true;
  kept_ = true;
  notice_ = "This is your model from your last visit (" + layer_sizes_text(model_.network) +
            "); \"Back to pre-trained\" forgets it.";
  return Status::success();
}

void TrainingPanel::receive_files(std::vector<NamedFile> files, bool bundled) {
  if (bundled) fetch_active_ = false;
  if (files.empty()) return;
  // A run trains this model on these datasets: nothing may swap them out under it.
  if (session_.active())
    return refuse("Cannot load files during training: stop the run first. Nothing was changed.");
  Result<RoutedUpload> routed = router_.route(std::move(files));
  if (!routed) return refuse("Upload refused: " + routed.error() + ". Nothing was changed.");

  std::string done;
  if (routed->model) {
    model_ = std::move(*routed->model);
    has_model_ = true;
    session_.clear_history();  // the curves were about another model
    keep_current_model();
    done = "Loaded the model " + layer_sizes_text(model_.network) + ".";
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
  last_error_.clear();
  notice_ = done + (done.empty() || routed->note.empty() ? "" : " ") + routed->note;
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
  if (before == RunPhase::Running && after == RunPhase::Failed) refuse(session_.message());
  // An epoch's test pass that shows a saturated network: said on the App's message line.
  if (session_.epoch_results().size() > results_before && !session_.warning().empty())
    refuse(session_.warning());
  // Kept at each epoch's end and when the run ends, so a reload loses at most an epoch.
  const bool ended =
      before == RunPhase::Running && (after == RunPhase::Finished || after == RunPhase::Stopped);
  if (ended || (after == RunPhase::Running && session_.epochs_done() > epochs_before))
    keep_current_model();
  return changed;
}

Status TrainingPanel::start() {
  Status s = session_.start(model_, has_model_, settings_);
  if (!s) {
    refuse("Cannot start training: " + s.error());
    return s;
  }
  has_model_ = true;
  last_error_.clear();
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
  keep_current_model();
}

Status TrainingPanel::back_to_pretrained() {
  if (pretrained_.empty()) {
    refuse("There is no pre-trained model to go back to.");
    return fail(last_error_);
  }
  Result<Model> loaded = load_model(pretrained_.data(), pretrained_.size());
  if (!loaded) {
    refuse("The pre-trained model cannot be read: " + loaded.error());
    return fail(last_error_);
  }
  session_.clear_history();  // stops a run first
  model_ = std::move(*loaded);
  has_model_ = true;
  kept_ = false;
  if (platform_.forget_model) platform_.forget_model();
  last_error_.clear();
  notice_ = "Back to the pre-trained network; the kept model was forgotten.";
  return Status::success();
}

void TrainingPanel::keep_current_model() {
  if (!has_model_ || !platform_.keep_model) return;
  // Never keep a model the loader would refuse on the next visit (model_file.h).
  if (Status s = check_model_weights(model_.network); !s) return refuse("Not kept: " + s.error());
  platform_.keep_model(save_model(model_));
  kept_ = true;
}

void TrainingPanel::download_model() {
  if (!has_model_ || !platform_.download) return;
  if (Status s = check_model_weights(model_.network); !s)
    return refuse("Cannot download the model: " + s.error());
  platform_.download("digitlab-" + layer_sizes_text(model_.network) + ".dlm", save_model(model_));
  notice_ = "Downloading the model as a .dlm file.";
}

Status TrainingPanel::load_from_path(const std::string& path) {
  Result<std::vector<uint8_t>> bytes = read_file(path);
  if (!bytes) {
    refuse("Cannot load: " + bytes.error());
    return fail(last_error_);
  }
  receive_files({{base_name(path), std::move(*bytes)}});
  return last_error_.empty() ? Status::success() : Status(fail(last_error_));
}

Status TrainingPanel::save_to_path(const std::string& path) {
  if (!has_model_) {
    refuse("There is no model to save.");
    return fail(last_error_);
  }
  if (Status s = check_model_weights(model_.network); !s) {
    refuse("Cannot save the model: " + s.error());
    return s;
  }
  if (Status s = write_file(path, save_model(model_)); !s) {
    refuse("Cannot save the model: " + s.error());
    return s;
  }
  last_error_.clear();
  notice_ = "Saved the model to " + path + ".";
  return Status::success();
}

}  // namespace digitlab
