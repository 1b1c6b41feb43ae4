// TrainingPanel: the app's right-hand column - data, training and the model's files.
// It works on the App's model in place (training changes the weights the drawing view queries
// every frame) and reports refused uploads and failed runs on the App's error line, both
// through ModelHost (model_host.h), the only part of the App it sees.
// The platform (web page or desktop window) plugs in through PlatformFiles: fetching the
// bundled MNIST, a file picker, downloads and keeping the model across visits. Files come
// back through receive_files(), the one door for uploads, drops and the bundled MNIST.
//   training_panel.cpp       actions: files, training controls, keeping the model
//   training_panel_draw.cpp  the ImGui panel
//   training_panel_settings.cpp  its Training section: the TrainingConfig a run uses
//   augment_settings.cpp     the section's Augmentation fold (its config.augment, a preview)
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "augment_settings.h"
#include "data/model_file.h"
#include "item_rects.h"
#include "model_host.h"
#include "result.h"
#include "training_session.h"
#include "uploads.h"

namespace digitlab {

// What the platform offers; an empty hook hides its button.
struct PlatformFiles {
  // Starts loading the bundled MNIST; the four files come back through
  // receive_files(files, true), failures through fetch_failed().
  std::function<void()> fetch_mnist;
  std::function<void()> open_picker;  // the page's <input type=file multiple>
  // Offers bytes as a file download (the browser's Blob + <a download>).
  std::function<void(const std::string& name, const std::vector<uint8_t>& bytes)> download;
  // Keeps a model across visits (the page: IndexedDB; the desktop: a file in the user's data
  // folder, desktop_kept_model.h), and forgets it.
  std::function<Status(const std::vector<uint8_t>& bytes)> keep_model;
  std::function<Status()> forget_model;
  // The desktop: a path field to open data or a model, and another to save the model to.
  bool paths = false;
  std::string kept_where = "in this browser";  // for "Kept in this browser for next time."
};

// What pressing Save did: wrote the file, or asks first (save_question()), or failed.
enum class SaveOutcome { Saved, Asking, Failed };

class TrainingPanel {
 public:
  // host (the App) must outlive the panel.
  explicit TrainingPanel(ModelHost& host);
  TrainingPanel(const TrainingPanel&) = delete;
  TrainingPanel& operator=(const TrainingPanel&) = delete;

  // With paths, the save field starts at a model file name that does not exist yet.
  void set_platform(PlatformFiles files);
  // The pre-trained model's file, for "back to pre-trained".
  void set_pretrained(std::vector<uint8_t> bytes);
  // At start-up: a model kept from an earlier visit replaces the pre-trained one if it is a
  // valid model of the right shape; otherwise the message says why it was not used.
  Status restore_kept_model(const uint8_t* data, size_t size);
  // The same message for a kept model that could not even be read.
  void kept_model_unusable(const std::string& reason);

  // Files that arrived together. bundled: the bundled MNIST, fetched by the platform.
  void receive_files(std::vector<NamedFile> files, bool bundled = false);
  // A bundled model chosen in the model menu (model_menu.h): in through the same door, but not
  // kept, and a model kept earlier is forgotten (the menu asked before replacing one of the
  // user's): what is kept is the user's own, and the next visit opens with the default.
  void receive_bundled_model(NamedFile file);
  // The same a frame later, for the shells: the panel first says it is reading the files,
  // which matters when unzipping the bundled MNIST (55 MB) holds up one frame.
  void queue_files(std::vector<NamedFile> files, bool bundled = false);
  void fetch_progress(double loaded_bytes, double total_bytes);
  void fetch_failed(const std::string& message);

  // Once per frame, before anything queries the model: a slice of training and evaluation.
  // Returns true when the model's weights changed.
  bool update();
  // The panel at the cursor, in the width available.
  void draw();

  // What the buttons do, public for the tests.
  Status start();
  void pause();
  void resume();
  void stop();
  Status back_to_pretrained();
  void download_model();
  Status load_from_path(const std::string& path);
  // Writes at once only where no file is, or where this panel saved last and a model still
  // is; over anything else it asks first (save_guard.h) and writes nothing until confirmed.
  SaveOutcome save_to_path(const std::string& path);
  const std::string& save_question() const { return save_question_; }  // "" = not asking
  Status confirm_save();  // Overwrite / Replace: writes the current model to the asked path
  void cancel_save();     // Cancel: the file stays as it was
  // The desktop's two path fields: what Open reads, what Save writes.
  std::string open_path() const { return open_path_; }
  std::string save_path() const { return save_path_; }
  void set_open_path(const std::string& path);
  void set_save_path(const std::string& path);
  // The model is the pre-trained one as it was loaded (and none is kept): "back to
  // pre-trained" has nothing to do.
  bool pretrained_loaded() const;
  // The bundled pre-trained model as read, or null when there is none (or it was unreadable).
  const Model* pretrained_model() const {
    return pretrained_model_ ? &*pretrained_model_ : nullptr;
  }

