// load_model on arbitrary bytes. Input: a mode byte, then the file. Mode bit 0 makes the target
// rewrite the file's last four bytes as the CRC-32 of the rest, so mutations of the header and
// weights get past the checksum and reach the checks behind it.
// A model that loads must be well formed, save to exactly the bytes it came from (the format
// has one way to write each model) and load again to the same model.
#include <cstring>

#include "data/crc32.h"
#include "data/model_file.h"
#include "fuzz_bytes.h"

namespace {

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
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

  const std::vector<uint8_t> saved = digitlab::save_model(*m);
  FUZZ_CHECK(saved == file);
  const digitlab::Result<digitlab::Model> again = digitlab::load_model(saved.data(), saved.size());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->network.sizes() == net.sizes());
  FUZZ_CHECK(same_bits(again->network.weights(), net.weights()));
  const digitlab::TrainingSettings &a = again->settings, &b = m->settings;
  FUZZ_CHECK(std::memcmp(&a.learning_rate, &b.learning_rate, sizeof(float)) == 0);
  FUZZ_CHECK(a.epochs == b.epochs && a.seed == b.seed && a.samples_seen == b.samples_seen);
  return 0;
}
