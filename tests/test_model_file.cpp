// Model files: a bit-exact round trip, and every kind of bad file rejected with a message.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "data/crc32.h"
#include "data/model_file.h"

using namespace digitlab;

namespace {
Model sample_model() {
  Model m{Network({784, 30, 10}, 11), {}};
  m.settings.learning_rate = 0.3f;
  m.settings.epochs = 2;
  m.settings.seed = 11;
  m.settings.samples_seen = 120000;
  return m;
}
bool mentions(const std::string& text, const char* word) {
  return text.find(word) != std::string::npos;
}
}  // namespace

TEST_CASE("save then load is bit-exact") {
  const Model m = sample_model();
  const std::vector<uint8_t> bytes = save_model(m);
  const Result<Model> back = load_model(bytes.data(), bytes.size());
  REQUIRE(back.ok());
  CHECK(back->network.sizes() == m.network.sizes());
  REQUIRE(back->network.weights().size() == m.network.weights().size());
  CHECK(std::memcmp(back->network.weights().data(), m.network.weights().data(),
                    m.network.weights().size() * sizeof(float)) == 0);
  CHECK(back->settings.learning_rate == 0.3f);
  CHECK(back->settings.epochs == 2);
  CHECK(back->settings.seed == 11);
  CHECK(back->settings.samples_seen == 120000);
  CHECK(save_model(*back) == bytes);  // and saving again gives the same bytes
}

TEST_CASE("an empty file is rejected") {
  const Result<Model> r = load_model(nullptr, 0);
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "empty"));
}

TEST_CASE("a foreign file is rejected") {
  const uint8_t png[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13};
  const Result<Model> r = load_model(png, sizeof png);
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "not a digitlab model"));
}

TEST_CASE("a truncated file is rejected at every cut") {
  const std::vector<uint8_t> bytes = save_model(sample_model());
  for (size_t cut : {size_t(5), size_t(10), size_t(17), size_t(30), size_t(60), bytes.size() / 2,
                     bytes.size() - 1}) {
    CAPTURE(cut);
    const Result<Model> r = load_model(bytes.data(), cut);
    REQUIRE(!r.ok());
    CHECK(mentions(r.error(), "truncated"));
  }
}

TEST_CASE("a corrupted weight is caught by the checksum") {
  std::vector<uint8_t> bytes = save_model(sample_model());
  bytes[bytes.size() / 2] ^= 0x10;
  const Result<Model> r = load_model(bytes.data(), bytes.size());
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "checksum"));
}

TEST_CASE("an unknown version, activation or layer list is rejected") {
  const std::vector<uint8_t> good = save_model(sample_model());
  std::vector<uint8_t> bytes = good;
  bytes[4] = 9;  // version
  Result<Model> r = load_model(bytes.data(), bytes.size());
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "version 9"));

  bytes = good;
  bytes[8] = 7;  // activation
  r = load_model(bytes.data(), bytes.size());
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "activation"));

  bytes = good;
  bytes[12] = 1;  // one layer only
  r = load_model(bytes.data(), bytes.size());
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "layers"));
}

TEST_CASE("layer sizes that do not match the weights are rejected") {
  std::vector<uint8_t> bytes = save_model(sample_model());
  bytes[20] = 31;  // hidden layer 30 -> 31: the weight count no longer fits
  const Result<Model> r = load_model(bytes.data(), bytes.size());
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "does not match"));
}

TEST_CASE("trailing bytes are rejected") {
  std::vector<uint8_t> bytes = save_model(sample_model());
  bytes.push_back(0);
  const Result<Model> r = load_model(bytes.data(), bytes.size());
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "unexpected bytes"));
}

TEST_CASE("a model of another shape is refused for MNIST") {
  const Model small{Network({64, 16, 10}, 1), {}};
  CHECK(!check_model_shape(small.network, 784, 10).ok());
  CHECK(mentions(check_model_shape(small.network, 784, 10).error(), "64 inputs"));
  CHECK(check_model_shape(sample_model().network, 784, 10).ok());
}

TEST_CASE("forged layer sizes whose weight count overflows 32 bits are rejected") {
  // 65536 x 65536 weights = 2^32: on a 32-bit size_t (WebAssembly) a careless count wraps to 0.
  std::vector<uint8_t> bytes = {'D', 'L', 'M', 'D', 1, 0, 0, 0, 1, 0, 0, 0,
                                2,   0,   0,   0,   0, 0, 1, 0, 0, 0, 1, 0};  // layers 65536, 65536
  for (int i = 0; i < 4 + 4 + 8 + 8; ++i) bytes.push_back(0);  // lr, epochs, seed, samples
  for (int i = 0; i < 8; ++i) bytes.push_back(0);              // weight count 0
  const uint32_t crc = crc32(bytes.data(), bytes.size());
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(crc >> (8 * i)));
  const Result<Model> r = load_model(bytes.data(), bytes.size());
  REQUIRE(!r.ok());
  // Refused by the core's cap on a layer's width, which the message names, before any count.
  CHECK(mentions(r.error(), "65536"));
  CHECK(mentions(r.error(), "1 to 16384"));
}

