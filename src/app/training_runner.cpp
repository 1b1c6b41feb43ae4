// TrainingRunner: the run's state machine, its pieces of training and evaluation, its curves.
//   handle             - the commands: data, start, pause, resume, stop
//   work               - pieces until the budget is spent, a snapshot every snapshot_seconds
//   train_piece        - trainer steps sized to piece_seconds, loss points, when to test
//   evaluate_piece     - a check or a whole pass over the test set, in pieces
#include "training_runner.h"

#include <algorithm>
#include <cassert>
#include <type_traits>

#include "network/fingerprint.h"
#include "overloaded.h"
#include "training/training_health.h"

namespace digitlab {
namespace {

constexpr size_t kMaxPiece = 4096;  // samples or images; bounds a piece if the clock misleads
constexpr size_t kEvalPiece = 500;  // test images between two looks at the clock

}  // namespace

void TrainingOutput::append(TrainingOutput&& later) {
  for (TrainingEvent& e : later.events) {
    // Progress after Progress of the same run becomes one: a UI that polls seldom (asleep, or
    // a hidden tab) finds one event with all the points, not hundreds.
    Progress* last = events.empty() ? nullptr : std::get_if<Progress>(&events.back());
    const Progress* next = std::get_if<Progress>(&e);
    if (last && next && last->run == next->run) {
      last->loss.insert(last->loss.end(), next->loss.begin(), next->loss.end());
      last->accuracy.insert(last->accuracy.end(), next->accuracy.begin(), next->accuracy.end());
      last->samples = next->samples;
      last->samples_total = next->samples_total;
      last->epochs_done = next->epochs_done;
      last->testing = next->testing;
      last->test_seconds = next->test_seconds;
      continue;
    }
    events.push_back(std::move(e));
  }
  if (later.snapshot) snapshot = std::move(later.snapshot);
  later.events.clear();
  later.snapshot.reset();
}

std::string divergence_message(float learning_rate, int epoch) {
  return "Training diverged at learning rate " + learning_rate_text(learning_rate) +
         " (the weights became infinite or NaN) in epoch " + std::to_string(epoch + 1) +
         ". The model from before this run was put back; try a smaller learning rate.";
}

struct TrainingRunner::Run {
  uint32_t id = 0;
  TrainingConfig config;
  Network net;                                 // trained in place
  Network before;                              // put back when the run diverges
  std::shared_ptr<const Dataset> train, test;  // held for the trainer's whole life
  std::unique_ptr<Trainer> trainer;
  size_t piece = 1;             // samples per training piece, grown to fill piece_seconds
  double quickest_step = 1e30;  // seconds: the trainer's quickest step so far
  size_t interval = 0;          // samples between accuracy checks
  size_t next_check = 0;
  size_t loss_every = 1;
  double loss_sum = 0;
  size_t loss_count = 0;
  // The test pass under way: images [next, end), full = the whole set, whose details (cells'
  // images, surest mistakes) are collected in the same pass, for the Evaluation view.
  struct Eval {
    size_t next = 0, end = 0;
    bool full = false;
    Evaluation eval;
    std::shared_ptr<EvaluationDetails> details;  // full passes only
  };
  static Eval whole_pass(size_t images) {
    return Eval{
        0, images, true, {}, std::make_shared<EvaluationDetails>(RunSchedule::kKeptMistakes)};
  }
  std::optional<Eval> eval;
  Progress progress;  // what is not yet sent
  bool progress_new = false;
  double last_snapshot = 0;
  size_t snapshot_samples = 0;  // samples_seen when the last snapshot was taken
};

TrainingRunner::TrainingRunner(Clock clock, RunnerOptions options)
    : clock_(std::move(clock)), options_(options) {}
TrainingRunner::~TrainingRunner() = default;

void TrainingRunner::handle(TrainingCommand command) {
  std::visit(Overloaded{
                 [&](SetData& c) {
                   if (run_) {
                     out_.events.push_back(Refused{Refusals::kDataDuringRun, 0});
                     return;
                   }
                   train_ = std::move(c.train);
                   test_ = std::move(c.test);
                 },
                 [&](Start& c) { start(std::move(c)); },
                 [&](Pause&) {
                   if (!run_ || paused_) return;
                   paused_ = true;
                   publish_snapshot();  // the weights as they stay while paused
                   flush_progress();
                 },
                 [&](Resume& c) {
                   if (!run_) return;
                   paused_ = false;
                   if (c.changed()) take_weights(c);
                 },
                 [&](Stop&) {
                   if (run_) end(RunEnd::Stopped);
                 },
             },
             command);
}

void TrainingRunner::start(Start&& c) {
  if (run_) {
    out_.events.push_back(Refused{Refusals::kRunUnderWay, c.run});
    return;
  }
  if (!train_ || train_->size() == 0) {
    out_.events.push_back(Refused{Refusals::kNoData, c.run});
    return;
  }
  if (static_cast<size_t>(c.network.input_size()) != train_->pixels_per_image()) {
    out_.events.push_back(Refused{"the network's input does not match the images", c.run});
    return;
  }
  // The runner's evaluations count answers in kClasses-wide matrices and index the test set as
  // the training set's images: a message (the worker's SetData and Start) may say otherwise.
  if (c.network.output_size() != kClasses) {
    out_.events.push_back(Refused{"the network does not have one output per digit"});
    return;
  }
  if (test_ && (test_->rows != train_->rows || test_->cols != train_->cols)) {
    out_.events.push_back(Refused{"the test images are not the size of the training images"});
    return;
  }
  run_ = std::make_unique<Run>();
  Run& r = *run_;
  r.id = c.run;
  r.config = c.config;
  r.net = std::move(c.network);
  r.before = r.net;
  r.train = train_;
  r.test = test_;
  r.trainer = std::make_unique<Trainer>(r.net, *r.train, r.config);
  const size_t epoch = r.trainer->samples_per_epoch();
  const size_t total = static_cast<size_t>(r.config.epochs) * epoch;
  r.interval = (epoch + RunSchedule::kChecksPerEpoch - 1) / RunSchedule::kChecksPerEpoch;
  r.next_check = r.interval;
  r.loss_every = std::max<size_t>(1, total / RunSchedule::kLossPoints);
  r.progress.run = r.id;
  r.progress.samples_total = total;
  paused_ = false;
  // The accuracy before training: the start of the curve.
  if (r.test && r.test->size() > 0) r.eval = Run::whole_pass(r.test->size());
  r.progress_new = true;  // the first Progress: the total, and whether a test pass is under way
  r.last_snapshot = clock_();
}

void TrainingRunner::take_weights(const Resume& p) {
  Run& r = *run_;
  if (p.weights.size() != r.net.weights().size() || p.biases.size() != r.net.biases().size()) {
    out_.events.push_back(Refused{"the changed weights do not fit the run's network", 0});
    return;
  }
  // In place: the trainer refers to r.net (an engine that keeps its own form of the weights
  // notices the change, engines.h). The optimiser's state and the run's counts stay.
  std::copy(p.weights.begin(), p.weights.end(), r.net.weights().begin());
  std::copy(p.biases.begin(), p.biases.end(), r.net.biases().begin());
  // A test pass half done was of the old weights: it starts again on these.
  if (r.eval)
    r.eval = r.eval->full ? Run::whole_pass(r.eval->end) : Run::Eval{0, r.eval->end, false, {}, {}};
}

void TrainingRunner::work(double budget_seconds) {
  const double start = clock_();
  double now = start;
  while (busy()) {
    const double piece_start = now;
    const bool testing = run_->eval.has_value();
    if (testing)
      evaluate_piece();
    else
      train_piece();
    now = clock_();
    if (testing && run_) run_->progress.test_seconds += now - piece_start;
    // Only when the samples moved: a whole test pass changes no weight.
    if (run_ && now - run_->last_snapshot >= options_.snapshot_seconds &&
        run_->trainer->stats().samples_seen != run_->snapshot_samples) {
      publish_snapshot();
      now = clock_();  // the copy's time is not the next piece's (a test piece counts its own)
    }
    if (now - start >= budget_seconds) break;
  }
  flush_progress();
}

void TrainingRunner::train_piece() {
  Run& r = *run_;
  const Trainer& t = *r.trainer;
  size_t n = r.piece;
  const bool checks = r.test && r.test->size() > 0 && r.next_check < t.samples_per_epoch();
  if (checks && r.next_check > t.stats().index_in_epoch)
    n = std::min(n, r.next_check - t.stats().index_in_epoch);
  const double t0 = clock_();
  const size_t done = r.trainer->step(n);
  const double seconds = clock_() - t0;
  const TrainerStats& stats = t.stats();
  if (!stats.error.empty()) {
    r.net = r.before;
    publish_snapshot();
    end(RunEnd::Failed, divergence_message(r.config.learning_rate, stats.epoch));
    return;
  }
  if (done == 0) return;
  // Double while a piece is well under its time, halve when over: a few pieces find the size.
  // A step also costs something whatever its size (the trainer keeps the weights to undo a
  // diverging step): where that is large (a sanitizer build: 3 ms for 784-200-10), pieces of
  // one sample would spend all their time on it. So a piece lasts at least 8 of the quickest
  // steps seen, up to 8 pieces' time, which still gives >= 10 snapshots/s.
  r.quickest_step = std::min(r.quickest_step, seconds);
  const double target =
      std::min(8 * options_.piece_seconds, std::max(options_.piece_seconds, 8 * r.quickest_step));
  if (seconds < target / 2)
    r.piece = std::min(kMaxPiece, r.piece * 2);
  else if (seconds > target && r.piece > 1)
    r.piece /= 2;

  r.progress.samples = stats.samples_seen;
  r.progress.epochs_done = stats.epoch;
  r.progress_new = true;
  r.loss_sum += stats.last_step_loss * static_cast<double>(done);
  r.loss_count += done;
  if (r.loss_count >= r.loss_every || stats.finished) {
    r.progress.loss.push_back({stats.samples_seen, r.loss_sum / static_cast<double>(r.loss_count)});
    r.loss_sum = 0;
    r.loss_count = 0;
  }
  if (t.epoch_just_ended()) {
    // The weights this epoch ended with leave no later than its Progress: the app keeps the
    // model at each epoch's end, labelled with the epochs its weights have had.
    publish_snapshot();
    r.next_check = r.interval;
    if (r.test && r.test->size() > 0) r.eval = Run::whole_pass(r.test->size());
  } else if (checks && stats.index_in_epoch >= r.next_check) {
    while (r.next_check <= stats.index_in_epoch) r.next_check += r.interval;
    r.eval = Run::Eval{0, std::min(r.test->size(), RunSchedule::kCheckImages), false, {}, {}};
  }
  if (!r.eval && stats.finished) {
    publish_snapshot();
    end(RunEnd::Finished);
  }
}

void TrainingRunner::evaluate_piece() {
  Run& r = *run_;
  Run::Eval& e = *r.eval;
  const size_t n = std::min(kEvalPiece, e.end - e.next);
  evaluate_range(e.eval, r.net, *r.test, e.next, e.next + n, e.details.get());
  e.next += n;
  if (e.next >= e.end) finish_evaluation();
}

void TrainingRunner::finish_evaluation() {
  Run& r = *run_;
  Run::Eval e = std::move(*r.eval);
  r.eval.reset();
  const TrainerStats& stats = r.trainer->stats();
  AccuracyPoint point;
  point.samples = stats.samples_seen;
  point.eval = e.eval;
  point.full = e.full;
  point.epoch = stats.epoch;
  if (e.full) {
    point.details = std::move(e.details);
    point.fingerprint = network_fingerprint(r.net);  // the weights evaluated: not trained since
  }
  // Before any training (epoch 0) there is nothing to diagnose.
  if (e.full && stats.epoch > 0)
    point.warning =
        saturation_warning(e.eval, r.config.learning_rate, r.config.optimizer).value_or("");
  r.progress.accuracy.push_back(std::move(point));
  r.progress_new = true;
  if (stats.finished) {
    publish_snapshot();
    end(RunEnd::Finished);
  }
}

void TrainingRunner::publish_snapshot() {
  Run& r = *run_;
  WeightSnapshot s;
  s.run = r.id;
  s.weights = r.net.weights();
  s.biases = r.net.biases();
  s.samples = r.trainer->stats().samples_seen;
  s.epochs_done = r.trainer->stats().epoch;
  r.snapshot_samples = s.samples;
  out_.snapshot = std::move(s);
  r.last_snapshot = clock_();
}

void TrainingRunner::flush_progress() {
  if (!run_ || !run_->progress_new) return;
  Progress& p = run_->progress;
  p.testing = run_->eval && run_->eval->full;
  out_.events.push_back(p);  // a copy: samples_total and the id stay for the next
  p.loss.clear();
  p.accuracy.clear();
  run_->progress_new = false;
}

void TrainingRunner::end(RunEnd how, std::string message) {
  if (how == RunEnd::Stopped) publish_snapshot();  // what was trained so far
  flush_progress();
  out_.events.push_back(RunEnded{run_->id, how, std::move(message)});
  run_.reset();
  paused_ = false;
}

void TrainingRunner::take(TrainingOutput& out) {
  out.append(std::move(out_));
}

}  // namespace digitlab
