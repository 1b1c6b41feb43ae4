// ModelMenu: the bundled models (data/model_manifest.h), one click away. A button at the start
// of the model line opens a list with one line each (name, MNIST accuracy, what it is);
// choosing one loads it through the training panel's door for models (receive_bundled_model:
// the same checks and settings as an uploaded model, but not kept: the kept model is the
// user's own). It refuses while a run trains, and asks before replacing a model that is none
// of the bundled ones as loaded (a trained or uploaded one, which the user may want to save
// first).
// The shells say where the files are: the desktop reads them from its assets folder at once,
// the page fetches a model's file on demand and hands the bytes back through receive().
// A start-up choice (?model=NAME in the page, --model NAME on the desktop) goes through
// choose_at_start(): an unknown name is a message, and the default model stays.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "data/model_manifest.h"
#include "item_rects.h"
#include "model_host.h"
#include "training_panel.h"

namespace digitlab {

// Starts reading a bundled model's file: its bytes come back through ModelMenu::receive(), a
// failure through ModelMenu::fetch_failed() (at once, or later).
using FetchModel = std::function<void(const BundledModel& model)>;

// What choose() did.
enum class ModelChoice { Loaded, Fetching, Asking, Refused };

class ModelMenu {
 public:
  // host and panel (the App's) must outlive the menu.
  ModelMenu(ModelHost& host, TrainingPanel& panel) : host_(host), panel_(panel) {}
  ModelMenu(const ModelMenu&) = delete;
  ModelMenu& operator=(const ModelMenu&) = delete;

  // The manifest's models (the first is the default) and how to read their files. Without
  // models the menu draws nothing.
  void set_models(std::vector<BundledModel> models, FetchModel fetch);
  const std::vector<BundledModel>& models() const { return models_; }
  // The bytes of a bundled model already read (the default, loaded at start-up), so the menu
  // knows the model in use is that one.
  void know(const std::string& name, const uint8_t* data, size_t size);

  // Loads the bundled model of that name. ask_first: ask before replacing a model that is
  // none of the bundled ones (question(), then confirm() or cancel()).
  ModelChoice choose(const std::string& name, bool ask_first = true);
  // The start-up choice; "" keeps the default. An unknown name: a message on the error line.
  ModelChoice choose_at_start(const std::string& name);
  const std::string& question() const { return question_; }  // "" = not asking
  ModelChoice confirm();
  void cancel() { question_.clear(), asked_.clear(); }

  // The file of `name` has arrived, or could not be read. Answers to an older choice are ignored.
  void receive(const std::string& name, std::vector<uint8_t> bytes);
  void fetch_failed(const std::string& name, const std::string& message);
  const std::string& fetching() const { return fetching_; }  // the name on its way, or ""

  // The bundled model in use, as it was loaded (not trained since): its name, or "".
  // Asked every frame, so the whole network's fingerprint (0.7 ms for strong's 407k weights)
  // is taken only after a change: while a bundled model is in use its values are compared
  // with a copy (memcmp, exact: a Step applied or a run shows at once), and another model is
  // looked at again only when a new one is loaded (into a new buffer).
  std::string current_name() const;

  // The button that opens the list (at the cursor, then SameLine), and the question while
  // asking. Named items: "models" (the button), "model:NAME" (each entry), "model-replace"
  // and "model-cancel" (the question's buttons).
  void draw(ItemRects& rects);
  void draw_question(ItemRects& rects);

 private:
  ModelChoice load(const BundledModel& model);
  uint64_t model_fingerprint() const;  // of the model in use, 0 for none
  void refuse(const std::string& message);

  ModelHost& host_;
  TrainingPanel& panel_;
  std::vector<BundledModel> models_;
  FetchModel fetch_;
  std::map<std::string, uint64_t> fingerprints_;  // each bundled model's network as loaded
  std::string fetching_;
  // current_name()'s last answer (see there): valid until the list of known models changes.
  mutable bool named_valid_ = false;
  mutable std::string named_;
  mutable const float* named_buffer_ = nullptr;              // the weights it was about
  mutable std::vector<float> named_weights_, named_biases_;  // a bundled one's, to compare
  uint64_t fetched_over_ = 0;     // the fingerprint of the model in use when the fetch began
  std::string question_, asked_;  // asked_: the name the question is about
  uint64_t asked_over_ = 0;       // the fingerprint of the model in use when it was asked
};

}  // namespace digitlab
