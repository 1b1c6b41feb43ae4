// The training protocol's byte codec: a writer, a checking reader, then each message's body in
// both directions (the layout is training_codec.h's).
#include "training_codec.h"

#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "data/model_file.h"
#include "overloaded.h"

namespace digitlab {
namespace {

// Arrays of floats and sizes are copied as they lie in memory: every build digitlab has
// (x86-64, WebAssembly) is little-endian, which the layout is.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the codec copies little-endian arrays");

constexpr uint8_t kMagic[4] = {'D', 'L', 'T', 'P'};
constexpr uint8_t kVersion = 2;  // 2: Progress ends with its test seconds
enum Kind : uint8_t {
  kSetData = 1,
  kStart = 2,
  kPause = 3,
  kResume = 4,
  kStop = 5,
  kEvents = 16,
  kSnapshot = 32
};
enum EventKind : uint8_t { kProgress = 1, kRunEnded = 2, kRefused = 3, kHostNote = 4 };

struct Writer {
  std::vector<uint8_t> out;
  explicit Writer(Kind kind) {
    out.assign(kMagic, kMagic + 4);
    out.push_back(kVersion);
    out.push_back(kind);
  }
  void raw(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    out.insert(out.end(), b, b + n);
  }
  template <class T>
  void put(T v) {
    static_assert(std::is_arithmetic_v<T>);
    raw(&v, sizeof v);
  }
  void u8(uint8_t v) { put(v); }
  void u32(uint32_t v) { put(v); }
  void i32(int v) { put(static_cast<int32_t>(v)); }
  void u64(uint64_t v) { put(v); }
  void str(const std::string& s) {
    u32(static_cast<uint32_t>(s.size()));
    raw(s.data(), s.size());
  }
  template <class T>
  void array(const std::vector<T>& v) {  // u64 count, then the values
    u64(v.size());
    if (!v.empty()) raw(v.data(), v.size() * sizeof(T));
  }
};

// Reads what Writer wrote; the first problem is kept (later reads give zeros) and named by
// finish(). Counts are checked against the bytes left before anything is allocated for them.
struct Reader {
  Reader(const uint8_t* bytes, size_t length) : data(bytes), size(length) {}
  const uint8_t* data;
  size_t size;
  size_t at = 0;
  std::string problem;

