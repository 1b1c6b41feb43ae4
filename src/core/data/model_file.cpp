// Model files: the writer (versions 2 and 3) and the checking reader (versions 1 to 3). The layouts
// are documented in model_file.h.
// Index: byte order · weights' bound · save · load (shared tail, version 1, version 2) · shape.
#include "data/model_file.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "data/crc32.h"
#include "data/dataset.h"
#include "data/file_kind.h"
#include "number_text.h"

namespace digitlab {
namespace {

constexpr char kMagic[4] = {'D', 'L', 'M', 'D'};
constexpr uint32_t kBookVersion = 1;     // the book's network, read only
constexpr uint32_t kVersion = 2;         // what save_model writes without augmentation
constexpr uint32_t kAugmentVersion = 3;  // ... and with it: version 2 plus its settings
constexpr uint32_t kDenseLayer = 1;      // the one layer kind of version 2
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

// Bounds-checked little-endian reader. A short read yields zeros, and the first field that ran
// short is kept to name in the message; read a group of fields, then check `cut`.
struct Reader {
  const uint8_t* data;
  size_t size;
  size_t at = 0;
  const char* cut = nullptr;  // the field the file ends in, if it does
  bool has(size_t n) const { return size - at >= n; }
  uint64_t le(int bytes, const char* field) {
    if (!has(bytes)) {
      if (!cut) cut = field;
      at = size;
      return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= uint64_t(data[at + i]) << (8 * i);
    at += bytes;
    return v;
  }
  uint32_t u32(const char* field) { return static_cast<uint32_t>(le(4, field)); }
  uint64_t u64(const char* field) { return le(8, field); }
  float f32(const char* field) {
    const uint32_t v = u32(field);
    float f;
    std::memcpy(&f, &v, 4);
    return f;
  }
};

Error truncated(const Reader& r) {
  return fail("the model file is truncated (it ends in its " + std::string(r.cut) + ")");
}

// The config's int fields from a file's u32: past INT_MAX they become INT_MAX, which the
// limits (validate_training) refuse like any other value out of range.
int to_int(uint32_t v) {
  return static_cast<int>(std::min<uint32_t>(v, INT_MAX));
}

// The first value of `values` that is not finite or (with WeightBound::kModelFile) beyond
// kMaxWeightMagnitude, as a message naming it as `what` ("weight", "bias") and its index.
Status check_magnitudes(const std::vector<float>& values, const char* what, WeightBound bound) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::isfinite(values[i]) &&
        (bound == WeightBound::kFiniteOnly || std::fabs(values[i]) <= kMaxWeightMagnitude))
      continue;
    const std::string name = std::string(what) + " " + std::to_string(i);
    if (!std::isfinite(values[i]))
      return fail(name + " is not a finite number (" + number_text(values[i]) +
                  "): the model is broken");
    char limit[32];
    std::snprintf(limit, sizeof limit, "%.0f", static_cast<double>(kMaxWeightMagnitude));
    return fail(name + " is " + number_text(values[i]) + ", beyond the bound of " + limit +
                " that real training stays under: the model is broken");
  }
  return Status::success();
}

}  // namespace

Status check_model_weights(const Network& net, WeightBound bound) {
  if (Status s = check_magnitudes(net.weights(), "weight", bound); !s) return s;
  return check_magnitudes(net.biases(), "bias", bound);
}

// ---- save: version 2, or 3 with augmentation ----

std::vector<uint8_t> save_model(const Model& model) {
  const Network& net = model.network;
  const Architecture& arch = net.architecture();
  const TrainingConfig& c = model.config;
  Writer w;
  w.out.reserve(16 + 16 * arch.sizes.size() + 72 +
                4 * (net.weights().size() + net.biases().size()) + 4);
  // A model made without augmentation keeps version 2's bytes: earlier digitlabs read it.
  const bool augmented = c.augment != AugmentConfig{};
  w.out.insert(w.out.end(), kMagic, kMagic + 4);
  w.u32(augmented ? kAugmentVersion : kVersion);
  w.u32(static_cast<uint32_t>(net.layer_count()));
  w.u32(static_cast<uint32_t>(net.input_size()));
  for (int l = 0; l < arch.weight_layers(); ++l) {
    w.u32(kDenseLayer);
    w.u32(static_cast<uint32_t>(arch.sizes[l + 1]));
    w.u32(static_cast<uint32_t>(arch.activation(l)));
    w.u32(arch.bias ? 1 : 0);
  }
  w.u32(static_cast<uint32_t>(arch.loss));
  w.u32(static_cast<uint32_t>(c.init));
  w.u64(c.seed);
  w.u32(static_cast<uint32_t>(c.optimizer));
  w.f32(c.learning_rate);
  w.u32(static_cast<uint32_t>(c.batch_size));
  w.u32(static_cast<uint32_t>(c.schedule));
  w.f32(c.weight_decay);
  w.u32(static_cast<uint32_t>(c.epochs));
  w.u32(c.shuffle ? 1 : 0);
  if (augmented) {
    const AugmentConfig& a = c.augment;
    for (float f : {a.rotate_degrees, a.scale, a.shear, a.shift_pixels, a.elastic_alpha,
                    a.elastic_sigma, a.thickness, a.copies_degrees})
      w.f32(f);
    w.u32(a.centre ? 1 : 0);
  }
  w.u32(model.progress.epochs);
  w.u64(model.progress.samples);
  w.u64(net.weights().size());
  w.u64(net.biases().size());
  for (float f : net.weights()) w.f32(f);
  for (float f : net.biases()) w.f32(f);
  w.u32(crc32(w.out.data(), w.out.size()));
  return std::move(w.out);
}