namespace {
// A model file's header and CRC around `count` zero weights, for the given layer sizes.
std::vector<uint8_t> model_header(const std::vector<uint32_t>& sizes, uint64_t count) {
  std::vector<uint8_t> bytes = {'D', 'L', 'M', 'D', 1, 0, 0, 0, 1, 0, 0, 0};
  auto u32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
  };
  u32(static_cast<uint32_t>(sizes.size()));
  for (uint32_t s : sizes) u32(s);
  for (int i = 0; i < 4 + 4 + 8 + 8; ++i) bytes.push_back(0);  // lr, epochs, seed, samples
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<uint8_t>(count >> (8 * i)));
  return bytes;
}
}  // namespace

TEST_CASE("the loader refuses a model over the core's caps, whatever the file says") {
  // 1025 x 16384 = 16,793,600 weights: one row over kMaxWeights, each layer within its cap.
  // The file is only a header (the refusal comes first: nothing is allocated for the weights).
  std::vector<uint8_t> bytes = model_header({1025, 16384}, 1025ull * 16384);
  Result<Model> r = load_model(bytes.data(), bytes.size());
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "16793600 weights"));
  CHECK(mentions(r.error(), "at most 16777216"));
  // A layer wider than kMaxLayerWidth.
  bytes = model_header({784, 16385, 10}, 784ull * 16385 + 16385 * 10);
  r = load_model(bytes.data(), bytes.size());
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "16385"));
  CHECK(mentions(r.error(), "1 to 16384"));
  // Seventeen layers.
  bytes = model_header(std::vector<uint32_t>(17, 2), 16 * 4);
  r = load_model(bytes.data(), bytes.size());
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "17 layers"));
}

TEST_CASE("weights that are huge or not finite: the loader refuses them, check_model_weights too") {
  // The file is well-formed (right CRC): only the weights' values are wrong.
  Model huge = sample_model();
  huge.network.weights()[5] = 1e30f;  // finite, but beyond any real training
  std::vector<uint8_t> bytes = save_model(huge);
  Result<Model> r = load_model(bytes.data(), bytes.size());
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "weight 5 is 1e+30"));
  CHECK(mentions(r.error(), "bound of 1000000"));
  CHECK_FALSE(check_model_weights(huge.network).ok());

  Model nan = sample_model();
  nan.network.weights()[7] = std::nanf("");
  bytes = save_model(nan);
  r = load_model(bytes.data(), bytes.size());
  REQUIRE(!r.ok());
  CHECK(mentions(r.error(), "weight 7 is not a finite number"));
  // What every save path checks before writing (CLI --out, the app's keep/download/save).
  const Status s = check_model_weights(nan.network);
  REQUIRE_FALSE(s.ok());
  CHECK(mentions(s.error(), "weight 7 is not a finite number"));

  // At the bound: accepted.
  Model edge = sample_model();
  edge.network.weights()[0] = kMaxWeightMagnitude;
  edge.network.weights()[1] = -kMaxWeightMagnitude;
  CHECK(check_model_weights(edge.network).ok());
  bytes = save_model(edge);
  CHECK(load_model(bytes.data(), bytes.size()).ok());
  CHECK(check_model_weights(sample_model().network).ok());
}

TEST_CASE("a learning rate that is not a finite number is refused (it would show as nan)") {
  for (const float lr : {std::nanf(""), INFINITY}) {
    Model m = sample_model();
    m.settings.learning_rate = lr;
    const std::vector<uint8_t> bytes = save_model(m);
    const Result<Model> r = load_model(bytes.data(), bytes.size());
    REQUIRE(!r.ok());
    CHECK(mentions(r.error(), "learning rate is not a finite number"));
  }
}

// kMaxModelFileBytes follows the layout: a file is the cap less 4 bytes for every layer and
// every weight short of kMaxLayers and kMaxWeights (so no model save_model writes is longer).
TEST_CASE("kMaxModelFileBytes is the length of a model at the caps") {
  const Model m = sample_model();
  const uint64_t weights = 784 * 30 + 30 * 10;
  const uint64_t short_by = 4 * (uint64_t(kMaxLayers) - 3) + 4 * (kMaxWeights - weights);
  CHECK(save_model(m).size() == kMaxModelFileBytes - short_by);
}