  bool ok() const { return problem.empty(); }
  void refuse(const std::string& why) {
    if (problem.empty()) problem = why;
    at = size;
  }
  bool take(void* p, size_t n, const char* field) {
    if (!ok() || size - at < n) {
      refuse(std::string("the message ends in its ") + field);
      std::memset(p, 0, n);
      return false;
    }
    std::memcpy(p, data + at, n);
    at += n;
    return true;
  }
  template <class T>
  T get(const char* field) {
    T v{};
    take(&v, sizeof v, field);
    return v;
  }
  uint8_t u8(const char* field) { return get<uint8_t>(field); }
  uint32_t u32(const char* field) { return get<uint32_t>(field); }
  int i32(const char* field) { return get<int32_t>(field); }
  uint64_t u64(const char* field) { return get<uint64_t>(field); }
  // A count or index as the app holds it: in WebAssembly size_t has 32 bits, so a larger value
  // is refused, not cut short.
  size_t size_value(const char* field) {
    const uint64_t v = u64(field);
    if (v > SIZE_MAX) refuse(std::string(field) + " holds " + std::to_string(v) + ", too large");
    return ok() ? static_cast<size_t>(v) : 0;
  }
  // Whole epochs: never negative (the app counts them in unsigned fields later).
  int epochs(const char* field) {
    const int v = i32(field);
    if (v < 0) refuse(std::string(field) + " has " + std::to_string(v) + " epochs");
    return ok() ? v : 0;
  }
  bool flag(const char* field) {
    const uint8_t v = u8(field);
    if (v > 1) refuse(std::string(field) + " is neither 0 nor 1");
    return v == 1;
  }
  // A count of items of item_bytes each that must fit in what is left.
  size_t count(uint64_t n, size_t item_bytes, const char* field) {
    if (ok() && n > (size - at) / item_bytes)
      refuse(std::string("the message ends in its ") + field);
    return ok() ? static_cast<size_t>(n) : 0;
  }
  std::string str(const char* field) {
    const size_t n = count(u32(field), 1, field);
    std::string s(n, '\0');
    if (n) take(s.data(), n, field);
    return s;
  }
  template <class T>
  std::vector<T> array(const char* field) {
    const size_t n = count(u64(field), sizeof(T), field);
    std::vector<T> v(n);
    if (n) take(v.data(), n * sizeof(T), field);
    return v;
  }
  Error error() const { return fail("damaged training message: " + problem); }
};

// Opens a message: its header, and which kind it is (0 if the header is wrong).
uint8_t open(Reader& r) {
  uint8_t magic[4];
  r.take(magic, 4, "header");
  const uint8_t version = r.u8("header");
  const uint8_t kind = r.u8("header");
  if (r.ok() && std::memcmp(magic, kMagic, 4) != 0) r.refuse("not a training message");
  if (r.ok() && version != kVersion)
    r.refuse("version " + std::to_string(version) + " (this page speaks version " +
             std::to_string(kVersion) + ")");
  return r.ok() ? kind : 0;
}

bool finished(Reader& r) {
  if (r.ok() && r.at != r.size) r.refuse("it has bytes after its end");
  return r.ok();
}

// ---- datasets ----

// What put_dataset writes for d, in bytes.
size_t dataset_bytes(const std::shared_ptr<const Dataset>& d) {
  return d ? 1 + 4 + 4 + 8 + d->pixels.size() + d->labels.size() : 1;
}

// A whole SetData message's length: reserved at once, not a vector that doubles its way to
// MNIST's ~47 MB (a peak of twice that on the page's heap).
size_t set_data_bytes(const SetData& c) {
  return 6 + dataset_bytes(c.train) + dataset_bytes(c.test);
}

void put_dataset(Writer& w, const std::shared_ptr<const Dataset>& d) {
  w.u8(d ? 1 : 0);
  if (!d) return;
  w.u32(static_cast<uint32_t>(d->rows));
  w.u32(static_cast<uint32_t>(d->cols));
  w.u64(d->size());
  assert(d->pixels.size() == d->size() * d->pixels_per_image());
  w.raw(d->pixels.data(), d->pixels.size());
  w.raw(d->labels.data(), d->labels.size());
}

std::shared_ptr<const Dataset> get_dataset(Reader& r) {
  if (!r.flag("dataset flag")) return nullptr;
  auto d = std::make_shared<Dataset>();
  const uint32_t rows = r.u32("image size"), cols = r.u32("image size");
  const uint64_t n = r.u64("image count");
  if (!r.ok()) return nullptr;
  if (rows < 1 || cols < 1 || rows > 1024 || cols > 1024) {
    r.refuse("images of " + std::to_string(rows) + "x" + std::to_string(cols) + " pixels");
    return nullptr;
  }
  d->rows = static_cast<int>(rows);
  d->cols = static_cast<int>(cols);
  const size_t images = r.count(n, d->pixels_per_image() + 1, "images");
  d->pixels.resize(images * d->pixels_per_image());
  d->labels.resize(images);
  if (images) {
    r.take(d->pixels.data(), d->pixels.size(), "images");
    r.take(d->labels.data(), d->labels.size(), "labels");
  }
  for (uint8_t label : d->labels)
    if (label >= kClasses) {
      r.refuse("a label of " + std::to_string(label));
      break;
    }
  return r.ok() ? d : nullptr;
}

// ---- evaluations ----

void put_evaluation(Writer& w, const Evaluation& e) {
  w.u64(e.total);
  w.u64(e.correct);
  w.u64(e.non_finite);
  for (const auto& row : e.confusion)
    for (uint32_t cell : row) w.u32(cell);
  for (float v : e.output_low) w.put(v);
  for (float v : e.output_high) w.put(v);
}

Evaluation get_evaluation(Reader& r) {
  Evaluation e;
  e.total = r.size_value("evaluation");
  e.correct = r.size_value("evaluation");
  e.non_finite = r.size_value("evaluation");
  uint64_t cells = 0, diagonal = 0;
  for (int a = 0; a < kClasses; ++a)
    for (int p = 0; p < kClasses; ++p) {
      e.confusion[a][p] = r.u32("confusion matrix");
      cells += e.confusion[a][p];
      if (a == p) diagonal += e.confusion[a][p];
    }
  for (float& v : e.output_low) v = r.get<float>("output range");
  for (float& v : e.output_high) v = r.get<float>("output range");
  if (r.ok() && (cells + e.non_finite != e.total || diagonal != e.correct))
    r.refuse("an evaluation whose counts do not add up");
  return e;
}

void put_details(Writer& w, const EvaluationDetails& d) {
  w.u64(d.most_confident());
  for (int a = 0; a < kClasses; ++a)
    for (int p = 0; p < kClasses; ++p) {
      const std::vector<size_t>& images = d.cell(a, p);
      w.u64(images.size());
      for (size_t i : images) w.u64(i);
      for (float c : d.cell_confidences(a, p)) w.put(c);
    }
  const std::vector<Mistake>& mistakes = d.most_confident_mistakes();
  w.u32(static_cast<uint32_t>(mistakes.size()));
  for (const Mistake& m : mistakes) {
    w.u64(m.index);
    w.u8(static_cast<uint8_t>(m.actual));
    w.u8(static_cast<uint8_t>(m.predicted));
    for (float v : m.outputs) w.put(v);
  }
}

std::shared_ptr<const EvaluationDetails> get_details(Reader& r, const Evaluation& eval) {
  const size_t kept = r.size_value("details");
  EvaluationDetails::Cells cells;
  EvaluationDetails::CellConfidences confidences;
  for (int a = 0; a < kClasses && r.ok(); ++a)
    for (int p = 0; p < kClasses && r.ok(); ++p) {
      const size_t n = r.count(r.u64("details cell"), 12, "details cell");
      if (r.ok() && n != eval.confusion[a][p]) r.refuse("details that differ from the matrix");
      cells[a][p].resize(n);
      for (size_t& i : cells[a][p]) i = r.size_value("details cell");
      confidences[a][p].resize(n);
      if (n) r.take(confidences[a][p].data(), n * sizeof(float), "details cell");
    }
  std::vector<Mistake> mistakes(r.count(r.u32("mistakes"), 50, "mistakes"));
  for (Mistake& m : mistakes) {
    m.index = r.size_value("mistakes");
    m.actual = r.u8("mistakes");
    m.predicted = r.u8("mistakes");
    for (float& v : m.outputs) v = r.get<float>("mistakes");
  }
  if (!r.ok()) return nullptr;
  Result<EvaluationDetails> d = EvaluationDetails::from_parts(
      kept, std::move(cells), std::move(confidences), std::move(mistakes));
  if (!d) {
    r.refuse(d.error());
    return nullptr;
  }
  return std::make_shared<const EvaluationDetails>(std::move(*d));
}

// ---- events ----

void put_progress(Writer& w, const Progress& p) {
  w.u32(p.run);
  w.u64(p.samples);
  w.u64(p.samples_total);
  w.i32(p.epochs_done);
  w.u32(static_cast<uint32_t>(p.loss.size()));
  for (const LossPoint& l : p.loss) {
    w.u64(l.samples);
    w.put(l.loss);
  }
  w.u32(static_cast<uint32_t>(p.accuracy.size()));
  for (const AccuracyPoint& a : p.accuracy) {
    w.u64(a.samples);
    put_evaluation(w, a.eval);
    w.u8(a.full ? 1 : 0);
    w.i32(a.epoch);
    w.str(a.warning);
    w.u64(a.fingerprint);
    w.u8(a.details ? 1 : 0);
    if (a.details) put_details(w, *a.details);
  }
  w.u8(p.testing ? 1 : 0);
  w.put(p.test_seconds);
}

Progress get_progress(Reader& r) {
  Progress p;
  p.run = r.u32("progress");
  p.samples = r.size_value("progress");
  p.samples_total = r.size_value("progress");
  p.epochs_done = r.epochs("progress");
  p.loss.resize(r.count(r.u32("loss points"), 16, "loss points"));
  for (LossPoint& l : p.loss) {
    l.samples = r.size_value("loss points");
    l.loss = r.get<double>("loss points");
  }
  // An accuracy point takes at least 500 bytes (its evaluation): the count is bounded by that.
  p.accuracy.resize(r.count(r.u32("accuracy points"), 500, "accuracy points"));
  for (AccuracyPoint& a : p.accuracy) {
    if (!r.ok()) break;
    a.samples = r.size_value("accuracy point");
    a.eval = get_evaluation(r);
    a.full = r.flag("accuracy point");
    a.epoch = r.epochs("accuracy point");
    a.warning = r.str("accuracy point");
    a.fingerprint = r.u64("accuracy point");
    if (r.flag("accuracy point")) a.details = get_details(r, a.eval);
  }
  p.testing = r.flag("progress");
  p.test_seconds = r.get<double>("progress");
  if (r.ok() && !(p.test_seconds >= 0 && std::isfinite(p.test_seconds)))
    r.refuse("a test time that is not a number of seconds");
  return p;
}

Start read_start(Reader& r) {
  Start c;
  c.run = r.u32("run");
  const std::vector<uint8_t> file = r.array<uint8_t>("model");
  if (!r.ok()) return c;
  // Every check of a model file but its magnitude bound: the page's worker must train what the
  // other hosts train (a kept result is bounded when it is kept, model_file.h's WeightBound).
  Result<Model> model = load_model(file.data(), file.size(), WeightBound::kFiniteOnly);
  if (!model) {
    r.refuse("its model: " + model.error());
    return c;
  }
  c.network = std::move(model->network);
  c.config = std::move(model->config);
  return c;
}

TrainingCommand read_command(Reader& r, uint8_t kind) {
  switch (kind) {
    case kSetData: {
      SetData c;
      c.train = get_dataset(r);
      c.test = get_dataset(r);
      return c;
    }
    case kStart:
      return read_start(r);
    case kPause:
      return Pause{};
    case kResume: {
      Resume c;
      c.weights = r.array<float>("weights");
      c.biases = r.array<float>("biases");
      return c;
    }
    case kStop:
      return Stop{};
    default:
      if (r.ok()) r.refuse("not a command (kind " + std::to_string(kind) + ")");
      return Stop{};  // not used: the reader's problem makes it a refusal
  }
}

}  // namespace

std::vector<uint8_t> encode_command(const TrainingCommand& command) {
  return std::visit(Overloaded{
                        [](const SetData& c) {
                          Writer w(kSetData);
                          w.out.reserve(set_data_bytes(c));  // MNIST's ~47 MB at once
                          put_dataset(w, c.train);
                          put_dataset(w, c.test);
                          return std::move(w.out);
                        },
                        [](const Start& c) {
                          Writer w(kStart);
                          // The model file is the one checked home of a network and its settings
                          // (read back with all its checks but the file's weight bound).
                          // It keeps the network's architecture, which is what a run trains (the
                          // Trainer takes it from the network): config.architecture arrives as the
                          // network's.
                          Model model;
                          model.network = c.network;
                          model.config = c.config;
                          w.u32(c.run);
                          w.array(save_model(model));
                          return std::move(w.out);
                        },
                        [](const Pause&) { return Writer(kPause).out; },
                        [](const Resume& c) {
                          Writer w(kResume);
                          w.array(c.weights);
                          w.array(c.biases);
                          return std::move(w.out);
                        },
                        [](const Stop&) { return Writer(kStop).out; },
                    },
                    command);
}

Result<TrainingCommand> decode_command(const uint8_t* data, size_t size) {
  Reader r(data, size);
  const uint8_t kind = open(r);
  Result<TrainingCommand> command = read_command(r, kind);
  if (!finished(r)) return r.error();
  return command;
}

std::vector<uint8_t> encode_events(const std::vector<TrainingEvent>& events) {
  Writer w(kEvents);
  w.u32(static_cast<uint32_t>(events.size()));
  for (const TrainingEvent& e : events)
    std::visit(Overloaded{
                   [&](const Progress& p) {
                     w.u8(kProgress);
                     put_progress(w, p);
                   },
                   [&](const RunEnded& e2) {
                     w.u8(kRunEnded);
                     w.u32(e2.run);
                     w.u8(static_cast<uint8_t>(e2.how));
                     w.str(e2.message);
                   },
                   [&](const Refused& e2) {
                     w.u8(kRefused);
                     w.u32(e2.run);
                     w.str(e2.message);
                   },
                   [&](const HostNote& e2) {
                     w.u8(kHostNote);
                     w.str(e2.message);
                   },
               },
               e);
  return std::move(w.out);
}

Result<std::vector<TrainingEvent>> decode_events(const uint8_t* data, size_t size) {
  Reader r(data, size);
  const uint8_t kind = open(r);
  if (r.ok() && kind != kEvents) r.refuse("not a batch of events");
  std::vector<TrainingEvent> events;
  const size_t n = r.count(r.u32("event count"), 5, "events");  // a kind and a string length
  for (size_t i = 0; i < n && r.ok(); ++i) {
    switch (r.u8("event")) {
      case kProgress:
        events.push_back(get_progress(r));
        break;
      case kRunEnded: {
        RunEnded e;
        e.run = r.u32("run end");
        const uint8_t how = r.u8("run end");
        if (how > static_cast<uint8_t>(RunEnd::Failed)) r.refuse("an unknown run end");
        e.how = static_cast<RunEnd>(how);
        e.message = r.str("run end");
        events.push_back(std::move(e));
        break;
      }
      case kRefused: {
        const uint32_t run = r.u32("refusal");
        events.push_back(Refused{r.str("refusal"), run});
        break;
      }
      case kHostNote:
        events.push_back(HostNote{r.str("host note")});
        break;
      default:
        r.refuse("an unknown event");
    }
  }
  if (!finished(r)) return r.error();
  return events;
}

std::vector<uint8_t> encode_snapshot(const WeightSnapshot& s) {
  Writer w(kSnapshot);
  w.u32(s.run);
  w.u64(s.samples);
  w.i32(s.epochs_done);
  w.out.reserve(w.out.size() + 16 + 4 * (s.weights.size() + s.biases.size()));
  w.array(s.weights);
  w.array(s.biases);
  return std::move(w.out);
}

Result<WeightSnapshot> decode_snapshot(const uint8_t* data, size_t size) {
  Reader r(data, size);
  if (open(r) != kSnapshot && r.ok()) r.refuse("not a weight snapshot");
  WeightSnapshot s;
  s.run = r.u32("snapshot");
  s.samples = r.size_value("snapshot");
  s.epochs_done = r.epochs("snapshot");
  s.weights = r.array<float>("weights");
  s.biases = r.array<float>("biases");
  if (!finished(r)) return r.error();
  return s;
}

}  // namespace digitlab
