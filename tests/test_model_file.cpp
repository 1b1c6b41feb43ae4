// Model files: bit-exact round trips (version 2, and version 1 read as the book's network), and
// every kind of bad file refused with a message naming the problem. Forged files are made by
// patching a saved file at the offsets model_file.h documents and writing the CRC again, so each
// test reaches the one check it is about.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "data/crc32.h"
#include "data/model_file.h"
#include "training/trainer.h"

using namespace digitlab;

namespace {

bool mentions(const std::string& text, const char* word) {
  return text.find(word) != std::string::npos;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  // memcmp on an empty vector's data() (null) is undefined, even for 0 bytes.
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

// ---- models ----

// The book's 784-30-10, trained for a while.
Model book_model() {
  TrainingConfig c;
  c.architecture.sizes = {784, 30, 10};
  c.learning_rate = 0.3f;
  c.seed = 11;
  c.epochs = 2;
  return Model{make_network(c), c, {2, 120000}};
}

// Every setting away from its default, biases that are not zero.
TrainingConfig modern_config(std::vector<int> sizes = {784, 64, 32, 10}) {
  TrainingConfig c;
  c.architecture.sizes = std::move(sizes);
  c.architecture.hidden = Activation::Relu;
  c.architecture.loss = Loss::SoftmaxCrossEntropy;
  c.architecture.bias = true;
  c.init = Init::He;
  c.seed = 0x0123456789abcdefull;
  c.optimizer = Optimizer::Adam;
  c.learning_rate = 0.001f;
  c.batch_size = 32;
  c.schedule = Schedule::Cosine;
  c.weight_decay = 1e-4f;
  c.epochs = 7;
  c.shuffle = true;
  return c;
}

Model modern_model(std::vector<int> sizes = {784, 64, 32, 10}) {
  const TrainingConfig c = modern_config(std::move(sizes));
  Model m{make_network(c), c, {3, 420000}};
  std::vector<float>& b = m.network.biases();
  for (size_t i = 0; i < b.size(); ++i) b[i] = 0.25f * std::sin(static_cast<float>(i) + 0.5f);
  return m;
}

// A small biased ReLU network (6-5-4-3: two hidden layers) for the forged files.
Model small_model() {
  return modern_model({6, 5, 4, 3});
}

// ---- bytes ----

void put(std::vector<uint8_t>& b, size_t at, uint64_t v, int bytes) {
  REQUIRE(at + bytes <= b.size());
  for (int i = 0; i < bytes; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
void fix_crc(std::vector<uint8_t>& b) {
  put(b, b.size() - 4, crc32(b.data(), b.size() - 4), 4);
}
uint32_t f32_bits(float f) {
  uint32_t v;
  std::memcpy(&v, &f, 4);
  return v;
}

// Offsets in a version-2 file of the version-2 layout (model_file.h).
size_t record_at(size_t l) {  // weight layer l's record
  return 16 + 16 * l;
}
size_t settings_at(const std::vector<uint8_t>& b) {  // H
  const uint32_t layers = b[8] | b[9] << 8 | b[10] << 16 | uint32_t(b[11]) << 24;
  return 16 + 16 * (layers - 1);
}
enum Field : size_t {
  kLoss = 0,
  kInit = 4,
  kSeed = 8,
  kOptimizer = 16,
  kRate = 20,
  kBatch = 24,
  kSchedule = 28,
  kDecay = 32,
  kEpochs = 36,
  kShuffle = 40,
  kEpochsSeen = 44,
  kSamplesSeen = 48,
  kWeightCount = 56,
  kBiasCount = 64,
  kValues = 72,
};

// The small model's file with a u32 (or u64) at `at` replaced and the CRC written again.
std::vector<uint8_t> forged(size_t at, uint64_t value, int bytes = 4) {
  std::vector<uint8_t> b = save_model(small_model());
  put(b, at, value, bytes);
  fix_crc(b);
  return b;
}
std::vector<uint8_t> forged_setting(Field f, uint64_t value, int bytes = 4) {
  const std::vector<uint8_t> b = save_model(small_model());
  return forged(settings_at(b) + f, value, bytes);
}

// The message a file is refused with (the test fails if it loads).
std::string refusal(const std::vector<uint8_t>& b) {
  const Result<Model> r = load_model(b.data(), b.size());
  REQUIRE_FALSE(r.ok());
  CHECK_FALSE(r.error().empty());
  return r.error();
}

// A version-1 file, written by hand as digitlab wrote them before version 2 (model_file.h).
std::vector<uint8_t> v1_file(const std::vector<uint32_t>& sizes, const std::vector<float>& weights,
                             float lr, uint32_t epochs, uint64_t seed, uint64_t samples,
                             uint64_t count_override = ~0ull) {
  std::vector<uint8_t> b = {'D', 'L', 'M', 'D'};
  auto le = [&](uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
  };
  le(1, 4);  // version
  le(1, 4);  // sigmoid
  le(sizes.size(), 4);
  for (uint32_t s : sizes) le(s, 4);
  le(f32_bits(lr), 4);
  le(epochs, 4);
  le(seed, 8);
  le(samples, 8);
  le(count_override != ~0ull ? count_override : weights.size(), 8);
  for (float w : weights) le(f32_bits(w), 4);
  le(crc32(b.data(), b.size()), 4);
  return b;
}

std::vector<float> some_weights(size_t n) {
  std::vector<float> w(n);
  for (size_t i = 0; i < n; ++i) w[i] = 0.5f * std::cos(static_cast<float>(i));
  return w;
}

}  // namespace

// ---- round trips ----

TEST_CASE("a 784-64-32-10 relu softmax-ce model with biases and Adam saves and loads bit for bit") {
  const Model m = modern_model();
  const std::vector<uint8_t> bytes = save_model(m);
  const Result<Model> back = load_model(bytes.data(), bytes.size());
  REQUIRE(back.ok());
  CHECK(back->network.architecture() == m.network.architecture());
  CHECK(back->network.has_bias());
  CHECK(same_bits(back->network.weights(), m.network.weights()));
  CHECK(same_bits(back->network.biases(), m.network.biases()));
  CHECK(back->network.biases()[1] != 0.0f);  // the biases were not all left at 0
  CHECK(back->config == m.config);
  CHECK(back->config.architecture == back->network.architecture());
  CHECK(back->progress.epochs == 3);
  CHECK(back->progress.samples == 420000);
  CHECK(save_model(*back) == bytes);  // and saving again gives the same bytes
  // The size is the layout's: header, records, settings, counts, values, CRC.
  CHECK(bytes.size() ==
        16 + 16 * 3 + 72 + 4 * (784 * 64 + 64 * 32 + 32 * 10) + 4 * (64 + 32 + 10) + 4);
}

TEST_CASE("the book's network saves as version 2 and loads bit for bit") {
  const Model m = book_model();
  const std::vector<uint8_t> bytes = save_model(m);
  CHECK(bytes[4] == 2);
  const Result<Model> back = load_model(bytes.data(), bytes.size());
  REQUIRE(back.ok());
  CHECK(back->network.architecture().is_book());
  CHECK(back->network.biases().empty());
  CHECK(same_bits(back->network.weights(), m.network.weights()));
  CHECK(back->config == m.config);
  CHECK(back->progress.epochs == 2);
  CHECK(back->progress.samples == 120000);
  CHECK(save_model(*back) == bytes);
}

TEST_CASE("a version-1 file loads as the book's architecture, its settings in the config") {
  const std::vector<float> w = some_weights(6 * 4 + 4 * 3);
  const std::vector<uint8_t> v1 = v1_file({6, 4, 3}, w, 0.25f, 3, 77, 9000);
  const Result<Model> r = load_model(v1.data(), v1.size());
  REQUIRE(r.ok());
  CHECK(r->network.architecture() == book_architecture({6, 4, 3}));
  CHECK(same_bits(r->network.weights(), w));
  CHECK(r->network.biases().empty());
  const TrainingConfig& c = r->config;
  CHECK(c.architecture == book_architecture({6, 4, 3}));
  CHECK(c.learning_rate == 0.25f);
  CHECK(c.seed == 77);
  CHECK(c.epochs == 3);  // the run's length: the epochs seen stand in for it
  CHECK(c.init == Init::Book);
  CHECK(c.optimizer == Optimizer::Sgd);
  CHECK(c.batch_size == 1);
  CHECK(c.schedule == Schedule::Constant);
  CHECK(c.weight_decay == 0.0f);
  CHECK_FALSE(c.shuffle);
  CHECK(uses_book_rule(c));
  CHECK(r->progress.epochs == 3);
  CHECK(r->progress.samples == 9000);

  // Saved again it is a version-2 file of the same model.
  const std::vector<uint8_t> v2 = save_model(*r);
  CHECK(v2[4] == 2);
  const Result<Model> again = load_model(v2.data(), v2.size());
  REQUIRE(again.ok());
  CHECK(same_bits(again->network.weights(), w));
  CHECK(again->config == c);
  CHECK(again->progress.samples == 9000);

  // An untrained version-1 model (0 epochs seen) still has a run of at least one epoch.
  const std::vector<uint8_t> fresh = v1_file({6, 4, 3}, w, 0.1f, 0, 1, 0);
  const Result<Model> f = load_model(fresh.data(), fresh.size());
  REQUIRE(f.ok());
  CHECK(f->config.epochs == 1);
  CHECK(f->progress.epochs == 0);
}

TEST_CASE("a model of more hidden layers than a run may make now still loads, in both versions") {
  // Version-1 files could have up to kMaxLayers layers; kMaxHiddenLayers limits new runs only.
  const std::vector<float> w = some_weights(6 * 2 * 2);
  const std::vector<uint8_t> v1 = v1_file({2, 2, 2, 2, 2, 2, 2}, w, 0.1f, 1, 1, 0);
  const Result<Model> r = load_model(v1.data(), v1.size());
  REQUIRE(r.ok());
  CHECK(r->network.layer_count() == 7);
  CHECK_FALSE(validate_config(r->config).ok());  // too deep to train from scratch now ...
  const std::vector<uint8_t> v2 = save_model(*r);
  const Result<Model> again = load_model(v2.data(), v2.size());  // ... but its file loads
  REQUIRE(again.ok());
  CHECK(same_bits(again->network.weights(), w));
}

TEST_CASE("version 1: a learning rate out of the config's limits is refused") {
  const std::vector<float> w = some_weights(2 * 2);
  for (const float lr : {std::nanf(""), INFINITY, 0.0f, 101.0f}) {
    CAPTURE(lr);
    const std::vector<uint8_t> b = v1_file({2, 2}, w, lr, 1, 1, 0);
    const std::string e = refusal(b);
    CHECK(mentions(e, "training settings are refused"));
    CHECK(mentions(e, "learning rate must be a number in (0, 100]"));
  }
}

TEST_CASE("version 1: an unknown activation, a bad layer list and a wrong count are refused") {
  const std::vector<float> w = some_weights(2 * 3 + 3 * 2);
  std::vector<uint8_t> b = v1_file({2, 3, 2}, w, 0.1f, 1, 1, 0);
  b[8] = 7;
  CHECK(mentions(refusal(b), "unknown activation (code 7)"));
  b = v1_file({2}, {}, 0.1f, 1, 1, 0);
  CHECK(mentions(refusal(b), "declares 1 layers"));
  b = v1_file({2, 3, 2}, w, 0.1f, 1, 1, 0, 11);
  CHECK(mentions(refusal(b), "weight count 11 does not match"));
  b = v1_file({2, 3, 2}, w, 0.1f, 1, 1, 0);
  b.insert(b.end() - 4, uint8_t{0});
  fix_crc(b);
  CHECK(mentions(refusal(b), "1 unexpected bytes after its weights"));
}

TEST_CASE("version 1: forged layer sizes whose weight count overflows 32 bits are refused") {
  // 65536 x 65536 weights = 2^32: on a 32-bit size_t (WebAssembly) a careless count wraps to 0.
  const std::vector<uint8_t> b = v1_file({65536, 65536}, {}, 0.1f, 1, 1, 0, 0);
  const std::string e = refusal(b);
  // Refused by the core's cap on a layer's width, which the message names, before any count.
  CHECK(mentions(e, "65536"));
  CHECK(mentions(e, "1 to 16384"));
}

TEST_CASE("load_digit_model: one loader with the 28x28 -> 10 shape check") {
  const std::vector<uint8_t> good = save_model(book_model());
  const Result<Model> ok = load_digit_model(good.data(), good.size());
  REQUIRE(ok.ok());
  CHECK(ok->network.input_size() == 784);
  const std::vector<uint8_t> small = save_model(small_model());
  REQUIRE(load_model(small.data(), small.size()).ok());  // a fine model ...
  const Result<Model> r = load_digit_model(small.data(), small.size());
  REQUIRE_FALSE(r.ok());  // ... of another shape
  CHECK(mentions(r.error(), "6 inputs and 3 outputs"));
  std::vector<uint8_t> broken = good;
  broken.pop_back();
  const Result<Model> b = load_digit_model(broken.data(), broken.size());
  REQUIRE_FALSE(b.ok());
  CHECK(mentions(b.error(), "truncated"));
}

TEST_CASE("a model of another shape is refused for MNIST") {
  const Model small{Network({64, 16, 10}, 1), {}, {}};
  CHECK(!check_model_shape(small.network, 784, 10).ok());
  CHECK(mentions(check_model_shape(small.network, 784, 10).error(), "64 inputs"));
  CHECK(check_model_shape(book_model().network, 784, 10).ok());
}

// ---- refusals: not a model, or not one this digitlab reads ----

TEST_CASE("an empty file is refused") {
  const Result<Model> r = load_model(nullptr, 0);
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "empty"));
}

TEST_CASE("a foreign file is refused, naming what it looks like") {
  const uint8_t png[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13};
  const Result<Model> r = load_model(png, sizeof png);
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "not a digitlab model"));
  const std::string csv = "5,0,0,0\n";
  const Result<Model> c = load_model(reinterpret_cast<const uint8_t*>(csv.data()), csv.size());
  REQUIRE(!c.ok());
  CHECK(mentions(c.error(), "it looks like a CSV dataset"));
}