bool has_model_magic(const uint8_t* data, size_t size) {
  return size >= 4 && std::memcmp(data, kMagic, 4) == 0;
}

// ---- load ----
namespace {

// The end both versions share, from the weight and bias counts on: the counts against the
// architecture, the file's length, the CRC, then the values themselves and their bound.
// The architecture has passed check_architecture, so the counts it implies are under the caps.
Result<Network> read_parameters(Reader& r, Architecture arch, uint64_t weight_count,
                                uint64_t bias_count, WeightBound bound) {
  // In 64 bits: WebAssembly's size_t is 32, and forged sizes must not wrap around to a match.
  uint64_t weights_expected = 0, biases_expected = 0;
  for (int l = 0; l < arch.weight_layers(); ++l) {
    weights_expected += uint64_t(arch.sizes[l]) * uint64_t(arch.sizes[l + 1]);
    if (arch.bias) biases_expected += uint64_t(arch.sizes[l + 1]);
  }
  if (weight_count != weights_expected)
    return fail("the model file's weight count " + std::to_string(weight_count) +
                " does not match its layer sizes (expected " + std::to_string(weights_expected) +
                ")");
  if (bias_count != biases_expected)
    return fail("the model file's bias count " + std::to_string(bias_count) +
                " does not match its layer sizes (expected " + std::to_string(biases_expected) +
                (arch.bias ? "" : ": the layers have no biases") + ")");
  // Both are under the caps (check_network_shape), so their bytes fit in a 32-bit size_t.
  const size_t values_bytes = static_cast<size_t>(weight_count + bias_count) * 4;
  if (!r.has(values_bytes + 4))
    return fail("the model file is truncated: " + std::to_string(r.size) + " bytes, expected " +
                std::to_string(r.at + values_bytes + 4));
  if (r.size - r.at != values_bytes + 4)
    return fail("the model file has " + std::to_string(r.size - r.at - values_bytes - 4) +
                " unexpected bytes after its " + (bias_count > 0 ? "biases" : "weights"));
  // Checksum before decoding the values: a corrupt file never becomes a model.
  const uint8_t* end = r.data + r.size;
  const uint32_t stored =
      static_cast<uint32_t>(end[-4] | end[-3] << 8 | end[-2] << 16 | uint32_t(end[-1]) << 24);
  if (crc32(r.data, r.size - 4) != stored)
    return fail("the model file is corrupt (checksum mismatch)");
  std::vector<float> weights(static_cast<size_t>(weight_count));
  std::vector<float> biases(static_cast<size_t>(bias_count));
  for (float& f : weights) f = r.f32("weights");
  for (float& f : biases) f = r.f32("biases");
  Network net(std::move(arch), std::move(weights), std::move(biases));
  if (Status s = check_model_weights(net, bound); !s)
    return fail("the model file is refused: " + s.error());
  return net;
}

// A layer size as the file gives it, checked against the width cap before it becomes an int.
Status check_layer_size(uint32_t s) {
  if (s == 0 || s > static_cast<uint32_t>(kMaxLayerWidth))
    return fail("the model file declares a layer of size " + std::to_string(s) +
                " (a layer may have 1 to " + std::to_string(kMaxLayerWidth) + " nodes)");
  return Status::success();
}

Status check_layer_count(uint32_t layers) {
  if (layers < 2 || layers > static_cast<uint32_t>(kMaxLayers))
    return fail("the model file declares " + std::to_string(layers) + " layers (expected 2 to " +
                std::to_string(kMaxLayers) + ")");
  return Status::success();
}

// Version 1: the book's network (model_file.h), read from just after the version.
Result<Model> load_book_model(Reader& r, WeightBound bound) {
  const uint32_t activation = r.u32("activation");
  const uint32_t layers = r.u32("layer count");
  if (r.cut) return truncated(r);
  if (activation != static_cast<uint32_t>(Activation::Sigmoid))
    return fail("the model file uses an unknown activation (code " + std::to_string(activation) +
                ")");
  if (Status s = check_layer_count(layers); !s) return fail(s.error());
  std::vector<int> sizes;
  for (uint32_t l = 0; l < layers; ++l) {
    const uint32_t s = r.u32("layer sizes");
    if (r.cut) return truncated(r);
    if (Status st = check_layer_size(s); !st) return fail(st.error());
    sizes.push_back(static_cast<int>(s));
  }
  Model model;
  TrainingConfig& c = model.config;
  c.learning_rate = r.f32("learning rate");
  model.progress.epochs = r.u32("epochs seen");
  c.seed = r.u64("seed");
  model.progress.samples = r.u64("samples seen");
  const uint64_t count = r.u64("weight count");
  if (r.cut) return truncated(r);
  c.architecture = book_architecture(std::move(sizes));
  if (Status s = check_architecture(c.architecture); !s)
    return fail("the model file is refused: " + s.error());
  // Version 1 kept no run length: the epochs seen stand in for it (model_file.h).
  c.epochs = std::clamp(to_int(model.progress.epochs), 1, kMaxEpochs);
  if (Status s = validate_training(c); !s)
    return fail("the model file's training settings are refused: " + s.error());
  Result<Network> net = read_parameters(r, c.architecture, count, 0, bound);
  if (!net) return fail(net.error());
  model.network = std::move(*net);
  return model;
}

// One weight layer's record in a version-2 file.
struct LayerRecord {
  uint32_t kind, nodes, activation, bias;
};

std::string layer_name(size_t l, size_t records) {
  return l + 1 == records ? "output layer" : "hidden layer " + std::to_string(l + 1);
}

// The architecture the records and loss describe, or what makes it one digitlab cannot build.
Result<Architecture> read_architecture(uint32_t input, const std::vector<LayerRecord>& records,
                                       uint32_t loss_code) {
  Architecture arch;
  if (Status s = check_layer_size(input); !s) return fail(s.error());
  arch.sizes = {static_cast<int>(input)};
  for (size_t l = 0; l < records.size(); ++l) {
    const LayerRecord& rec = records[l];
    const std::string name = layer_name(l, records.size());
    if (rec.kind != kDenseLayer)
      return fail("the model file's " + name + " is of an unknown kind (code " +
                  std::to_string(rec.kind) + "; this digitlab knows 1, dense)");
    if (Status s = check_layer_size(rec.nodes); !s) return fail(s.error());
    arch.sizes.push_back(static_cast<int>(rec.nodes));
    if (!is_known(static_cast<Activation>(rec.activation)))
      return fail("the model file's " + name + " has an unknown activation (code " +
                  std::to_string(rec.activation) + ")");
    if (rec.bias > 1)
      return fail("the model file's " + name + " has a bias flag of " + std::to_string(rec.bias) +
                  " (0 for none or 1)");
  }
  // Before any allocation that depends on the sizes (the weights' count, read next).
  if (Status s = check_network_shape(arch.sizes); !s)
    return fail("the model file is refused: " + s.error());
  const Loss loss = static_cast<Loss>(loss_code);
  if (!is_known(loss))
    return fail("the model file has an unknown loss (code " + std::to_string(loss_code) + ")");
  arch.loss = loss;
  arch.bias = records[0].bias == 1;
  if (records.size() > 1) arch.hidden = static_cast<Activation>(records[0].activation);
  for (size_t l = 0; l < records.size(); ++l) {
    const Activation a = static_cast<Activation>(records[l].activation);
    const std::string name = layer_name(l, records.size());
    if (l + 1 < records.size() && a == Activation::Softmax)
      return fail("the model file puts softmax on " + name +
                  ": softmax is only allowed at the "
                  "output, with the softmax-ce loss");
    if (l + 1 < records.size() && a != arch.hidden)
      return fail("the model file's hidden layers have different activations (" +
                  std::string(activation_name(arch.hidden)) + " and " + activation_name(a) +
                  "): a digitlab network has one for all");
    if (l + 1 == records.size() && a != output_activation(loss))
      return fail("the model file's output layer uses " + std::string(activation_name(a)) +
                  ", but its loss " + loss_name(loss) + " needs " +
                  activation_name(output_activation(loss)));
    if ((records[l].bias == 1) != arch.bias)
      return fail("the model file gives biases to some layers and not to " + name +
                  ": a digitlab network has biases on every layer or none");
  }
  if (Status s = check_architecture(arch); !s)
    return fail("the model file is refused: " + s.error());
  return arch;
}

// Versions 2 and 3 (model_file.h), read from just after the version.
Result<Model> load_v2_model(Reader& r, bool augmented, WeightBound bound) {
  const uint32_t layers = r.u32("layer count");
  const uint32_t input = r.u32("input size");
  if (r.cut) return truncated(r);
  if (Status s = check_layer_count(layers); !s) return fail(s.error());
  std::vector<LayerRecord> records(layers - 1);  // at most kMaxLayers - 1
  for (LayerRecord& rec : records) {
    rec.kind = r.u32("layer kind");
    rec.nodes = r.u32("layer size");
    rec.activation = r.u32("layer activation");
    rec.bias = r.u32("layer bias flag");
    if (r.cut) return truncated(r);
  }
  const uint32_t loss = r.u32("loss");
  Model model;
  TrainingConfig& c = model.config;
  c.init = static_cast<Init>(r.u32("initialisation"));
  c.seed = r.u64("seed");
  c.optimizer = static_cast<Optimizer>(r.u32("optimizer"));
  c.learning_rate = r.f32("learning rate");
  c.batch_size = to_int(r.u32("batch size"));
  c.schedule = static_cast<Schedule>(r.u32("schedule"));
  c.weight_decay = r.f32("weight decay");
  c.epochs = to_int(r.u32("epochs"));
  const uint32_t shuffle = r.u32("shuffle flag");
  uint32_t centre = 1;
  if (augmented) {
    AugmentConfig& a = c.augment;
    for (float* f : {&a.rotate_degrees, &a.scale, &a.shear, &a.shift_pixels, &a.elastic_alpha,
                     &a.elastic_sigma, &a.thickness, &a.copies_degrees})
      *f = r.f32("augmentation setting");
    centre = r.u32("augmentation centre flag");
  }
  model.progress.epochs = r.u32("epochs seen");
  model.progress.samples = r.u64("samples seen");
  const uint64_t weight_count = r.u64("weight count");
  const uint64_t bias_count = r.u64("bias count");
  if (r.cut) return truncated(r);

  Result<Architecture> arch = read_architecture(input, records, loss);
  if (!arch) return fail(arch.error());
  c.architecture = *arch;
  if (shuffle > 1)
    return fail("the model file has a shuffle flag of " + std::to_string(shuffle) +
                " (0 for file order or 1)");
  if (centre > 1)
    return fail("the model file has an augmentation centre flag of " + std::to_string(centre) +
                " (0 or 1)");
  c.augment.centre = centre == 1;
  if (augmented && c.augment == AugmentConfig{})
    return fail(
        "the model file is version 3 but records no augmentation (such a model's file is "
        "version 2)");
  if (Status s = validate_training(c); !s)
    return fail("the model file's training settings are refused: " + s.error());
  Result<Network> net = read_parameters(r, std::move(*arch), weight_count, bias_count, bound);
  if (!net) return fail(net.error());
  c.shuffle = shuffle == 1;
  model.network = std::move(*net);
  return model;
}

}  // namespace

