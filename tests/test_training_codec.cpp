// The training protocol's bytes (src/app/training_codec.h), what the page's Web Worker and the
// main thread exchange: every command, event and snapshot comes back as it went, every field;
// truncated, damaged or inconsistent bytes are refused with a message, never half-decoded.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "data/model_file.h"
#include "network/evaluate.h"
#include "network/fingerprint.h"
#include "network/mistakes.h"
#include "training_codec.h"
#include "training_fixtures.h"

using namespace digitlab;
using training_test::bands;

namespace {

std::shared_ptr<const Dataset> shared(Dataset d) {
  return std::make_shared<const Dataset>(std::move(d));
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

bool same_dataset(const Dataset& a, const Dataset& b) {
  return a.rows == b.rows && a.cols == b.cols && a.pixels == b.pixels && a.labels == b.labels;
}

// A run's settings with every field away from its default, augmentation included.
TrainingConfig unusual_config() {
  TrainingConfig c;
  c.architecture.sizes = {784, 24, 12, 10};
  c.architecture.hidden = Activation::Relu;
  c.architecture.loss = Loss::SoftmaxCrossEntropy;
  c.architecture.bias = true;
  c.init = Init::He;
  c.seed = 0x123456789abcull;
  c.optimizer = Optimizer::Adam;
  c.learning_rate = 0.0025f;
  c.batch_size = 16;
  c.schedule = Schedule::Cosine;
  c.weight_decay = 0.0005f;
  c.epochs = 7;
  c.shuffle = true;
  c.augment.rotate_degrees = 12;
  c.augment.scale = 0.1f;
  c.augment.shear = 0.2f;
  c.augment.shift_pixels = 2;
  c.augment.elastic_alpha = 30;
  c.augment.elastic_sigma = 5;
  c.augment.thickness = 0.5f;
  c.augment.centre = false;
  c.augment.copies_degrees = 10;
  return c;
}

// A full pass with details over 60 images by an untrained network: plenty of mistakes.
AccuracyPoint full_point() {
  const Dataset test = bands(60);
  const Network net({784, 16, 10}, 5);
  auto details = std::make_shared<EvaluationDetails>(6);
  AccuracyPoint a;
  a.eval = evaluate(net, test, details.get());
  a.samples = 1234;
  a.full = true;
  a.epoch = 2;
  a.warning = "the outputs barely move";
  a.fingerprint = network_fingerprint(net);
  a.details = details;
  return a;
}

Progress sample_progress() {
  Progress p;
  p.run = 7;
  p.samples = 1234;
  p.samples_total = 60000;
  p.epochs_done = 2;
  p.loss = {{100, 0.75}, {200, 0.5}, {300, std::numeric_limits<double>::quiet_NaN()}};
  AccuracyPoint mid;
  mid.samples = 600;
  mid.eval = evaluate(Network({784, 16, 10}, 9), bands(30));
  mid.epoch = 1;
  p.accuracy = {mid, full_point()};
  p.testing = true;
  p.test_seconds = 1.25;
  return p;
}

std::vector<TrainingEvent> sample_events() {
  return {sample_progress(), RunEnded{7, RunEnd::Failed, "Training diverged at ..."},
          RunEnded{8, RunEnd::Stopped, ""}, Refused{"load training data first", 9},
          HostNote{"Training runs on the page's main thread"}};
}

WeightSnapshot sample_snapshot() {
  WeightSnapshot s;
  s.run = 3;
  s.samples = 98765;
  s.epochs_done = 1;
  s.weights = {0.5f, -1.25f, std::numeric_limits<float>::quiet_NaN(), 1e-30f};
  s.biases = {3.0f, -0.0f};
  return s;
}

void check_same_evaluation(const Evaluation& a, const Evaluation& b) {
  CHECK(a.total == b.total);
  CHECK(a.correct == b.correct);
  CHECK(a.non_finite == b.non_finite);
  CHECK(a.confusion == b.confusion);
  CHECK(a.output_low == b.output_low);
  CHECK(a.output_high == b.output_high);
}

// Every prefix of the bytes, and one byte more, is refused with a message.
template <class Decode>
void check_truncations_refused(const std::vector<uint8_t>& bytes, Decode decode) {
  REQUIRE(decode(bytes.data(), bytes.size()).ok());
  for (size_t n = 0; n < bytes.size(); ++n) {
    const auto r = decode(bytes.data(), n);
    CAPTURE(n);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().find("damaged training message") != std::string::npos);
  }
  std::vector<uint8_t> longer = bytes;
  longer.push_back(0);
  CHECK_FALSE(decode(longer.data(), longer.size()).ok());
}

}  // namespace