TEST_CASE("an unknown version is refused") {
  std::vector<uint8_t> b = save_model(small_model());
  b[4] = 9;
  CHECK(mentions(refusal(b), "version 9 is not supported"));
  b[4] = 0;
  CHECK(mentions(refusal(b), "version 0 is not supported"));
}

TEST_CASE("an unknown kind of layer is refused") {
  CHECK(mentions(refusal(forged(record_at(1), 2)), "hidden layer 2 is of an unknown kind (code 2"));
}

TEST_CASE("an unknown activation code is refused") {
  CHECK(mentions(refusal(forged(record_at(0) + 8, 6)),
                 "hidden layer 1 has an unknown activation (code 6)"));
  CHECK(mentions(refusal(forged(record_at(2) + 8, 0)),
                 "output layer has an unknown activation (code 0)"));
}

TEST_CASE("an unknown loss code is refused") {
  CHECK(mentions(refusal(forged_setting(kLoss, 4)), "unknown loss (code 4)"));
}

TEST_CASE("an unknown initialisation code is refused") {
  CHECK(mentions(refusal(forged_setting(kInit, 0)), "unknown initialisation (code 0)"));
}

TEST_CASE("an unknown optimizer code is refused") {
  CHECK(mentions(refusal(forged_setting(kOptimizer, 5)), "unknown optimizer (code 5)"));
}

