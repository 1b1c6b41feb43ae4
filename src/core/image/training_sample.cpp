#include "image/training_sample.h"

#include <algorithm>
#include <cassert>

#include "image/preprocess.h"

namespace digitlab {

void training_sample(const uint8_t* in, uint8_t* out, int side, const AugmentConfig& config,
                     int version, uint64_t seed, uint64_t sample_index) {
  assert(in != out && version >= 0 && version < config.copies());
  const size_t n = static_cast<size_t>(side) * static_cast<size_t>(side);
  std::vector<uint8_t> turned;
  const uint8_t* image = in;
  if (version != 0) {
    turned.resize(n);
    book_rotation(in, turned.data(), side,
                  version == 1 ? config.copies_degrees : -config.copies_degrees);
    image = turned.data();
  }
  if (!config.any()) {
    std::copy(image, image + n, out);
    return;
  }
  // splitmix64 mixes the state on every draw, so neighbouring indices give unrelated streams.
  Rng rng(seed * 0x9E3779B97F4A7C15ull ^ (sample_index + 0x632BE59BD9B4E019ull));
  augment_image(image, out, side, config, rng);
  if (!config.centre) return;
  const std::vector<uint8_t> centred = centre_like_drawing(out, side);
  assert(centred.empty() || centred.size() == n);  // preprocessing makes 28x28 images
  if (centred.size() == n) std::copy(centred.begin(), centred.end(), out);
}

}  // namespace digitlab