TEST_CASE("codec: data, start, pause, resume and stop come back as they went") {
  SUBCASE("SetData, with and without a test set") {
    Dataset odd = bands(5);
    odd.rows = 4;  // not 28x28: the codec carries any size the dataset has
    odd.cols = 7;
    odd.pixels.assign(5 * 28, 9);
    for (const auto& test : {shared(bands(13)), std::shared_ptr<const Dataset>()}) {
      const auto bytes = encode_command(SetData{shared(bands(40)), test});
      const Result<TrainingCommand> back = decode_command(bytes.data(), bytes.size());
      REQUIRE(back.ok());
      const SetData* d = std::get_if<SetData>(&*back);
      REQUIRE(d);
      REQUIRE(d->train.get() != nullptr);
      CHECK(same_dataset(*d->train, bands(40)));
      CHECK(bool(d->test) == bool(test));
      if (test) CHECK(same_dataset(*d->test, *test));
    }
    // Encoded into one allocation of the exact size (MNIST's is ~47 MB on the page's heap).
    const auto exact = encode_command(SetData{shared(bands(41)), shared(bands(13))});
    CHECK(exact.capacity() == exact.size());
    const auto bytes = encode_command(SetData{shared(odd), nullptr});
    const auto back = decode_command(bytes.data(), bytes.size());
    REQUIRE(back.ok());
    CHECK(same_dataset(*std::get<SetData>(*back).train, odd));
  }
  SUBCASE("Start: every setting and the network bit for bit") {
    Start start;
    start.run = 42;
    start.config = unusual_config();
    start.network = Network(start.config.architecture, 77, start.config.init);
    start.network.biases()[3] = 0.125f;  // not all zero
    const auto bytes = encode_command(start);
    const auto back = decode_command(bytes.data(), bytes.size());
    INFO(back.error());
    REQUIRE(back.ok());
    const Start* s = std::get_if<Start>(&*back);
    REQUIRE(s);
    CHECK(s->run == 42);
    CHECK(s->config == start.config);
    CHECK(s->config.augment == start.config.augment);
    CHECK(s->network.architecture() == start.network.architecture());
    CHECK(same_bits(s->network.weights(), start.network.weights()));
    CHECK(same_bits(s->network.biases(), start.network.biases()));
  }
  SUBCASE("Pause, Resume, Stop") {
    for (const TrainingCommand& c :
         {TrainingCommand(Pause{}), TrainingCommand(Resume{}), TrainingCommand(Stop{})}) {
      const auto bytes = encode_command(c);
      const auto back = decode_command(bytes.data(), bytes.size());
      REQUIRE(back.ok());
      CHECK(back->index() == c.index());
    }
    const auto plain = encode_command(Resume{});
    CHECK_FALSE(std::get<Resume>(*decode_command(plain.data(), plain.size())).changed());
  }
  SUBCASE("Resume with the weights changed while paused, bit for bit") {
    const Resume resume{sample_snapshot().weights, sample_snapshot().biases};
    const auto bytes = encode_command(resume);
    const auto back = decode_command(bytes.data(), bytes.size());
    REQUIRE(back.ok());
    const Resume* r = std::get_if<Resume>(&*back);
    REQUIRE(r);
    REQUIRE(r->changed());
    CHECK(same_bits(r->weights, resume.weights));
    CHECK(same_bits(r->biases, resume.biases));
    check_truncations_refused(bytes, decode_command);
  }
}

