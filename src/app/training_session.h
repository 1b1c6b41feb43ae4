// TrainingSession: a training run as the app sees it. Runs are carried out by a TrainingHost
// (training_host.h: a thread, a worker, or the main thread between frames) that the session
// speaks to with the training protocol (training_protocol.h); the session keeps the datasets
// (shared, read-only, sent to the host once per change), the run's state and history, and the
// app's model, into which it copies each weight snapshot, so whatever queries that model (the
// drawing, the Inside views) follows the learning. No ImGui here: training_panel.* draws it and
// the tests drive it directly.
//
//   use_host        where runs are carried out (default: the main thread, on the session's clock)
//   set_data        new datasets (refused while a run holds the old ones)
//   start           checks the config, makes a fresh network from it when asked, keeps a copy
//                   of the model from before the run, sends the host the run
//   update          gives a main-thread host its time, then takes in what the host sent back
//   evaluate_now    a whole test-set evaluation of the current weights on request, in slices
//   last_evaluation the last whole test pass (an epoch's end or evaluate_now) with its details
//   pause / resume / stop
// A run that diverges puts back the model from before the run and says why.
// FramePacer (at the end) decides how long each frame's slice may be.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/model_file.h"
#include "model_host.h"
#include "network/evaluate.h"
#include "network/mistakes.h"
#include "result.h"
#include "steady_clock.h"
#include "training/training_config.h"
#include "training_host.h"
#include "training_protocol.h"

namespace digitlab {

// What the training panel edits: the core's one TrainingConfig, which the CLI fills in too and
// validate_config checks with the same limits and messages for both, and where a run starts.
struct TrainSettings {
  TrainingConfig config;
  // true: a new network as config describes (make_network). false: keep training the current
  // model, whatever its architecture (config's architecture, init and seed are then unused).
  bool fresh = true;
};

// The config a run with these settings trains with: settings.config, with the current model's
// architecture when it is continued (which must then take 28x28 images to 10 classes); or the
// first thing wrong, in the core's words. current is null without a model (a fresh run only).
Result<TrainingConfig> run_config(const Model* current, const TrainSettings& settings);

// Datasets as they are handed to the session (uploads.h, the bundled MNIST, the tests).
struct TrainingData {
  Dataset train, test;
  std::string source;          // what the user loaded, for the panel
  bool test_held_out = false;  // the test set is the end of the upload (split_holdout)
};

// The session's datasets as the panel and views read them; valid until the next set_data,
// set_test or start (which may mix in other extra images).
struct TrainingDataView {
  const Dataset& train;
  const Dataset& test;
  const std::string& source;
  bool test_held_out;
};

enum class RunPhase { Idle, Running, Paused, Finished, Stopped, Failed };

// One point of a curve: x is the samples trained so far in the run.
struct CurvePoint {
  float samples = 0;
  float value = 0;
};

struct EpochResult {
  int epoch = 0;  // 0 = before training
  double accuracy = 0;
};

// A whole pass over the test set, kept for the Evaluation view: the confusion matrix with each
// cell's images and the surest mistakes (mistakes.h), and which weights it was of.
struct TestEvaluation {
  static constexpr size_t kKeptMistakes = RunSchedule::kKeptMistakes;
  Evaluation eval;
  EvaluationDetails details{kKeptMistakes};  // indices into the session's test set
  uint64_t fingerprint = 0;                  // network_fingerprint of the weights evaluated
  std::string layers;                        // their network's layer sizes, "784-200-10"
  TrainingProgress progress;                 // their model's training so far
  int epoch = -1;   // the run's epoch it followed (0: before training); -1: evaluate_now
  double time = 0;  // the session's clock when it finished
  uint64_t id = 0;  // 1 for the session's first kept evaluation, then 2, ...: a new one's is new
};

class TrainingSession {
 public:
  using Clock = std::function<double()>;  // monotonic seconds
  explicit TrainingSession(Clock clock = steady_seconds);
  TrainingSession(const TrainingSession&) = delete;  // a run points into the app's model
  TrainingSession& operator=(const TrainingSession&) = delete;
  ~TrainingSession();

  // Where the next runs are carried out; without a call, a MainThreadTrainingHost on the
  // session's clock. A run under way is dropped (as clear_history() does) and the datasets are
  // sent to the new host before its first run. Null is refused (the host stays).
  void use_host(std::unique_ptr<TrainingHost> host);
  // The host works only in update(), on the caller's thread, or an evaluate_now is under way:
  // update() then needs a share of the frame (FramePacer); otherwise it only takes in messages.
  bool wants_frame_time() const { return host_->runs_on_caller() || now_job_.has_value(); }
  // Something the host said about itself (e.g. the page's worker could not start and training
  // goes on on the main thread): the panel shows it under the progress line. "" for none.
  const std::string& host_note() const { return host_note_; }

