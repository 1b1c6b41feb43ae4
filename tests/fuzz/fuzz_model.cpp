// load_model on arbitrary bytes. Input: a mode byte, then the file. Mode bit 0 makes the target
// rewrite the file's last four bytes as the CRC-32 of the rest, so mutations of the header and
// values get past the checksum and reach the checks behind it.
// A model that loads must be well formed (its config's architecture is its network's, and the
// config passes the run checks) and save to a file that loads again to the same model, bit for
// bit, and saves to the same bytes. A version-2 file saves to exactly the bytes it came from (the
// format has one way to write each model); a version-1 file saves as version 2.
#include <cstring>

#include "data/crc32.h"
#include "data/model_file.h"
#include "fuzz_bytes.h"

namespace {

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  // memcmp on an empty vector's data() (null) is undefined, even for 0 bytes.
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

bool same_model(const digitlab::Model& a, const digitlab::Model& b) {
  const digitlab::TrainingConfig &x = a.config, &y = b.config;
  return a.network.architecture() == b.network.architecture() &&
         same_bits(a.network.weights(), b.network.weights()) &&
         same_bits(a.network.biases(), b.network.biases()) &&
         std::memcmp(&x.learning_rate, &y.learning_rate, sizeof(float)) == 0 &&
         std::memcmp(&x.weight_decay, &y.weight_decay, sizeof(float)) == 0 && x == y &&
         a.progress.epochs == b.progress.epochs && a.progress.samples == b.progress.samples;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Bytes in{data, size};
  const uint8_t mode = in.u8();
  std::vector<uint8_t> file = in.rest();
  if ((mode & 1) && file.size() >= 4) {
    const uint32_t crc = digitlab::crc32(file.data(), file.size() - 4);
    for (int i = 0; i < 4; ++i) file[file.size() - 4 + i] = static_cast<uint8_t>(crc >> (8 * i));
  }
  const digitlab::Result<digitlab::Model> m = digitlab::load_model(file.data(), file.size());
  if (!m) {
    FUZZ_CHECK(!m.error().empty());
    return 0;
  }
  const digitlab::Network& net = m->network;
  FUZZ_CHECK(net.layer_count() >= 2);
  for (int s : net.sizes()) FUZZ_CHECK(s >= 1);
  FUZZ_CHECK(net.weights().size() == digitlab::Network::param_count(net.sizes()));
  FUZZ_CHECK(net.biases().size() ==
             (net.has_bias() ? digitlab::Network::bias_count(net.sizes()) : 0));
  FUZZ_CHECK(m->config.architecture == net.architecture());
  FUZZ_CHECK(digitlab::validate_training(m->config).ok());
  FUZZ_CHECK(digitlab::check_model_weights(net).ok());

  const std::vector<uint8_t> saved = digitlab::save_model(*m);
  if (file[4] == 2 || file[4] == 3) FUZZ_CHECK(saved == file);  // one file per model
  const digitlab::Result<digitlab::Model> again = digitlab::load_model(saved.data(), saved.size());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(same_model(*again, *m));
  FUZZ_CHECK(digitlab::save_model(*again) == saved);
  return 0;
}