TEST_CASE("codec: events come back with every field, a full pass's details included") {
  const std::vector<TrainingEvent> events = sample_events();
  const auto bytes = encode_events(events);
  const Result<std::vector<TrainingEvent>> back = decode_events(bytes.data(), bytes.size());
  REQUIRE(back.ok());
  REQUIRE(back->size() == events.size());

  const Progress& p = std::get<Progress>(events[0]);
  const Progress& q = std::get<Progress>((*back)[0]);
  CHECK(q.run == p.run);
  CHECK(q.samples == p.samples);
  CHECK(q.samples_total == p.samples_total);
  CHECK(q.epochs_done == p.epochs_done);
  CHECK(q.testing);
  CHECK(q.test_seconds == 1.25);
  REQUIRE(q.loss.size() == 3);
  CHECK(q.loss[1].samples == 200);
  CHECK(q.loss[1].loss == 0.5);
  CHECK(std::isnan(q.loss[2].loss));
  REQUIRE(q.accuracy.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    const AccuracyPoint &a = p.accuracy[i], &b = q.accuracy[i];
    CAPTURE(i);
    CHECK(b.samples == a.samples);
    check_same_evaluation(b.eval, a.eval);
    CHECK(b.full == a.full);
    CHECK(b.epoch == a.epoch);
    CHECK(b.warning == a.warning);
    CHECK(b.fingerprint == a.fingerprint);
    CHECK(bool(b.details) == bool(a.details));
  }
  const EvaluationDetails &d = *p.accuracy[1].details, &e = *q.accuracy[1].details;
  REQUIRE(d.most_confident_mistakes().size() == 6);  // guard: the mistakes are there to compare
  CHECK(e.most_confident() == d.most_confident());
  for (int a = 0; a < kClasses; ++a)
    for (int pr = 0; pr < kClasses; ++pr) {
      CHECK(e.cell(a, pr) == d.cell(a, pr));
      CHECK(e.cell_confidences(a, pr) == d.cell_confidences(a, pr));
    }
  REQUIRE(e.most_confident_mistakes().size() == 6);
  for (size_t k = 0; k < 6; ++k) {
    const Mistake &m = d.most_confident_mistakes()[k], &n = e.most_confident_mistakes()[k];
    CHECK(n.index == m.index);
    CHECK(n.actual == m.actual);
    CHECK(n.predicted == m.predicted);
    CHECK(n.outputs == m.outputs);
  }

  const auto& failed = std::get<RunEnded>((*back)[1]);
  CHECK(failed.run == 7);
  CHECK(failed.how == RunEnd::Failed);
  CHECK(failed.message == "Training diverged at ...");
  CHECK(std::get<RunEnded>((*back)[2]).how == RunEnd::Stopped);
  CHECK(std::get<Refused>((*back)[3]).message == "load training data first");
  CHECK(std::get<Refused>((*back)[3]).run == 9);
  CHECK(std::get<HostNote>((*back)[4]).message == "Training runs on the page's main thread");

  const auto none = encode_events({});
  const auto empty = decode_events(none.data(), none.size());
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}

TEST_CASE("codec: a snapshot comes back bit for bit") {
  const WeightSnapshot s = sample_snapshot();
  const auto bytes = encode_snapshot(s);
  const Result<WeightSnapshot> back = decode_snapshot(bytes.data(), bytes.size());
  REQUIRE(back.ok());
  CHECK(back->run == s.run);
  CHECK(back->samples == s.samples);
  CHECK(back->epochs_done == s.epochs_done);
  CHECK(same_bits(back->weights, s.weights));
  CHECK(same_bits(back->biases, s.biases));
}

TEST_CASE("codec: truncated, lengthened and damaged messages are refused") {
  Start start;
  start.config = unusual_config();
  start.network = Network(start.config.architecture, 1, start.config.init);
  const auto set_data = encode_command(SetData{shared(bands(3)), shared(bands(2))});
  const auto start_bytes = encode_command(start);
  const auto events = encode_events(sample_events());
  const auto snapshot = encode_snapshot(sample_snapshot());
  check_truncations_refused(set_data, decode_command);
  check_truncations_refused(encode_command(Stop{}), decode_command);
  check_truncations_refused(snapshot, decode_snapshot);
  check_truncations_refused(events, decode_events);
  // The start message's model file is long; its own reader checks every byte of it (and is
  // fuzzed), so here its length field and the message's ends are what matters.
  for (size_t n : {size_t(0), size_t(6), size_t(9), size_t(14), start_bytes.size() / 2,
                   start_bytes.size() - 1})
    CHECK_FALSE(decode_command(start_bytes.data(), n).ok());

  auto refused = [](std::vector<uint8_t> bytes, size_t at, uint8_t value, auto decode) {
    bytes.at(at) = value;
    const auto r = decode(bytes.data(), bytes.size());
    return !r.ok() && !r.error().empty();
  };
  CHECK(refused(set_data, 0, 'X', decode_command));                   // magic
  CHECK(refused(set_data, 4, 1, decode_command));                     // version (the old one)
  CHECK(refused(set_data, 5, 9, decode_command));                     // kind
  CHECK(refused(set_data, 6, 2, decode_command));                     // presence flag
  CHECK(refused(set_data, set_data.size() - 1, 10, decode_command));  // a label of 10
  CHECK(refused(set_data, 22, 0xff, decode_command));   // image count beyond the bytes
  CHECK(refused(snapshot, 5, 16, decode_snapshot));     // events, not a snapshot
  CHECK(refused(events, 5, 32, decode_events));         // a snapshot, not events
  CHECK(refused(snapshot, 23, 0x40, decode_snapshot));  // weight count beyond the bytes
  CHECK(refused(start_bytes, start_bytes.size() - 1, 0, decode_command));  // model's CRC
  // An evaluation whose cells no longer add up to its total: the first confusion cell of the
  // first accuracy point (header 6, count 4, kind 1, run 4, 3 × 8 + 4 progress, loss count 4,
  // 3 × 16 loss points, accuracy count 4, samples 8, total/correct/non-finite 24).
  const size_t cell = 6 + 4 + 1 + 4 + 28 + 4 + 48 + 4 + 8 + 24;
  CHECK(refused(events, cell, static_cast<uint8_t>(events[cell] + 1), decode_events));

  // Any single byte changed: decoded or refused, never a crash (the sanitizer builds watch).
  for (const auto* bytes : {&set_data, &events, &snapshot})
    for (size_t i = 0; i < bytes->size(); ++i) {
      std::vector<uint8_t> damaged = *bytes;
      damaged[i] ^= 0x5a;
      if (bytes == &snapshot)
        (void)decode_snapshot(damaged.data(), damaged.size());
      else if (bytes == &events)
        (void)decode_events(damaged.data(), damaged.size());
      else
        (void)decode_command(damaged.data(), damaged.size());
    }
}