  Status set_data(TrainingData data);
  TrainingDataView data() const { return {*train_, *test_, source_, test_held_out_}; }
  // Images trained after the loaded ones (my digits, mixed in), or null for none. Read when a
  // run starts: from then on data().train holds the loaded images and these, until the next
  // start or set_data (a new set is made and sent only when they changed). extra must outlive
  // the session (the App owns both).
  void set_extra_train(const Dataset* extra) { extra_ = extra; }
  // Replaces the test set (my digits "as test set"), keeping the training set; refused while a
  // run is under way or for an empty set. `what` is added to data().source for the panel.
  Status set_test(Dataset test, const std::string& what);
  bool has_data() const { return train_->size() > 0; }

  // Starts a run on the host's model, or on a fresh network the host adopts (always when it
  // has no model). The model must stay in place (nothing else adopted) until the run ends.
  Status start(ModelHost& host, const TrainSettings& settings);
  // Gives a host that runs on the caller about budget_seconds (an evaluate_now first), then
  // takes in what the host sent: progress, the newest weights, the run's end. Returns true
  // when the model's weights changed (including a divergence putting the old model back).
  bool update(double budget_seconds);
  // The phase changes at once; the runner follows when the host delivers the command. While
  // paused the model's weights may be changed (the Step tab): resume() sends them with the
  // Resume and the run goes on from them; a snapshot still on its way does not undo them.
  void pause();
  void resume();
  // Keeps what was trained so far: the run stays active() (stopping()) until the host sends
  // the weights it stopped with and its end, which a main-thread host does at once.
  void stop();
  bool stopping() const { return stopping_; }
  void clear_history();  // back to Idle at once (a run is dropped), e.g. after a model load

  RunPhase phase() const { return phase_; }
  bool running() const { return phase_ == RunPhase::Running; }
  // A run is under way (running, paused or stopping): it holds the model and the datasets.
  bool active() const { return phase_ == RunPhase::Running || phase_ == RunPhase::Paused; }
  // The run's whole test pass under way (at its start or an epoch's end) has not come back yet,
  // as the runner's last Progress said.
  bool evaluating() const;

  // Evaluates the model's weights as they are now (a copy: training or a load may change them
  // meanwhile) on the whole test set, in slices by update() ahead of any training, so the page
  // keeps drawing; replaces one under way. Fails without a test set or a model.
  Status evaluate_now(const Model* model);
  bool evaluating_now() const { return now_job_.has_value(); }
  double evaluate_now_fraction() const;  // 0..1 of the test set done, while evaluating_now()
  // The last whole test pass (the run's epoch ends, its start, or evaluate_now), null before
  // one or after set_data (its images were of the old test set).
  const TestEvaluation* last_evaluation() const { return last_eval_.get(); }
  double clock_seconds() const { return clock_(); }  // the clock TestEvaluation::time is on
  // The run's config (run_config), its epochs the ones samples_total() counts.
  const TrainingConfig& config() const { return config_; }
  int epochs_done() const { return epochs_done_; }       // whole epochs of this run
  size_t samples_seen() const { return samples_seen_; }  // samples trained in this run
  double test_seconds() const { return test_seconds_; }  // of this run's accuracy checks
  size_t samples_total() const;                          // epochs x samples per epoch
  // Samples per epoch: the training images, times the augmentation's copies.
  size_t epoch_samples() const;
  // Over the last few seconds of running (not paused) time: 0 until a second is measured.
  double samples_per_second() const { return rate_; }
  // The last update()'s length: its evaluate_now slice and a main-thread host's work.
  double last_update_seconds() const { return last_update_; }
  double eta_seconds() const;                              // -1 when unknown, or while paused
  double running_seconds() const { return active_time_; }  // time spent running this run
  double test_accuracy() const { return test_accuracy_; }  // the latest full pass, -1 if none
  const std::vector<CurvePoint>& loss_curve() const { return loss_curve_; }
  const std::vector<CurvePoint>& accuracy_curve() const { return accuracy_curve_; }
  const std::vector<EpochResult>& epoch_results() const { return epoch_results_; }
  size_t check_images() const;                             // test images in a mid-epoch check
  const std::string& message() const { return message_; }  // why the run failed
  // After a whole test pass at an epoch's end: why the network looks saturated
  // (training_health.h), or empty for a healthy one. Set when epoch_results() grows.
  const std::string& warning() const { return warning_; }

