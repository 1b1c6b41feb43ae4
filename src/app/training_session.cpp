// TrainingSession: settings checks, the run's state machine and the host's messages.
//   start / stop / pause / resume  - the state machine (RunPhase), each a command to the host
//   update / take_output           - the host's time, then its progress, snapshots and ends
//   mix_extra_train                - my digits mixed into a new shared training set on change
//   evaluate_now                   - a whole test pass on request, kept with its details
//   FramePacer                     - each frame's budget: a target frame length less the rest
#include "training_session.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "network/fingerprint.h"
#include "overloaded.h"
#include "text_format.h"
#include "training/trainer.h"

namespace digitlab {
namespace {

constexpr size_t kMaxEvalSlice = 8192;  // images; bounds a slice if the clock misleads
// Seconds of running time the throughput is measured over: long enough to smooth out slices
// and test passes (which train nothing), short enough to follow a real change of speed.
constexpr double kRateWindow = 4.0;
constexpr double kFirstRate = 1.0;  // running seconds before the first figure
// A host that trains only inside update() (on the UI's thread) stops when frames stop (a hidden
// tab): longer gaps are not running time. A thread or a worker trains on; there every second
// between two updates while running counts.
constexpr double kMaxFrameGap = 0.25;
constexpr double kClockStep = 1e-4;  // the coarsest step of a browser's performance.now()

// How many images fit in `seconds` at `cost` seconds each; 1 while the cost is unknown, so a
// first slice stays small even for a big network.
size_t slice_size(double seconds, double cost, size_t max) {
  if (cost <= 0) return 1;
  const double n = seconds / cost;
  return n < 1 ? 1 : n > static_cast<double>(max) ? max : static_cast<size_t>(n);
}

double smoothed(double old_cost, double seconds, size_t samples) {
  // A slice below the clock's resolution (the browser coarsens performance.now() to 0.1 ms)
  // says only that a sample costs less than one clock step over the slice's samples: a bound
  // the next slice can grow to, but no measurement. Taking it for one (halving the cost, as
  // before) made the slice after a short one run two to four times its budget.
  if (seconds <= 0) {
    const double bound = kClockStep / static_cast<double>(samples);
    return old_cost > 0 ? std::min(old_cost, bound) : bound;
  }
  const double cost = seconds / static_cast<double>(samples);
  return old_cost > 0 ? 0.7 * old_cost + 0.3 * cost : cost;
}

// The same images and labels (a training set's tail against the extra images).
bool same_images(const Dataset& a, size_t a_from, const Dataset& b) {
  const size_t n = b.size();
  if (a.size() - a_from != n || a.pixels_per_image() != b.pixels_per_image()) return false;
  const size_t pixels = a.pixels_per_image();
  return std::equal(b.labels.begin(), b.labels.end(), a.labels.begin() + a_from) &&
         (n == 0 || std::memcmp(a.image(a_from), b.image(0), n * pixels) == 0);
}

}  // namespace

Result<TrainingConfig> run_config(const Model* current, const TrainSettings& settings) {
  TrainingConfig config = settings.config;
  if (!settings.fresh && current) {
    if (Status s = check_model_shape(current->network, kImagePixels, kClasses); !s)
      return fail(s.error());
    return continued_config(current->network.architecture(), config);
  }
  if (Status s = validate_config(config); !s) return fail(s.error());
  return config;
}

TrainingSession::TrainingSession(Clock clock)
    : clock_(std::move(clock)),
      host_(std::make_unique<MainThreadTrainingHost>(clock_)),
      train_(std::make_shared<const Dataset>()),
      test_(std::make_shared<const Dataset>()) {}
TrainingSession::~TrainingSession() = default;

void TrainingSession::use_host(std::unique_ptr<TrainingHost> host) {
  if (!host) return;
  if (active()) clear_history();  // the old host's run is not followed any further
  host_ = std::move(host);
  host_note_.clear();
  data_sent_ = false;
}

Status TrainingSession::set_data(TrainingData data) {
  if (active()) return fail(Refusals::kDataDuringRun);
  if (data.train.size() == 0) return fail("the training set holds no images");
  loaded_train_ = data.train.size();
  train_ = std::make_shared<const Dataset>(std::move(data.train));
  test_ = std::make_shared<const Dataset>(std::move(data.test));
  source_ = std::move(data.source);
  test_held_out_ = data.test_held_out;
  data_sent_ = false;
  // Their images were the old test set's.
  now_job_.reset();
  last_eval_.reset();
  return Status::success();
}

Status TrainingSession::set_test(Dataset test, const std::string& what) {
  if (active()) return fail("stop the training run before changing the test set");
  if (test.size() == 0) return fail("the new test set holds no images");
  if (!has_data()) return fail(Refusals::kNoData);
  test_ = std::make_shared<const Dataset>(std::move(test));
  test_held_out_ = false;
  data_sent_ = false;
  const std::string suffix = ", tested on " + what;
  const bool said = source_.size() >= suffix.size() &&
                    source_.compare(source_.size() - suffix.size(), suffix.size(), suffix) == 0;
  if (!said) source_ += suffix;
  test_accuracy_ = -1;  // the last figure was on another test set
  // Their images were the old test set's.
  now_job_.reset();
  last_eval_.reset();
  return Status::success();
}

size_t TrainingSession::epoch_samples() const {
  return train_->size() * static_cast<size_t>(config_.augment.copies());  // the trainer's
}

size_t TrainingSession::samples_total() const {
  return samples_total_ > 0 ? samples_total_
                            : static_cast<size_t>(config_.epochs) * epoch_samples();
}

size_t TrainingSession::check_images() const {
  return std::min(test_->size(), RunSchedule::kCheckImages);
}

double TrainingSession::eta_seconds() const {
  if (rate_ <= 0 || !running()) return -1;
  return static_cast<double>(samples_total() - samples_seen_) / rate_;
}

bool TrainingSession::evaluating() const {
  return active() && testing_;
}

Status TrainingSession::start(ModelHost& host, const TrainSettings& settings) {
  if (active()) return fail(Refusals::kRunUnderWay);
  if (!has_data()) return fail(Refusals::kNoData);
  Model* current = host.model();
  Result<TrainingConfig> config = run_config(current, settings);
  if (!config) return fail(config.error());
  config_ = *config;
  fresh_ = settings.fresh || current == nullptr;
  mix_extra_train();
  send_data_if_changed();
  if (fresh_) {
    Model fresh;
    fresh.network = make_network(config_);
    fresh.config = config_;
    // Kept whole, so a run that fails gives the user's model back, not half a run; without
    // one, the fresh network as it started.
    before_ = current ? *current : fresh;
    current = &host.adopt(std::move(fresh));
  } else {
    before_ = *current;
  }
  model_ = current;
  host_->send(Start{++run_, config_, model_->network});

  message_.clear();
  warning_.clear();
  stopping_ = false;
  epochs_done_ = 0;
  samples_seen_ = 0;
  samples_total_ = 0;
  test_seconds_ = 0;
  snapshot_samples_ = 0;
  snapshot_epochs_ = 0;
  // Until the runner's first Progress says: a run with a test set starts with a whole pass.
  testing_ = test_->size() > 0;
  test_accuracy_ = -1;
  loss_curve_.clear();
  accuracy_curve_.clear();
  epoch_results_.clear();
  rate_ = 0;
  last_tick_ = -1;
  active_time_ = 0;
  readings_.assign(1, RateReading{0, 0});
  phase_ = RunPhase::Running;
  return Status::success();
}

void TrainingSession::mix_extra_train() {
  const Dataset* extra = extra_ && extra_->size() > 0 ? extra_ : nullptr;
  static const Dataset kNone;
  if (same_images(*train_, loaded_train_, extra ? *extra : kNone)) return;
  // A new set: the one the runner holds is read-only (a thread may be reading it). The loaded
  // images are copied once per change of the extra ones; the old set is freed when the host
  // lets go of it. Shuffling runs mix them in; the book's file order trains them last.
  Dataset mixed;
  mixed.rows = train_->rows;
  mixed.cols = train_->cols;
  const size_t pixels = train_->pixels_per_image();
  const size_t extra_n = extra ? extra->size() : 0;
  mixed.labels.reserve(loaded_train_ + extra_n);
  mixed.pixels.reserve((loaded_train_ + extra_n) * pixels);
  mixed.labels.assign(train_->labels.begin(), train_->labels.begin() + loaded_train_);
  mixed.pixels.assign(train_->pixels.begin(), train_->pixels.begin() + loaded_train_ * pixels);
  if (extra) {
    mixed.labels.insert(mixed.labels.end(), extra->labels.begin(), extra->labels.end());
    mixed.pixels.insert(mixed.pixels.end(), extra->pixels.begin(), extra->pixels.end());
  }
  train_ = std::make_shared<const Dataset>(std::move(mixed));
  data_sent_ = false;
}

void TrainingSession::send_data_if_changed() {
  if (data_sent_) return;
  host_->send(SetData{train_, test_});
  data_sent_ = true;
}

Status TrainingSession::evaluate_now(const Model* model) {
  if (!model) return fail("there is no model to evaluate: load or train one first");
  if (test_->size() == 0)
    return fail(
        "there is no test set: load the bundled MNIST, or upload test images with their labels "
        "(a training upload alone keeps its last part back for testing)");
  now_job_.emplace();
  now_job_->model = *model;
  now_job_->kept = std::make_unique<TestEvaluation>();
  return Status::success();
}

double TrainingSession::evaluate_now_fraction() const {
  if (!now_job_ || test_->size() == 0) return 0;
  return static_cast<double>(now_job_->next) / static_cast<double>(test_->size());
}

bool TrainingSession::update(double budget_seconds) {
  last_update_ = 0;
  const bool was_running = phase_ == RunPhase::Running;
  const double start = clock_();
  double now = start;
  // evaluate_now first: asked for, and on a main-thread host the run waits for it.
  while (now_job_ && now - start < budget_seconds) {
    evaluate_now_slice(budget_seconds - (now - start));
    now = clock_();
  }
  if (!now_job_ && host_->runs_on_caller() && phase_ == RunPhase::Running)
    host_->update(std::max(0.0, budget_seconds - (now - start)));
  const bool changed = take_output();
  now = clock_();
  last_update_ = now - start;
  if (was_running) measure_rate(now);
  return changed;
}

void TrainingSession::evaluate_now_slice(double time_left) {
  NowJob& job = *now_job_;
  const size_t end = test_->size();
  const size_t n = std::min(slice_size(time_left, eval_cost_, kMaxEvalSlice), end - job.next);
  const double t0 = clock_();
  evaluate_range(job.kept->eval, job.model.network, *test_, job.next, job.next + n,
                 &job.kept->details);
  job.next += n;  // before the clock: a test's simulated clock counts them
  eval_cost_ = smoothed(eval_cost_, clock_() - t0, n);
  if (job.next < end) return;
  NowJob done = std::move(*now_job_);
  now_job_.reset();
  keep_evaluation(std::move(done.kept), done.model, -1);
}

bool TrainingSession::take_output() {
  TrainingOutput out;
  host_->poll(out);
  bool changed = false;
  for (TrainingEvent& event : out.events) {
    std::visit(Overloaded{
                   [&](Progress& p) {
                     if (p.run == run_ && model_) on_progress(p);
                   },
                   [&](RunEnded& e) {
                     if (e.run != run_ || !model_) return;
                     // The weights it ended with come first (a rollback's are the old ones).
                     if (out.snapshot && out.snapshot->run == run_)
                       changed = apply_snapshot(*out.snapshot) || changed;
                     out.snapshot.reset();
                     if (e.how == RunEnd::Failed) changed = true;
                     on_run_ended(e);
                   },
                   [&](Refused& r) {
                     // Another command's refusal (or an old run's) changes no run: said.
                     if (!model_ || r.run != run_) {
                       host_note_ = "The training host refused a command: " + r.message;
                       return;
                     }
                     // A start the session let through and the runner did not (it checks
                     // the same things): the run ends before it began.
                     message_ = r.message;
                     *model_ = before_;
                     changed = true;
                     end_run(RunPhase::Failed);
                   },
                   [&](HostNote& n) { host_note_ = std::move(n.message); },
               },
               event);
  }
  if (out.snapshot && out.snapshot->run == run_ && model_)
    changed = apply_snapshot(*out.snapshot) || changed;
  return changed;
}

void TrainingSession::on_progress(const Progress& p) {
  samples_seen_ = p.samples;
  samples_total_ = p.samples_total;
  epochs_done_ = p.epochs_done;
  testing_ = p.testing;
  test_seconds_ = p.test_seconds;
  for (const LossPoint& l : p.loss)
    loss_curve_.push_back({static_cast<float>(l.samples), static_cast<float>(l.loss)});
  for (const AccuracyPoint& a : p.accuracy) on_accuracy(a);
}

void TrainingSession::on_accuracy(const AccuracyPoint& point) {
  const double accuracy = point.eval.accuracy();
  accuracy_curve_.push_back({static_cast<float>(point.samples), static_cast<float>(accuracy)});
  if (!point.full) return;
  test_accuracy_ = accuracy;
  warning_ = point.warning;
  epoch_results_.push_back({point.epoch, accuracy});
  if (!point.details) return;
  auto kept = std::make_unique<TestEvaluation>();
  kept->eval = point.eval;
  kept->details = *point.details;
  kept->fingerprint = point.fingerprint;
  kept->layers = layer_sizes_text(model_->network);
  // The model's training when the pass was taken, as sync_model_settings counts it.
  const TrainingProgress base = fresh_ ? TrainingProgress{} : before_.progress;
  kept->progress.epochs = base.epochs + static_cast<uint32_t>(point.epoch);
  kept->progress.samples = base.samples + point.samples;
  kept->epoch = point.epoch;
  kept->time = clock_();
  kept->id = ++evaluations_kept_;
  last_eval_ = std::move(kept);
}

bool TrainingSession::apply_snapshot(const WeightSnapshot& s) {
  Network& net = model_->network;
  if (s.weights.size() != net.weights().size() || s.biases.size() != net.biases().size())
    return false;  // not this network's (cannot happen with a run's own id)
  // Paused, the user may have changed the weights (the Step tab): those are kept, and resume()
  // hands them to the runner. A snapshot that was on its way (the pause's own) does not undo
  // them, nor does the one a stop ends with.
  const bool paused = phase_ == RunPhase::Paused;
  if (paused && network_fingerprint(net) != paused_fingerprint_) return false;
  std::copy(s.weights.begin(), s.weights.end(), net.weights().begin());
  std::copy(s.biases.begin(), s.biases.end(), net.biases().begin());
  if (paused) paused_fingerprint_ = network_fingerprint(net);
  // The model says what its weights saw: the snapshot's own figures, which may be older than
  // the last Progress's (the panel shows those) or newer.
  snapshot_samples_ = s.samples;
  snapshot_epochs_ = s.epochs_done;
  sync_model_settings();
  return true;
}

void TrainingSession::on_run_ended(const RunEnded& e) {
  switch (e.how) {
    case RunEnd::Finished:
      end_run(RunPhase::Finished);
      break;
    case RunEnd::Stopped:
      end_run(RunPhase::Stopped);
      break;
    case RunEnd::Failed:
      *model_ = before_;  // whole: its progress and config too, not only the weights
      message_ = e.message;
      end_run(RunPhase::Failed);
      break;
  }
}

void TrainingSession::keep_evaluation(std::unique_ptr<TestEvaluation> kept, const Model& model,
                                      int epoch) {
  kept->fingerprint = network_fingerprint(model.network);
  kept->layers = layer_sizes_text(model.network);
  kept->progress = model.progress;
  kept->epoch = epoch;
  kept->time = clock_();
  kept->id = ++evaluations_kept_;
  last_eval_ = std::move(kept);
}

void TrainingSession::sync_model_settings() {
  // A continued model adds this run to what it had seen; a fresh one starts from zero.
  const TrainingProgress base = fresh_ ? TrainingProgress{} : before_.progress;
  // The run's config; a continued model keeps the init and seed it was first drawn with.
  model_->config = fresh_ ? config_ : recorded_config(before_.config, config_);
  model_->progress.epochs = base.epochs + static_cast<uint32_t>(snapshot_epochs_);
  model_->progress.samples = base.samples + snapshot_samples_;
}

void TrainingSession::end_run(RunPhase phase) {
  phase_ = phase;
  stopping_ = false;
  model_ = nullptr;
  last_tick_ = -1;
}

void TrainingSession::measure_rate(double now) {
  if (last_tick_ >= 0) {
    const double gap = now - last_tick_;
    active_time_ += host_->runs_on_caller() ? std::min(gap, kMaxFrameGap) : gap;
  }
  last_tick_ = phase_ == RunPhase::Running ? now : -1;
  readings_.push_back({active_time_, samples_seen_});
  // Keep the newest reading at or before the window's start, so the window spans it whole.
  while (readings_.size() > 2 && readings_[1].time <= active_time_ - kRateWindow)
    readings_.pop_front();
  const RateReading& first = readings_.front();
  const double span = active_time_ - first.time;
  if (span >= kFirstRate) rate_ = static_cast<double>(samples_seen_ - first.samples) / span;
}

void TrainingSession::pause() {
  if (phase_ != RunPhase::Running || stopping_) return;
  phase_ = RunPhase::Paused;
  last_tick_ = -1;  // the paused time is not running time
  // The weights the model and the runner share from here (a snapshot on its way moves them on).
  paused_fingerprint_ = network_fingerprint(model_->network);
  host_->send(Pause{});
  // A main-thread host's pause snapshot (the weights as they stay) is ready now. Another host's
  // output waits for update(): whatever it says (a run failed just before the pause arrived)
  // reaches the panel through update(), as every run's end does.
  if (host_->runs_on_caller()) take_output();
}

void TrainingSession::resume() {
  if (phase_ != RunPhase::Paused || stopping_) return;
  phase_ = RunPhase::Running;
  // Changed while paused (the Step tab): the run goes on from these weights, not its own.
  Resume command;
  if (network_fingerprint(model_->network) != paused_fingerprint_) {
    command.weights = model_->network.weights();
    command.biases = model_->network.biases();
  }
  host_->send(std::move(command));
}

void TrainingSession::stop() {
  if (!active() || stopping_) return;
  stopping_ = true;
  host_->send(Stop{});
  // A main-thread host ends the run here, with the weights it stopped with; another host's end
  // comes in through update() (see pause()).
  if (host_->runs_on_caller()) take_output();
}

void TrainingSession::clear_history() {
  if (active()) {
    // Dropped: its later messages are of an old run (the id moves on at the next start, and
    // model_ is let go now), so the model the caller adopts next is not touched.
    host_->send(Stop{});
    end_run(RunPhase::Stopped);
  }
  phase_ = RunPhase::Idle;
  message_.clear();
  warning_.clear();
  epochs_done_ = 0;
  samples_seen_ = 0;
  samples_total_ = 0;
  test_seconds_ = 0;
  snapshot_samples_ = 0;
  snapshot_epochs_ = 0;
  testing_ = false;
  test_accuracy_ = -1;
  rate_ = 0;
  active_time_ = 0;
  readings_.clear();
  loss_curve_.clear();
  accuracy_curve_.clear();
  epoch_results_.clear();
}

std::string progress_text(const TrainingSession& s) {
  // Short enough for a narrow panel's one line: "12,000/60,000 samples  65,000/s  0:03 left".
  std::string line =
      thousands_text(s.samples_seen()) + "/" + thousands_text(s.samples_total()) + " samples";
  switch (s.phase()) {
    case RunPhase::Running:
      if (s.samples_per_second() > 0)
        line += "  " + thousands_text(static_cast<uint64_t>(s.samples_per_second() + 0.5)) + "/s";
      if (s.eta_seconds() >= 0) line += "  " + duration_text(s.eta_seconds()) + " left";
      if (s.stopping())
        line += "  stopping";
      else if (s.evaluating())
        line += "  testing";
      break;
    case RunPhase::Paused:
      line += s.stopping() ? "  stopping" : "  paused";
      break;
    case RunPhase::Finished:
      line += "  done in " + duration_text(s.running_seconds());
      break;
    case RunPhase::Stopped:
      line += "  stopped";
      break;
    case RunPhase::Failed:
      line += "  failed";
      break;
    case RunPhase::Idle:
      break;
  }
  return line;
}

double FramePacer::budget_seconds(bool interacting) const {
  const double target = interacting ? pacing_.interactive_seconds : pacing_.target_seconds;
  return std::max(pacing_.min_budget_seconds, target - other_);
}

void FramePacer::note_frame(double other_seconds) {
  // Up at once, down by a tenth of the difference per frame (half-way in ~7 frames).
  other_ = other_seconds >= other_ ? other_seconds : other_ + 0.1 * (other_seconds - other_);
}

}  // namespace digitlab