TEST_CASE("codec: a Start's network needs finite weights, not a model file's bound") {
  // The other hosts train any network the session starts; the worker's must too (the file's
  // bound, kMaxWeightMagnitude, is checked when a result is kept or saved).
  Start start;
  start.run = 5;
  start.config = unusual_config();
  start.network = Network(start.config.architecture, 3, start.config.init);
  start.network.weights()[7] = 1e7f;
  start.network.biases()[2] = -3e8f;
  REQUIRE_FALSE(check_model_weights(start.network).ok());  // guard: beyond the file's bound
  const auto bytes = encode_command(start);
  const auto back = decode_command(bytes.data(), bytes.size());
  INFO(back.error());
  REQUIRE(back.ok());
  const Start& s = std::get<Start>(*back);
  CHECK(same_bits(s.network.weights(), start.network.weights()));
  CHECK(same_bits(s.network.biases(), start.network.biases()));

  start.network.weights()[7] = std::numeric_limits<float>::infinity();
  const auto broken = encode_command(start);
  const auto refused = decode_command(broken.data(), broken.size());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().find("weight 7 is not a finite number") != std::string::npos);
}

TEST_CASE("codec: a test time that is negative or not finite is refused") {
  for (const double seconds :
       {-1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    CAPTURE(seconds);
    Progress p = sample_progress();
    p.test_seconds = seconds;
    const auto bytes = encode_events({p});
    const auto r = decode_events(bytes.data(), bytes.size());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().find("test time") != std::string::npos);
  }
}

TEST_CASE("codec: negative epochs and counts beyond size_t are refused") {
  auto with = [](std::vector<uint8_t> bytes, size_t at, std::vector<uint8_t> value) {
    std::copy(value.begin(), value.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at));
    return bytes;
  };
  const std::vector<uint8_t> minus_one = {0xff, 0xff, 0xff, 0xff};
  // A snapshot: header 6, run 4, samples 8 (at 10), epochs_done 4 (at 18).
  const auto snapshot = encode_snapshot(sample_snapshot());
  const auto negative = with(snapshot, 18, minus_one);
  const auto r = decode_snapshot(negative.data(), negative.size());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().find("-1 epochs") != std::string::npos);
  // Progress: header 6, count 4, kind 1, run 4, samples 8, total 8, then epochs_done (at 31).
  const auto events = encode_events(sample_events());
  const auto minus_progress = with(events, 31, minus_one);
  CHECK_FALSE(decode_events(minus_progress.data(), minus_progress.size()).ok());
  // The first accuracy point's epoch: after its evaluation (24 + 400 + 80) and its full flag;
  // the point starts after the progress's 20 bytes, 3 loss points and the two counts.
  const size_t point = 6 + 4 + 1 + 4 + 20 + 4 + 48 + 4;
  const size_t epoch = point + 8 + 24 + 400 + 80 + 1;
  REQUIRE(events[epoch] == 1);  // guard: the mid-epoch point's epoch, found where expected
  const auto minus_point = with(events, epoch, minus_one);
  CHECK_FALSE(decode_events(minus_point.data(), minus_point.size()).ok());

  // samples = the snapshot's + 2^32: in WebAssembly (32-bit size_t) that is refused, not cut
  // to the low half; natively it fits and comes back whole.
  const auto big = with(snapshot, 14, {1});
  const auto b = decode_snapshot(big.data(), big.size());
  if (SIZE_MAX < UINT64_MAX) {
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().find("too large") != std::string::npos);
  } else {
    REQUIRE(b.ok());
    CHECK(uint64_t(b->samples) == sample_snapshot().samples + (uint64_t(1) << 32));
  }
}