TEST_CASE("an unknown schedule code is refused") {
  const std::string e = refusal(forged_setting(kSchedule, 0xffffffffu));
  CHECK(mentions(e, "unknown schedule (code 4294967295)"));
}

TEST_CASE("a layer count out of 2..16 is refused") {
  // The count is read before the records: the file need not be longer to be refused.
  CHECK(mentions(refusal(forged(8, 1)), "declares 1 layers (expected 2 to 16)"));
  CHECK(mentions(refusal(forged(8, 17)), "declares 17 layers"));
}

// ---- refusals: a header that contradicts itself ----

TEST_CASE("layer sizes that do not match the weight count are refused") {
  CHECK(mentions(refusal(forged(record_at(0) + 4, 6)),  // hidden layer 5 -> 6 nodes
                 "weight count 62 does not match its layer sizes (expected 72)"));
  CHECK(mentions(refusal(forged_setting(kWeightCount, 61, 8)),
                 "weight count 61 does not match its layer sizes (expected 62)"));
}

TEST_CASE("a bias count that does not match the layers is refused") {
  CHECK(mentions(refusal(forged_setting(kBiasCount, 11, 8)),
                 "bias count 11 does not match its layer sizes (expected 12)"));
  // A network without biases declaring some.
  std::vector<uint8_t> b = save_model(book_model());
  put(b, settings_at(b) + kBiasCount, 40, 8);
  fix_crc(b);
  CHECK(mentions(
      refusal(b),
      "bias count 40 does not match its layer sizes (expected 0: the layers have no biases)"));
}