  TrainSettings& settings() { return settings_; }
  const TrainSettings& settings() const { return settings_; }
  // The Augmentation fold of the settings (augment_settings.h); the App gives its preview the
  // digit in the pad each frame.
  AugmentSettings& augment() { return augment_; }
  const AugmentSettings& augment() const { return augment_; }
  // A model arrived (loaded, dropped, restored, back to pre-trained): the settings show the
  // config that made it, so Start trains that again ("fresh") or continues it as it was
  // trained; kept as they were if that config is not one a new run may use (a deep old file).
  void show_model_settings(const Model& model);
  const TrainingSession& session() const { return session_; }
  TrainingSession& session() { return session_; }
  bool fetching() const { return fetch_active_; }
  double fetch_fraction() const;  // 0..1, -1 while the size is unknown
  // The last thing that went well, for the App's message line. Each notice is about one
  // event: the next event (a notice, an error, a run) replaces or clears it.
  const std::string& notice() const { return notice_; }
  void clear_notice() { notice_.clear(); }
  // A notice about an event elsewhere in the app (a digit added to my digits), on the same line.
  void show_notice(std::string text) { notice_ = std::move(text); }
  bool model_is_kept() const { return kept_; }  // the current model is the one kept
  // Files queued by queue_files() that the next update() takes in.
  bool files_waiting() const { return !queued_.empty(); }
  // Where the named buttons were drawn in the last frame (only those wholly visible), and
  // "panel": the window the panel is in.
  const std::map<std::string, ButtonRect>& button_rects() const { return buttons_.all(); }

  // Training time per frame: App::frame() sets it every frame from its FramePacer
  // (training_session.h); 10 ms for a panel used without an App.
  double frame_budget_seconds = 0.010;

 private:
  Status keep_current_model();  // fails only when the platform could not keep it
  // receive_files, and then keep the new model (keep) or forget the kept one.
  void receive(std::vector<NamedFile> files, bool bundled, bool keep);
  // The settings as the panel shows them: settings_, with augmentation fields the core refused
  // (kept out of settings_) in place, so checking them gives the core's message.
  TrainSettings shown_settings() const;
  Status write_model(const std::string& path);
  void refuse(const std::string& message);
  void draw_data_section();
  void draw_settings_section();  // training_panel_settings.cpp
  void draw_presets();
  void draw_run_section();
  void draw_progress();
  void draw_curves();
  void draw_epoch_results();
  void draw_model_section();
  void draw_open_path();  // the desktop's path fields
  void draw_save_path();
  struct PathField {
    const char* id;       // the input's ImGui id
    const char* hint;     // shown while it is empty
    const char* tooltip;  // on hover
    const char* button;   // the button's label
    const char* hook;     // the button's name in button_rects()
  };
  bool path_field(const PathField& field, char* path, size_t size, bool enabled);
  bool button(const char* label, const char* hook_name, float width = 0);

  ModelHost& host_;

  PlatformFiles platform_;
  TrainingSession session_;
  UploadRouter router_;
  TrainSettings settings_;  // the book-200 preset at first (constructor)
  AugmentSettings augment_;
  std::vector<uint8_t> pretrained_;
  std::optional<Model> pretrained_model_;  // pretrained_ read, to compare with the model
  bool kept_ = false;
  std::string notice_;
  std::vector<NamedFile> queued_;  // see queue_files()
  bool queued_bundled_ = false;
  bool queued_shown_ = false;
  float data_row_height_ = 0;  // the data buttons' row, held while a progress bar stands in
  bool fetch_active_ = false;
  double fetch_loaded_ = 0, fetch_total_ = 0;
  char open_path_[512] = "";
  char save_path_[512] = "";
  std::string save_question_;  // see save_to_path()
  std::string asked_path_;     // the file the question is about
  bool asked_calm_ = false;    // it holds a model: "Replace", not "Overwrite"
  std::string saved_path_;     // where this panel last saved
  ItemRects buttons_;
};

}  // namespace digitlab