Result<Model> load_model(const uint8_t* data, size_t size, WeightBound bound) {
  if (size == 0) return fail("the model file is empty");
  // A bounded look (no unzipping) says what the file is instead.
  if (!has_model_magic(data, size))
    return fail("not a digitlab model file: it looks like " +
                file_kind_text(data, size, /*whole=*/false) + " (a model starts with \"DLMD\")");
  Reader r{data, size};
  r.at = 4;
  const uint32_t version = r.u32("version");
  if (r.cut) return truncated(r);
  if (version == kBookVersion) return load_book_model(r, bound);
  if (version == kVersion || version == kAugmentVersion)
    return load_v2_model(r, version == kAugmentVersion, bound);
  return fail("model file version " + std::to_string(version) + " is not supported (this " +
              "digitlab reads versions " + std::to_string(kBookVersion) + " to " +
              std::to_string(kAugmentVersion) + ")");
}

// ---- shape ----

Status check_model_shape(const Network& net, int inputs, int outputs) {
  if (net.input_size() != inputs || net.output_size() != outputs)
    return fail("the model has " + std::to_string(net.input_size()) + " inputs and " +
                std::to_string(net.output_size()) + " outputs; this needs " +
                std::to_string(inputs) + " inputs (28x28 images) and " + std::to_string(outputs) +
                " outputs");
  return Status::success();
}

Result<Model> load_digit_model(const uint8_t* data, size_t size) {
  Result<Model> model = load_model(data, size);
  if (!model) return model;
  if (Status s = check_model_shape(model->network, kImagePixels, kClasses); !s)
    return fail(s.error());
  return model;
}

}  // namespace digitlab