TEST_CASE("softmax anywhere but the output is refused") {
  const uint32_t softmax = static_cast<uint32_t>(Activation::Softmax);
  std::vector<uint8_t> b = save_model(small_model());
  put(b, record_at(0) + 8, softmax, 4);
  put(b, record_at(1) + 8, softmax, 4);
  fix_crc(b);
  CHECK(mentions(refusal(b),
                 "puts softmax on hidden layer 1: softmax is only allowed at the output"));
}

TEST_CASE("hidden layers with different activations are refused") {
  const std::string e = refusal(forged(record_at(1) + 8, static_cast<uint32_t>(Activation::Tanh)));
  CHECK(mentions(e, "hidden layers have different activations (relu and tanh)"));
}

TEST_CASE("an output activation the loss does not use is refused") {
  // softmax-ce with a sigmoid output.
  CHECK(mentions(refusal(forged(record_at(2) + 8, static_cast<uint32_t>(Activation::Sigmoid))),
                 "output layer uses sigmoid, but its loss softmax-ce needs softmax"));
  // the book's loss with the softmax output still there.
  CHECK(mentions(refusal(forged_setting(kLoss, static_cast<uint32_t>(Loss::Book))),
                 "output layer uses softmax, but its loss book needs sigmoid"));
}

TEST_CASE("biases on some layers and not others, or a bias flag not 0 or 1, are refused") {
  CHECK(mentions(refusal(forged(record_at(1) + 12, 0)),
                 "biases to some layers and not to hidden layer 2"));
  CHECK(mentions(refusal(forged(record_at(0) + 12, 2)), "hidden layer 1 has a bias flag of 2"));
}

