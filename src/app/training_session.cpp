// TrainingSession: settings checks, the run's state machine and its time slices.
//   start / stop / pause / resume  - the state machine (RunPhase)
//   update                         - slices of training and evaluation until the budget is spent
//   train_slice / evaluate_slice   - one slice each, sized from the measured cost per sample
//   evaluate_now                   - a whole test pass on request, kept with its details
//   FramePacer                     - each frame's budget: a target frame length less the rest
#include "training_session.h"

#include <algorithm>
#include <cassert>
#include <chrono>

#include "network/fingerprint.h"
#include "text_format.h"
#include "training/training_health.h"
#include "training_protocol.h"

namespace digitlab {
namespace {

// The curves' schedule, shared with TrainingRunner (training_protocol.h).
constexpr int kChecksPerEpoch = RunSchedule::kChecksPerEpoch;
constexpr size_t kCheckImages = RunSchedule::kCheckImages;
constexpr size_t kLossPoints = RunSchedule::kLossPoints;
constexpr size_t kMaxTrainSlice = 4096;  // samples; bounds a slice if the clock misleads
constexpr size_t kMaxEvalSlice = 8192;
// Seconds of running time the throughput is measured over: long enough to smooth out slices
// and test passes (which train nothing), short enough to follow a real change of speed.
constexpr double kRateWindow = 4.0;
constexpr double kFirstRate = 1.0;     // running seconds before the first figure
constexpr double kMaxFrameGap = 0.25;  // longer gaps (a hidden tab) do not count as running
constexpr double kClockStep = 1e-4;    // the coarsest step of a browser's performance.now()

// How many samples fit in `seconds` at `cost` seconds each; 1 while the cost is unknown, so a
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
  // before) made the slice after a short one at a test check run two to four times its budget,
  // 50-130 ms frames in the page.
  if (seconds <= 0) {
    const double bound = kClockStep / static_cast<double>(samples);
    return old_cost > 0 ? std::min(old_cost, bound) : bound;
  }
  const double cost = seconds / static_cast<double>(samples);
  return old_cost > 0 ? 0.7 * old_cost + 0.3 * cost : cost;
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

double TrainingSession::steady_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

TrainingSession::TrainingSession(Clock clock) : clock_(std::move(clock)) {}
TrainingSession::~TrainingSession() = default;

Status TrainingSession::set_data(TrainingData data) {
  if (active()) return fail("stop the training run before loading new data");
  if (data.train.size() == 0) return fail("the training set holds no images");
  data_ = std::move(data);
  // Their images were the old test set's.
  now_job_.reset();
  last_eval_.reset();
  loaded_train_ = data_.train.size();
  return Status::success();
}

Status TrainingSession::set_test(Dataset test, const std::string& what) {
  if (active()) return fail("stop the training run before changing the test set");
  if (test.size() == 0) return fail("the new test set holds no images");
  if (!has_data()) return fail("load training data first (the bundled MNIST or your own files)");
  data_.test = std::move(test);
  data_.test_held_out = false;
  const std::string suffix = ", tested on " + what;
  const std::string& source = data_.source;
  const bool said = source.size() >= suffix.size() &&
                    source.compare(source.size() - suffix.size(), suffix.size(), suffix) == 0;
  if (!said) data_.source += suffix;
  test_accuracy_ = -1;  // the last figure was on another test set
  // Their images were the old test set's.
  now_job_.reset();
  last_eval_.reset();
  return Status::success();
}

size_t TrainingSession::epoch_samples() const {
  return data_.train.size() * static_cast<size_t>(config_.augment.copies());  // the trainer's
}

size_t TrainingSession::samples_total() const {
  return static_cast<size_t>(config_.epochs) * epoch_samples();
}

size_t TrainingSession::check_images() const {
  return std::min(data_.test.size(), kCheckImages);
}

double TrainingSession::eta_seconds() const {
  if (rate_ <= 0 || !running()) return -1;
  return static_cast<double>(samples_total() - samples_seen_) / rate_;
}

Status TrainingSession::start(ModelHost& host, const TrainSettings& settings) {
  if (active()) return fail("a training run is under way: stop it first");
  if (!has_data()) return fail("load training data first (the bundled MNIST or your own files)");
  Model* current = host.model();
  Result<TrainingConfig> config = run_config(current, settings);
  if (!config) return fail(config.error());
  config_ = *config;
  fresh_ = settings.fresh || current == nullptr;
  mix_extra_train();
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
  trainer_ = std::make_unique<Trainer>(current->network, data_.train, config_);

  message_.clear();
  warning_.clear();
  epochs_done_ = 0;
  samples_seen_ = 0;
  train_cost_ = eval_cost_ = 0;
  test_accuracy_ = -1;
  loss_curve_.clear();
  accuracy_curve_.clear();
  epoch_results_.clear();
  loss_sum_ = 0;
  loss_count_ = 0;
  rate_ = 0;
  last_tick_ = -1;
  active_time_ = 0;
  readings_.assign(1, RateReading{0, 0});
  next_check_ = (epoch_samples() + kChecksPerEpoch - 1) / kChecksPerEpoch;
  eval_.reset();
  // The accuracy before training: the start of the curve and the baseline a run improves on.
  if (data_.test.size() > 0) eval_ = full_eval_job();
  phase_ = RunPhase::Running;
  return Status::success();
}

TrainingSession::EvalJob TrainingSession::full_eval_job() {
  EvalJob job{0, data_.test.size(), {}, true, nullptr};
  job.kept = std::make_unique<TestEvaluation>();
  return job;
}

Status TrainingSession::evaluate_now(const Model* model) {
  if (!model) return fail("there is no model to evaluate: load or train one first");
  if (data_.test.size() == 0)
    return fail(
        "there is no test set: load the bundled MNIST, or upload test images with their labels "
        "(a training upload alone keeps its last part back for testing)");
  now_job_.emplace();
  now_job_->model = *model;
  now_job_->kept = std::make_unique<TestEvaluation>();
  return Status::success();
}

double TrainingSession::evaluate_now_fraction() const {
  if (!now_job_ || data_.test.size() == 0) return 0;
  return static_cast<double>(now_job_->next) / static_cast<double>(data_.test.size());
}

void TrainingSession::mix_extra_train() {
  // Appended in place rather than copied: the loaded set may be MNIST's 47 MB, and the page's
  // memory is tight. Shuffling runs mix them in; the book's file order trains them last.
  Dataset& train = data_.train;
  train.labels.resize(loaded_train_);
  train.pixels.resize(loaded_train_ * train.pixels_per_image());
  if (!extra_ || extra_->size() == 0) return;
  train.labels.insert(train.labels.end(), extra_->labels.begin(), extra_->labels.end());
  train.pixels.insert(train.pixels.end(), extra_->pixels.begin(), extra_->pixels.end());
}

bool TrainingSession::update(double budget_seconds) {
  last_update_ = 0;
  const bool was_running = phase_ == RunPhase::Running;
  if (!was_running && !now_job_) return false;
  const double start = clock_();
  double now = start;
  bool changed = false;
  do {
    const double left = budget_seconds - (now - start);
    if (now_job_) {  // asked for: before the run's own work, which waits for it
      evaluate_now_slice(left);
    } else if (eval_) {
      evaluate_slice(left);
    } else {
      train_slice(left);
      changed = true;
    }
    now = clock_();
  } while ((phase_ == RunPhase::Running || now_job_) && now - start < budget_seconds);
  last_update_ = now - start;
  if (was_running) measure_rate(now);
  return changed;
}

void TrainingSession::train_slice(double time_left) {
  const size_t in_epoch = trainer_->stats().index_in_epoch;
  size_t n = slice_size(time_left, train_cost_, kMaxTrainSlice);
  const bool checks = data_.test.size() > 0 && next_check_ < epoch_samples();
  // Up to the next check; a step may have gone past it (a batch is trained whole).
  if (checks && next_check_ > in_epoch) n = std::min(n, next_check_ - in_epoch);

  const double t0 = clock_();
  const size_t done = trainer_->step(n);
  const TrainerStats& stats = trainer_->stats();
  samples_seen_ = stats.samples_seen;  // before the clock: a test's simulated clock counts them
  const double seconds = clock_() - t0;
  if (!stats.error.empty()) {
    *model_ = before_;
    message_ = divergence_message(config_.learning_rate, stats.epoch);
    end_run(RunPhase::Failed);
    return;
  }
  if (done == 0) return;
  train_cost_ = smoothed(train_cost_, seconds, done);
  epochs_done_ = stats.epoch;
  sync_model_settings();

  loss_sum_ += stats.last_step_loss * static_cast<double>(done);
  loss_count_ += done;
  if (loss_count_ >= std::max<size_t>(1, samples_total() / kLossPoints) || stats.finished) {
    loss_curve_.push_back({static_cast<float>(samples_seen_),
                           static_cast<float>(loss_sum_ / static_cast<double>(loss_count_))});
    loss_sum_ = 0;
    loss_count_ = 0;
  }

  if (trainer_->epoch_just_ended()) {
    next_check_ = (epoch_samples() + kChecksPerEpoch - 1) / kChecksPerEpoch;
    if (data_.test.size() > 0) eval_ = full_eval_job();
  } else if (checks && stats.index_in_epoch >= next_check_) {
    // Past every check the step went over (a batch larger than the interval crosses several).
    const size_t interval = (epoch_samples() + kChecksPerEpoch - 1) / kChecksPerEpoch;
    while (next_check_ <= stats.index_in_epoch) next_check_ += interval;
    eval_ = EvalJob{0, check_images(), {}, false, nullptr};
  }
  if (!eval_ && stats.finished) end_run(RunPhase::Finished);
}

void TrainingSession::evaluate_slice(double time_left) {
  EvalJob& job = *eval_;
  const size_t n = std::min(slice_size(time_left, eval_cost_, kMaxEvalSlice), job.end - job.next);
  const double t0 = clock_();
  evaluate_range(job.eval, model_->network, data_.test, job.next, job.next + n,
                 job.kept ? &job.kept->details : nullptr);
  eval_cost_ = smoothed(eval_cost_, clock_() - t0, n);
  job.next += n;
  if (job.next >= job.end) finish_eval();
}

void TrainingSession::evaluate_now_slice(double time_left) {
  NowJob& job = *now_job_;
  const size_t end = data_.test.size();
  const size_t n = std::min(slice_size(time_left, eval_cost_, kMaxEvalSlice), end - job.next);
  const double t0 = clock_();
  evaluate_range(job.kept->eval, job.model.network, data_.test, job.next, job.next + n,
                 &job.kept->details);
  eval_cost_ = smoothed(eval_cost_, clock_() - t0, n);
  job.next += n;
  if (job.next < end) return;
  NowJob done = std::move(*now_job_);
  now_job_.reset();
  keep_evaluation(std::move(done.kept), done.model, -1);
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

void TrainingSession::finish_eval() {
  EvalJob job = std::move(*eval_);
  eval_.reset();
  if (job.kept) {
    job.kept->eval = job.eval;
    keep_evaluation(std::move(job.kept), *model_, epochs_done_);
  }
  const double accuracy = job.eval.accuracy();
  accuracy_curve_.push_back({static_cast<float>(samples_seen_), static_cast<float>(accuracy)});
  if (job.full) {
    test_accuracy_ = accuracy;
    // Before any training (epoch 0) there is nothing to diagnose.
    std::optional<std::string> w;
    if (epochs_done_ > 0)
      w = saturation_warning(job.eval, config_.learning_rate, config_.optimizer);
    warning_ = w.value_or("");
    epoch_results_.push_back({epochs_done_, accuracy});
  }
  if (trainer_ && trainer_->stats().finished) end_run(RunPhase::Finished);
}

void TrainingSession::sync_model_settings() {
  // A continued model adds this run to what it had seen; a fresh one starts from zero.
  const TrainingProgress base = fresh_ ? TrainingProgress{} : before_.progress;
  // The run's config; a continued model keeps the init and seed it was first drawn with.
  model_->config =
      fresh_ ? trainer_->config() : recorded_config(before_.config, trainer_->config());
  model_->progress.epochs = base.epochs + static_cast<uint32_t>(epochs_done_);
  model_->progress.samples = base.samples + samples_seen_;
}

void TrainingSession::end_run(RunPhase phase) {
  phase_ = phase;
  trainer_.reset();
  eval_.reset();
  model_ = nullptr;
  last_tick_ = -1;
}

void TrainingSession::measure_rate(double now) {
  if (last_tick_ >= 0) active_time_ += std::min(now - last_tick_, kMaxFrameGap);
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
  if (phase_ != RunPhase::Running) return;
  phase_ = RunPhase::Paused;
  last_tick_ = -1;  // the paused time is not running time
}

void TrainingSession::resume() {
  if (phase_ == RunPhase::Paused) phase_ = RunPhase::Running;
}

void TrainingSession::stop() {
  if (active()) end_run(RunPhase::Stopped);
}

void TrainingSession::clear_history() {
  stop();
  phase_ = RunPhase::Idle;
  message_.clear();
  warning_.clear();
  epochs_done_ = 0;
  samples_seen_ = 0;
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
      if (s.evaluating()) line += "  testing";
      break;
    case RunPhase::Paused:
      line += "  paused";
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
