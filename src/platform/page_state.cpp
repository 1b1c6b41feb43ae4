// window.digitlab.state()'s JSON, one function per part of the app, each adding its own fields.
#include "page_state.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <utility>
#include <vector>

#include "image/augment_spec.h"
#include "json_text.h"

namespace digitlab {
namespace {

// Starts a field of the JSON object being built: a comma unless it is the first, then "name":.
void json_field(std::string& out, const char* name) {
  if (out.back() != '{') out += ',';
  out += '"';
  out += name;
  out += "\":";
}

const char* bool_text(bool b) {
  return b ? "true" : "false";
}

const char* phase_name(RunPhase phase) {
  switch (phase) {
    case RunPhase::Running:
      return "running";
    case RunPhase::Paused:
      return "paused";
    case RunPhase::Finished:
      return "finished";
    case RunPhase::Stopped:
      return "stopped";
    case RunPhase::Failed:
      return "failed";
    case RunPhase::Idle:
      break;
  }
  return "idle";
}

void append_shell_state(std::string& json, const App& app, const ShellFacts& shell) {
  json_field(json, "frames");
  json += std::to_string(shell.frames);
  json_field(json, "canvas");
  json +=
      "[" + std::to_string(shell.canvas_width) + "," + std::to_string(shell.canvas_height) + "]";
  // The app's own scroll position (canvas pixels), which follows the page's.
  json_field(json, "scrollY");
  json += std::to_string(std::lround(app.scroll_y()));
  json_field(json, "keyboardNav");
  json += bool_text(shell.keyboard_nav);
}

// The last whole test-set evaluation's confusion matrix (rows: true label), or null; the
// Evaluation tab's open cell, how many of its images the gallery drew, whether an "Evaluate
// now" is under way, and the kept evaluation's id (0 for none; a new one's is higher).
void append_evaluation_state(std::string& json, const App& app) {
  const TrainingSession& session = app.training().session();
  const TestEvaluation* kept = session.last_evaluation();
  json_field(json, "confusion");
  if (kept) {
    json += '[';
    for (int a = 0; a < kClasses; ++a) {
      if (a > 0) json += ',';
      json_numbers(json, kept->eval.confusion[a].data(), kClasses);
    }
    json += ']';
  } else {
    json += "null";
  }
  const EvaluationTab& tab = app.inside().evaluation();
  json_field(json, "evaluation");
  json += "{\"shown\":" + std::to_string(tab.gallery_shown()) + ",\"cell\":";
  json += tab.selected_actual() < 0 ? "null"
                                    : "[" + std::to_string(tab.selected_actual()) + "," +
                                          std::to_string(tab.selected_predicted()) + "]";
  json += ",\"busy\":";
  json += bool_text(session.evaluating_now());
  json += ",\"id\":" + std::to_string(kept ? kept->id : 0);
  json += '}';
}

// The drawing and the network's answer for it.
void append_drawing_state(std::string& json, const App& app) {
  json_field(json, "layers");
  const std::vector<int> no_layers;
  const std::vector<int>& sizes = app.model() ? app.model()->network.sizes() : no_layers;
  json_numbers(json, sizes.data(), sizes.size());
  json_field(json, "prediction");
  json += app.prediction() < 0 ? "null" : std::to_string(app.prediction());
  json_field(json, "outputs");
  json_numbers(json, app.outputs().data(), app.outputs().size());
  json_field(json, "samples");
  json += std::to_string(app.sample_count());
  json_field(json, "index");
  json += std::to_string(app.sample_index());
  json_field(json, "label");
  json += std::to_string(app.true_label());
  json_field(json, "lastError");
  json_string(json, app.last_error());
  // The Inside section (inside_view.h): open or not, the Why tab's class, how often the class
  // pictures were computed (they follow the weights, not the frames).
  json_field(json, "about");
  json += bool_text(app.about().is_open());
  json_field(json, "inside");
  json += "{\"open\":";
  json += bool_text(app.inside().open());
  json += ",\"tab\":";
  json_string(json, app.inside().shown_tab_label());
  json += ",\"whyClass\":";
  json += app.inside().why_class() < 0 ? "null" : std::to_string(app.inside().why_class());
  json += ",\"pictures\":" + std::to_string(app.inside().pictures_computed());
  // The Compare tab: the other model it compared with ("" when none) and its outputs.
  const CompareTab& compare = app.inside().compare();
  json += ",\"compare\":{\"with\":";
  json_string(json, compare.other_name());
  json += ",\"outputs\":";
  json_numbers(json, compare.other_outputs().data(), compare.other_outputs().size());
  json += "}}";
  // The Diagram tab: the switched-off units as [layer, unit] (layers as query() counts them),
  // the outputs without them for the drawing, and the first hidden layer's most active unit.
  const DiagramTab& diagram = app.inside().diagram();
  json_field(json, "ablated");
  json += '[';
  for (const UnitRef& u : diagram.ablated())
    json += (json.back() == '[' ? "[" : ",[") + std::to_string(u.layer) + "," +
            std::to_string(u.unit) + "]";
  json += ']';
  json_field(json, "diagram");
  json += "{\"ablatedOutputs\":";
  json_numbers(json, diagram.ablated_outputs().data(), diagram.ablated_outputs().size());
  json += ",\"mostActive\":";
  json += diagram.most_active().layer < 1
              ? std::string("null")
              : "[" + std::to_string(diagram.most_active().layer) + "," +
                    std::to_string(diagram.most_active().unit) + "]";
  json += '}';
  append_evaluation_state(json, app);
  // The cost of answering the drawing in the page, in ms over the last frames (means and
  // medians): the forward pass every frame, the preprocessing after each change of the ink.
  const RecentTimes& forward = app.forward_times();
  const RecentTimes& pre = app.preprocess_times();
  const double query[6] = {forward.mean(), forward.median(), static_cast<double>(forward.count()),
                           pre.mean(),     pre.median(),     static_cast<double>(pre.count())};
  const char* names[6] = {"forwardMs",    "forwardMedianMs",    "forwards",
                          "preprocessMs", "preprocessMedianMs", "preprocesses"};
  json_field(json, "query");
  json += '{';
  for (int i = 0; i < 6; ++i) {
    json_field(json, names[i]);
    json += json_number(query[i], 6);  // null, not "nan", before the first measurement
  }
  json += '}';
}

void append_training_state(std::string& json, const App& app) {
  const TrainingPanel& panel = app.training();
  const TrainingSession& s = panel.session();
  json_field(json, "training");
  json += '{';
  json_field(json, "running");
  json += bool_text(s.running());
  json_field(json, "phase");
  json_string(json, phase_name(s.phase()));
  json_field(json, "epoch");
  json += std::to_string(s.epochs_done());
  json_field(json, "epochs");
  json += std::to_string(s.config().epochs);
  json_field(json, "samplesSeen");
  json += std::to_string(s.samples_seen());
  json_field(json, "testSeconds");
  json += json_number(s.test_seconds());
  json_field(json, "samplesTotal");
  json += std::to_string(s.samples_total());
  json_field(json, "testAccuracy");
  json += s.test_accuracy() < 0 ? "null" : json_number(s.test_accuracy());
  json_field(json, "evaluating");
  json += bool_text(s.evaluating());
  json_field(json, "accuracies");
  std::vector<double> accuracies;
  for (const EpochResult& r : s.epoch_results()) accuracies.push_back(r.accuracy);
  json_numbers(json, accuracies.data(), accuracies.size());
  json += '}';

  json_field(json, "data");
  json += '{';
  json_field(json, "train");
  json += std::to_string(s.data().train.size());
  json_field(json, "test");
  json += std::to_string(s.data().test.size());
  json_field(json, "source");
  json_string(json, s.data().source);
  json += '}';

  json_field(json, "fetch");
  json += '{';
  json_field(json, "active");
  json += bool_text(panel.fetching());
  json_field(json, "fraction");
  json += json_number(panel.fetch_fraction());
  json += '}';
  json_field(json, "notice");
  json_string(json, panel.notice());
  json_field(json, "kept");
  json += bool_text(panel.model_is_kept());
  json_field(json, "myDigits");  // how many of my digits are stored
  json += std::to_string(app.my_digits().size());
}

// The bundled models' menu (model_menu.h): the bundled model in use as loaded (null for any
// other model), the one being fetched (null for none), the question it asks before replacing
// a model of the user's ("" for none), and the names it offers, the default first.
void append_model_menu_state(std::string& json, const App& app) {
  const ModelMenu& menu = app.model_menu();
  const std::string current = menu.current_name();
  json_field(json, "bundledModel");
  if (current.empty())
    json += "null";
  else
    json_string(json, current);
  json_field(json, "modelFetching");
  if (menu.fetching().empty())
    json += "null";
  else
    json_string(json, menu.fetching());
  json_field(json, "modelQuestion");
  json_string(json, menu.question());
  json_field(json, "bundledModels");
  json += '[';
  for (const BundledModel& m : menu.models()) {
    if (json.back() != '[') json += ',';
    json_string(json, m.name);
  }
  json += ']';
}

// The Inside section's Step tab (inside_step.h): its stage (0 forward .. 4 apply), the label
// its step trains towards (null without one), how many steps were applied, and the last one's
// label with its output for that label before and after it (null before the first).
void append_step_state(std::string& json, const App& app) {
  const StepTab& step = app.inside().step();
  json_field(json, "step");
  json += '{';
  json_field(json, "stage");
  json += std::to_string(step.stage());
  json_field(json, "label");
  json += step.label() < 0 ? "null" : std::to_string(step.label());
  json_field(json, "applied");
  json += std::to_string(step.applied());
  json_field(json, "appliedLabel");
  json += step.applied_label() < 0 ? "null" : std::to_string(step.applied_label());
  json_field(json, "before");
  json += json_number(step.applied_before());
  json_field(json, "after");
  json += json_number(step.applied_after());
  json += '}';
}

// The Augmentation fold (augment_settings.h): open or not; its fields (what they show, a value
// the core refused included); the config the next run gets, in the CLI's --augment form; the core's
// message for a refused value ("" when none); and its preview row: the digit's source, the
// seed, how many rows were computed and the row's fingerprint (hex: 64 bits do not fit a JSON
// number), which changes whenever what the row shows changes.
void append_augment_state(std::string& json, const App& app) {
  const AugmentSettings& a = app.training().augment();
  const AugmentConfig& f = a.fields();
  json_field(json, "augment");
  json += "{\"open\":";
  json += bool_text(a.is_open());
  json += ",\"fields\":{";
  const std::pair<const char*, float> numbers[] = {
      {"rotate", f.rotate_degrees}, {"scale", f.scale},           {"shear", f.shear},
      {"shift", f.shift_pixels},    {"elastic", f.elastic_alpha}, {"sigma", f.elastic_sigma},
      {"thickness", f.thickness},   {"copies", f.copies_degrees}};
  for (const auto& [name, value] : numbers) {
    json_field(json, name);
    json += json_number(value);
  }
  json_field(json, "centre");
  json += bool_text(f.centre);
  json += "},\"config\":";
  json_string(json, augment_text(app.training().settings().config.augment));
  json += ",\"message\":";
  json_string(json, a.message());
  const AugmentPreview& p = a.preview();
  char fingerprint[24];
  std::snprintf(fingerprint, sizeof fingerprint, "%016llx",
                static_cast<unsigned long long>(p.fingerprint()));
  json += ",\"preview\":{\"source\":";
  json_string(json, p.source());
  json += ",\"count\":" + std::to_string(p.samples().size());
  json += ",\"seed\":" + std::to_string(p.seed());
  json += ",\"computed\":" + std::to_string(p.computed());
  json += ",\"fingerprint\":\"";
  json += fingerprint;
  json += "\"}}";
}

}  // namespace

void FrameTimes::note(double ms) {
  max_ms_ = std::max(max_ms_, ms);
  if (ms > kSlowFrameMs) ++slow_;
  // A ring: once full (nobody asked for 4096 frames: only the benchmark drains it) each frame
  // overwrites the oldest in place instead of shifting the others.
  if (recent_.size() < kKeptFrames) {
    recent_.push_back(ms);
    return;
  }
  recent_[oldest_] = ms;
  oldest_ = (oldest_ + 1) % kKeptFrames;
}

std::vector<double> FrameTimes::take_recent() {
  std::vector<double> ordered(recent_.begin() + static_cast<std::ptrdiff_t>(oldest_),
                              recent_.end());
  ordered.insert(ordered.end(), recent_.begin(),
                 recent_.begin() + static_cast<std::ptrdiff_t>(oldest_));
  recent_.clear();
  oldest_ = 0;
  return ordered;
}

std::string page_state_json(const App& app, const ShellFacts& shell) {
  std::string json = "{";
  append_shell_state(json, app, shell);
  append_drawing_state(json, app);
  append_training_state(json, app);
  append_step_state(json, app);
  append_model_menu_state(json, app);
  append_augment_state(json, app);
  json_field(json, "frameMsMax");
  json += json_number(shell.frame_ms_max);
  json_field(json, "slowFrames");
  json += std::to_string(shell.slow_frames);
  json_field(json, "trainer");
  json_string(json, shell.trainer);
  json_field(json, "hostNote");
  json_string(json, app.training().session().host_note());
  json += '}';
  return json;
}

std::string button_rects_json(const App& app, float scale_x, float scale_y) {
  std::string json = "{";
  for (const auto* rects : {&app.training().button_rects(), &app.inside().item_rects().all(),
                            &app.item_rects().all(), &app.my_digits_view().item_rects().all()}) {
    for (const auto& [name, r] : *rects) {
      json_field(json, name.c_str());
      const float values[4] = {r.x * scale_x, r.y * scale_y, r.width * scale_x, r.height * scale_y};
      json_numbers(json, values, 4);
    }
  }
  json += '}';
  return json;
}

}  // namespace digitlab