TEST_CASE("a shuffle flag not 0 or 1 is refused") {
  CHECK(mentions(refusal(forged_setting(kShuffle, 2)), "shuffle flag of 2"));
}

TEST_CASE("a batch size out of the config's limits is refused (validate_training's message)") {
  CHECK(mentions(refusal(forged_setting(kBatch, 0)), "batch size must be 1 to 512, got 0"));
  CHECK(mentions(refusal(forged_setting(kBatch, 513)), "batch size must be 1 to 512, got 513"));
}

TEST_CASE("epochs out of the config's limits are refused") {
  CHECK(mentions(refusal(forged_setting(kEpochs, 0)), "epochs must be 1 to 1000, got 0"));
  CHECK(mentions(refusal(forged_setting(kEpochs, 1001)), "epochs must be 1 to 1000, got 1001"));
}

TEST_CASE("a learning rate out of the config's limits is refused") {
  for (const float lr : {std::nanf(""), INFINITY, 0.0f, -0.1f, 100.5f}) {
    CAPTURE(lr);
    const std::string e = refusal(forged_setting(kRate, f32_bits(lr)));
    CHECK(mentions(e, "training settings are refused: learning rate must be a number in (0, 100]"));
  }
}

TEST_CASE("a weight decay out of the config's limits is refused") {
  for (const float wd : {std::nanf(""), -0.5f, 2.0f}) {
    CAPTURE(wd);
    CHECK(mentions(refusal(forged_setting(kDecay, f32_bits(wd))),
                   "weight decay must be a number in [0, 1]"));
  }
}

TEST_CASE("the loader refuses a model over the core's caps before allocating, whatever it says") {
  // A header only (no values): 1025 x 16384 = 16,793,600 weights, one row over kMaxWeights,
  // each layer within its cap. Refused by check_network_shape: nothing allocated for weights.
  std::vector<uint8_t> b = save_model(modern_model({1, 1}));
  put(b, 12, 1025, 4);
  put(b, record_at(0) + 4, 16384, 4);
  b.resize(settings_at(b) + kValues + 4);
  put(b, settings_at(b) + kWeightCount, 1025ull * 16384, 8);
  fix_crc(b);
  std::string e = refusal(b);
  CHECK(mentions(e, "16793600 weights"));
  CHECK(mentions(e, "at most 16777216"));
  // A layer wider than kMaxLayerWidth.
  put(b, record_at(0) + 4, 16385, 4);
  fix_crc(b);
  e = refusal(b);
  CHECK(mentions(e, "16385"));
  CHECK(mentions(e, "1 to 16384"));
}

