// Model files: writer and checking reader. The layout is documented in model_file.h.
#include "data/model_file.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "data/crc32.h"

namespace digitlab {
namespace {

constexpr char kMagic[4] = {'D', 'L', 'M', 'D'};
constexpr uint32_t kVersion = 1;
// The caps on a network's shape are network.h's (check_network_shape): a model digitlab can
// train, it can load; a forged header cannot make the loader allocate more than that cap.

// Little-endian writer, independent of the host's byte order.
struct Writer {
  std::vector<uint8_t> out;
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void f32(float f) {
    uint32_t v;
    std::memcpy(&v, &f, 4);
    u32(v);
  }
};

// Bounds-checked little-endian reader: a short read sets `short_read` and yields zeros.
struct Reader {
  const uint8_t* data;
  size_t size;
  size_t at = 0;
  bool short_read = false;
  bool has(size_t n) const { return size - at >= n; }
  uint64_t le(int bytes) {
    if (!has(bytes)) {
      short_read = true;
      at = size;
      return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= uint64_t(data[at + i]) << (8 * i);
    at += bytes;
    return v;
  }
  uint32_t u32() { return static_cast<uint32_t>(le(4)); }
  uint64_t u64() { return le(8); }
  float f32() {
    const uint32_t v = u32();
    float f;
    std::memcpy(&f, &v, 4);
    return f;
  }
};

}  // namespace

Status check_model_weights(const Network& net) {
  const std::vector<float>& weights = net.weights();
  for (size_t i = 0; i < weights.size(); ++i) {
    if (std::fabs(weights[i]) <= kMaxWeightMagnitude) continue;  // false for NaN too
    char value[32];
    std::snprintf(value, sizeof value, "%g", static_cast<double>(weights[i]));
    if (!std::isfinite(weights[i]))
      return fail("weight " + std::to_string(i) + " is not a finite number (" + value +
                  "): the model is broken");
    char bound[32];
    std::snprintf(bound, sizeof bound, "%.0f", static_cast<double>(kMaxWeightMagnitude));
    return fail("weight " + std::to_string(i) + " is " + value + ", beyond the bound of " + bound +
                " that real training stays under: the model is broken");
  }
  return Status::success();
}

std::vector<uint8_t> save_model(const Model& model) {
  const Network& net = model.network;
  Writer w;
  w.out.insert(w.out.end(), kMagic, kMagic + 4);
  w.u32(kVersion);
  w.u32(static_cast<uint32_t>(Activation::Sigmoid));
  w.u32(static_cast<uint32_t>(net.layer_count()));
  for (int s : net.sizes()) w.u32(static_cast<uint32_t>(s));
  w.f32(model.settings.learning_rate);
  w.u32(model.settings.epochs);
  w.u64(model.settings.seed);
  w.u64(model.settings.samples_seen);
  w.u64(net.weights().size());
  w.out.reserve(w.out.size() + net.weights().size() * 4 + 4);
  for (float f : net.weights()) w.f32(f);
  w.u32(crc32(w.out.data(), w.out.size()));
  return std::move(w.out);
}

bool has_model_magic(const uint8_t* data, size_t size) {
  return size >= 4 && std::memcmp(data, kMagic, 4) == 0;
}

Result<Model> load_model(const uint8_t* data, size_t size) {
  if (size == 0) return fail("the model file is empty");
  if (!has_model_magic(data, size))
    return fail("not a digitlab model file (it does not start with \"DLMD\")");
  Reader r{data, size};
  r.at = 4;
  const uint32_t version = r.u32();
  if (r.short_read) return fail("the model file is truncated (in its header)");
  if (version != kVersion)
    return fail("model file version " + std::to_string(version) + " is not supported (this " +
                "digitlab reads version " + std::to_string(kVersion) + ")");
  const uint32_t activation = r.u32();
  const uint32_t layers = r.u32();
  if (r.short_read) return fail("the model file is truncated (in its header)");
  if (activation != static_cast<uint32_t>(Activation::Sigmoid))
    return fail("the model file uses an unknown activation (code " + std::to_string(activation) +
                ")");
  if (layers < 2 || layers > static_cast<uint32_t>(kMaxLayers))
    return fail("the model file declares " + std::to_string(layers) + " layers (expected 2 to " +
                std::to_string(kMaxLayers) + ")");
  std::vector<int> sizes;
  for (uint32_t l = 0; l < layers; ++l) {
    const uint32_t s = r.u32();
    if (r.short_read) return fail("the model file is truncated (in its layer sizes)");
    if (s == 0 || s > static_cast<uint32_t>(kMaxLayerWidth))
      return fail("the model file declares a layer of size " + std::to_string(s) +
                  " (a layer may have 1 to " + std::to_string(kMaxLayerWidth) + " nodes)");
    sizes.push_back(static_cast<int>(s));
  }
  if (Status s = check_network_shape(sizes); !s)
    return fail("the model file is refused: " + s.error());
  TrainingSettings settings;
  settings.learning_rate = r.f32();
  settings.epochs = r.u32();
  settings.seed = r.u64();
  settings.samples_seen = r.u64();
  const uint64_t count = r.u64();
  if (r.short_read) return fail("the model file is truncated (in its training settings)");
  // Shown in the app's model line and the CLI's output: never a NaN or an infinity there.
  if (!std::isfinite(settings.learning_rate))
    return fail("the model file's learning rate is not a finite number: the file is broken");
  // In 64 bits: WebAssembly's size_t is 32, and forged sizes must not wrap around to a match.
  uint64_t expected = 0;
  for (size_t l = 0; l + 1 < sizes.size(); ++l)
    expected += uint64_t(sizes[l]) * uint64_t(sizes[l + 1]);
  if (count != expected)
    return fail("the model file's weight count " + std::to_string(count) +
                " does not match its layer sizes (expected " + std::to_string(expected) + ")");
  // count <= kMaxWeights (check_network_shape), so its bytes fit in a 32-bit size_t.
  const size_t weight_bytes = static_cast<size_t>(count) * 4;
  if (!r.has(weight_bytes + 4))
    return fail("the model file is truncated: " + std::to_string(size) + " bytes, expected " +
                std::to_string(r.at + weight_bytes + 4));
  if (r.size - r.at != weight_bytes + 4)
    return fail("the model file has " + std::to_string(r.size - r.at - weight_bytes - 4) +
                " unexpected bytes after its weights");
  // Checksum before decoding the weights: a corrupt file never becomes a model.
  const uint32_t stored = static_cast<uint32_t>(
      data[size - 4] | data[size - 3] << 8 | data[size - 2] << 16 | uint32_t(data[size - 1]) << 24);
  if (crc32(data, size - 4) != stored) return fail("the model file is corrupt (checksum mismatch)");
  std::vector<float> weights(static_cast<size_t>(count));
  for (float& f : weights) f = r.f32();
  Network net(std::move(sizes), std::move(weights));
  if (Status s = check_model_weights(net); !s)
    return fail("the model file is refused: " + s.error());
  return Model{std::move(net), settings};
}

}  // namespace digitlab

namespace digitlab {

Status check_model_shape(const Network& net, int inputs, int outputs) {
  if (net.input_size() != inputs || net.output_size() != outputs)
    return fail("the model has " + std::to_string(net.input_size()) + " inputs and " +
                std::to_string(net.output_size()) + " outputs; this needs " +
                std::to_string(inputs) + " inputs (28x28 images) and " + std::to_string(outputs) +
                " outputs");
  return Status::success();
}

}  // namespace digitlab