 private:
  // evaluate_now's pass: its own copy of the weights, outside the run's curves. On the UI's
  // thread in slices: it is asked for seldom, and a copy of the model is all it needs.
  struct NowJob {
    Model model;
    size_t next = 0;
    std::unique_ptr<TestEvaluation> kept;
  };
  // The training set for the next run: the loaded images, then *extra_ if set; a new shared set
  // (and SetData) only when that differs from the current one.
  void mix_extra_train();
  void send_data_if_changed();
  void evaluate_now_slice(double time_left);
  // Takes in what the host sent; true when the model's weights changed.
  bool take_output();
  void on_progress(const Progress& p);
  void on_accuracy(const AccuracyPoint& point);
  bool apply_snapshot(const WeightSnapshot& s);
  void on_run_ended(const RunEnded& e);
  // Fills in which weights a whole pass was of and makes it the last evaluation.
  void keep_evaluation(std::unique_ptr<TestEvaluation> kept, const Model& model, int epoch);
  void sync_model_settings();
  void end_run(RunPhase phase);
  void measure_rate(double now);

  Clock clock_;
  std::unique_ptr<TrainingHost> host_;
  std::string host_note_;
  // The datasets, shared with the host's runner; never null (empty sets at first).
  std::shared_ptr<const Dataset> train_, test_;
  std::string source_;
  bool test_held_out_ = false;
  size_t loaded_train_ = 0;         // train_'s images before any extra ones
  const Dataset* extra_ = nullptr;  // set_extra_train
  bool data_sent_ = false;          // the host has train_ and test_
  TrainingConfig config_;
  bool fresh_ = true;  // the run started from a new network
  RunPhase phase_ = RunPhase::Idle;
  bool stopping_ = false;  // Stop sent, its RunEnded not yet in
  uint32_t run_ = 0;       // the current run's id; events of other runs are old news
  std::string message_;
  std::string warning_;

  Model* model_ = nullptr;  // the model of the current run
  Model before_;            // the model as it was when the run started
  std::optional<NowJob> now_job_;
  std::unique_ptr<TestEvaluation> last_eval_;
  uint64_t evaluations_kept_ = 0;
  int epochs_done_ = 0;
  size_t samples_seen_ = 0;
  double test_seconds_ = 0;
  size_t samples_total_ = 0;  // the runner's figure (Progress), epochs x epoch_samples()
  bool testing_ = false;      // the runner's last word: a whole test pass is under way
  // The training the model's weights have had: the last snapshot's own figures.
  size_t snapshot_samples_ = 0;
  int snapshot_epochs_ = 0;
  // While paused: network_fingerprint of the weights the runner holds too (the pause's, then
  // each snapshot taken in); the model's differing means the user changed them.
  uint64_t paused_fingerprint_ = 0;

  double eval_cost_ = 0;  // seconds per image of evaluate_now, measured slice by slice
  double last_update_ = 0;

  double test_accuracy_ = -1;
  std::vector<CurvePoint> loss_curve_, accuracy_curve_;
  std::vector<EpochResult> epoch_results_;

  // Throughput over the run's recent running time (frames while paused do not count): the
  // samples trained over the last kRateWindow seconds, from readings taken at each update.
  struct RateReading {
    double time = 0;  // active time
    size_t samples = 0;
  };
  double rate_ = 0;
  double last_tick_ = -1;   // clock at the end of the previous update, -1 after a pause
  double active_time_ = 0;  // seconds spent running
  std::deque<RateReading> readings_;
};

// The run's progress in one line of text for the panel: samples, then the rate and the time
// left while running ("testing" during a test pass), "paused" while paused (no rate or time
// left: nothing moves), and how the run ended.
std::string progress_text(const TrainingSession& session);

// FramePacer: how long each frame may train, so that a whole frame (the training slice, building
// the UI and drawing it) lasts about a target length. Training gets what the target leaves after
// the rest of the frame, whose cost the shell reports after each frame. That estimate rises at
// once with a costlier frame and falls back slowly, so a frame that suddenly costs more (a font
// rebuild, the model kept at an epoch's end) does not push the next ones over.
struct FramePacing {
  // Two refreshes of a 60 Hz display, less room for the browser's own work around the frame:
  // 30 frames/s with ~28 ms of every 33 training (10 ms slices at 60 frames/s trained 10 of
  // every 16.7), and a frame well under 50 ms, a delay a user does not notice.
  double target_seconds = 0.030;
  // While the user draws or types: one 60 Hz refresh. ImGui 1.86 reads the mouse once per
  // frame, so a stroke drawn at 30 frames/s would come out as coarse straight segments.
  double interactive_seconds = 0.012;
  double min_budget_seconds = 0.002;  // a costly UI slows training but never stops it
};

class FramePacer {
 public:
  explicit FramePacer(FramePacing pacing = {}) : pacing_(pacing) {}
  // Training time for this frame.
  double budget_seconds(bool interacting) const;
  // After each frame: how long it took without its training slice.
  void note_frame(double other_seconds);
  double other_seconds() const { return other_; }

 private:
  FramePacing pacing_;
  double other_ = 0;
};

}  // namespace digitlab