// ---- refusals: the values ----

TEST_CASE("biases that are not finite or huge are refused, by check_model_weights too") {
  Model nan = small_model();
  nan.network.biases()[4] = std::nanf("");
  CHECK(mentions(refusal(save_model(nan)), "bias 4 is not a finite number"));
  const Status s = check_model_weights(nan.network);
  REQUIRE_FALSE(s.ok());
  CHECK(mentions(s.error(), "bias 4 is not a finite number"));

  Model inf = small_model();
  inf.network.biases()[0] = -INFINITY;
  CHECK(mentions(refusal(save_model(inf)), "bias 0 is not a finite number (-inf)"));

  Model huge = small_model();
  huge.network.biases()[2] = 2e6f;
  CHECK(mentions(refusal(save_model(huge)), "bias 2 is 2e+06, beyond the bound of 1000000"));
  CHECK_FALSE(check_model_weights(huge.network).ok());
  CHECK(check_model_weights(small_model().network).ok());
}

TEST_CASE("weights that are huge or not finite: the loader refuses them, check_model_weights too") {
  // The file is well-formed (right CRC): only the weights' values are wrong.
  Model huge = book_model();
  huge.network.weights()[5] = 1e30f;  // finite, but beyond any real training
  CHECK(mentions(refusal(save_model(huge)), "weight 5 is 1e+30"));
  CHECK(mentions(refusal(save_model(huge)), "bound of 1000000"));
  CHECK_FALSE(check_model_weights(huge.network).ok());

  Model nan = book_model();
  nan.network.weights()[7] = std::nanf("");
  CHECK(mentions(refusal(save_model(nan)), "weight 7 is not a finite number"));
  // What every save path checks before writing (CLI --out, the app's keep/download/save).
  const Status s = check_model_weights(nan.network);
  REQUIRE_FALSE(s.ok());
  CHECK(mentions(s.error(), "weight 7 is not a finite number"));

  // At the bound: accepted.
  Model edge = book_model();
  edge.network.weights()[0] = kMaxWeightMagnitude;
  edge.network.weights()[1] = -kMaxWeightMagnitude;
  CHECK(check_model_weights(edge.network).ok());
  const std::vector<uint8_t> bytes = save_model(edge);
  CHECK(load_model(bytes.data(), bytes.size()).ok());
}

// ---- refusals: the bytes ----

TEST_CASE("a file cut short anywhere is refused as truncated, naming where") {
  const std::vector<uint8_t> bytes = save_model(small_model());
  for (size_t cut = 4; cut < bytes.size(); ++cut) {
    CAPTURE(cut);
    const Result<Model> r = load_model(bytes.data(), cut);
    REQUIRE(!r.ok());
    CHECK(mentions(r.error(), "truncated"));
  }
  const size_t h = settings_at(bytes);
  const std::pair<size_t, const char*> at[] = {
      {6, "version"},
      {10, "layer count"},
      {14, "input size"},
      {record_at(1) + 2, "layer kind"},
      {record_at(1) + 6, "layer size"},
      {record_at(2) + 9, "layer activation"},
      {record_at(2) + 15, "layer bias flag"},
      {h + kLoss + 1, "loss"},
      {h + kInit, "initialisation"},
      {h + kSeed + 7, "seed"},
      {h + kOptimizer + 3, "optimizer"},
      {h + kRate + 1, "learning rate"},
      {h + kBatch + 1, "batch size"},
      {h + kSchedule + 1, "schedule"},
      {h + kDecay + 1, "weight decay"},
      {h + kEpochs + 1, "epochs"},
      {h + kShuffle + 1, "shuffle flag"},
      {h + kEpochsSeen + 1, "epochs seen"},
      {h + kSamplesSeen + 1, "samples seen"},
      {h + kWeightCount + 1, "weight count"},
      {h + kBiasCount + 1, "bias count"},
  };
  for (const auto& point : at) {
    const size_t cut = point.first;  // not a structured binding: doctest's CAPTURE is a lambda
    const char* field = point.second;
    CAPTURE(cut);
    const Result<Model> r = load_model(bytes.data(), cut);
    REQUIRE(!r.ok());
    CHECK(mentions(r.error(), (std::string("ends in its ") + field + ")").c_str()));
  }
  const Result<Model> r = load_model(bytes.data(), h + kValues + 8);
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), ("truncated: " + std::to_string(h + kValues + 8) + " bytes, expected " +
                             std::to_string(bytes.size()))
                                .c_str()));
}

TEST_CASE("trailing bytes are refused") {
  std::vector<uint8_t> b = save_model(small_model());
  b.insert(b.end() - 4, {0, 0});
  fix_crc(b);
  CHECK(mentions(refusal(b), "2 unexpected bytes after its biases"));
  b = save_model(small_model());
  b.push_back(0);  // after the CRC
  CHECK(mentions(refusal(b), "unexpected bytes"));
}

TEST_CASE("a bad CRC is refused") {
  std::vector<uint8_t> b = save_model(small_model());
  b[b.size() - 10] ^= 0x10;  // a bias
  CHECK(mentions(refusal(b), "checksum mismatch"));
  b = save_model(small_model());
  b.back() ^= 1;  // the CRC itself
  CHECK(mentions(refusal(b), "checksum mismatch"));
}

// kMaxModelFileBytes follows the layout: an augmented model's (version 3) file is the cap less
// 16 bytes for every layer short of kMaxLayers, 4 for every weight short of kMaxWeights and 4
// for every bias short of a full kMaxLayerWidth on each of kMaxLayers - 1 layers (so no model
// save_model writes is longer); without augmentation (version 2), 36 bytes less again.
TEST_CASE("kMaxModelFileBytes bounds the length of every model file") {
  Model m = modern_model();
  const uint64_t weights = 784 * 64 + 64 * 32 + 32 * 10, biases = 64 + 32 + 10;
  const uint64_t short_by = 16 * (uint64_t(kMaxLayers) - 4) + 4 * (kMaxWeights - weights) +
                            4 * (uint64_t(kMaxLayers - 1) * kMaxLayerWidth - biases);
  CHECK(save_model(m).size() == kMaxModelFileBytes - short_by - 36);
  m.config.augment.shear = 0.2f;
  CHECK(save_model(m).size() == kMaxModelFileBytes - short_by);
}

TEST_CASE("an augmented model saves as version 3, its settings read back; others stay version 2") {
  Model m = book_model();
  CHECK(save_model(m)[4] == 2);
  m.config.augment.rotate_degrees = 12;
  m.config.augment.elastic_alpha = 20;
  m.config.augment.elastic_sigma = 5;
  m.config.augment.centre = false;
  m.config.augment.copies_degrees = 10;
  const std::vector<uint8_t> bytes = save_model(m);
  CHECK(bytes[4] == 3);
  CHECK(bytes.size() == save_model(book_model()).size() + 36);
  const Result<Model> back = load_model(bytes.data(), bytes.size());
  REQUIRE_MESSAGE(back.ok(), back.error());
  CHECK(back->config == m.config);
  CHECK(same_bits(back->network.weights(), m.network.weights()));
  CHECK(save_model(*back) == bytes);
  // The settings are checked as a run's are, and the centre flag is 0 or 1.
  const size_t augment_at = settings_at(bytes) + kShuffle + 4;
  std::vector<uint8_t> b = bytes;
  put(b, augment_at, f32_bits(-3.0f), 4);  // rotate
  fix_crc(b);
  CHECK(refusal(b).find("rotate") != std::string::npos);
  b = bytes;
  put(b, augment_at + 32, 2, 4);
  fix_crc(b);
  CHECK(refusal(b).find("centre flag of 2") != std::string::npos);
  // Version 3 with every setting at its default: refused (that model's one file is version 2).
  b = bytes;
  for (size_t at = augment_at; at < augment_at + 32; at += 4) put(b, at, 0, 4);
  put(b, augment_at + 20, f32_bits(4.0f), 4);  // sigma's default
  put(b, augment_at + 32, 1, 4);               // centre on
  fix_crc(b);
  CHECK(refusal(b).find("records no augmentation") != std::string::npos);
  // Cut inside the settings: refused as cut short.
  b.assign(bytes.begin(), bytes.begin() + static_cast<long>(augment_at + 10));
  CHECK_FALSE(load_model(b.data(), b.size()).ok());
}
