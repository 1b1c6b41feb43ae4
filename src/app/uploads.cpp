// Uploads: sniffing each file's content, pairing IDX halves, and choosing training and test sets.
#include "uploads.h"

#include <algorithm>
#include <utility>

#include "data/dataset_ops.h"
#include "data/file_kind.h"
#include "data/formats.h"
#include "text_format.h"

namespace digitlab {
namespace {

enum class Kind { Model, Images, Labels, Csv };

struct Sniffed {
  NamedFile file;  // unzipped
  Kind kind = Kind::Csv;
  uint32_t count = 0;  // IDX: the images or labels its header declares
};

struct NamedDataset {
  Dataset data;
  std::string name;
};

std::string quoted(const std::string& name) {
  return "'" + name + "'";
}

Result<Sniffed> sniff(NamedFile file) {
  if (is_gzip(file.bytes.data(), file.bytes.size())) {
    Result<std::vector<uint8_t>> raw = gunzip(file.bytes.data(), file.bytes.size());
    if (!raw)
      return fail(quoted(file.name) + " is gzip-compressed but does not unzip: " + raw.error());
    file.bytes = std::move(*raw);
  }
  const uint8_t* b = file.bytes.data();
  const size_t size = file.bytes.size();
  const std::string& n = file.name;
  const FileKind kind = file_kind(b, size);
  if (kind == FileKind::Empty) return fail(quoted(n) + " is empty");
  if (kind == FileKind::Model) return Sniffed{std::move(file), Kind::Model, 0};
  // Named like a model but without its magic: say so, rather than how it fails as a CSV.
  if (n.size() >= 4 && n.compare(n.size() - 4, 4, ".dlm") == 0)
    return fail(quoted(n) + " is not a digitlab model file (it does not start with \"DLMD\")");
  switch (kind) {
    case FileKind::IdxImages:
    case FileKind::IdxLabels: {
      if (size < 8) return fail(quoted(n) + " is an IDX file cut off in its header");
      const uint32_t count = idx_count(b, size);
      return Sniffed{std::move(file), kind == FileKind::IdxImages ? Kind::Images : Kind::Labels,
                     count};
    }
    case FileKind::IdxOther:
      return fail(quoted(n) + " is an IDX file of another kind (type 0x0" +
                  std::to_string(idx_type(b, size) >> 8) + "..): digitlab reads images (0x0803) " +
                  "and labels (0x0801)");
    case FileKind::Gzip:  // gzip inside gzip
    case FileKind::Binary:
      return fail(quoted(n) + " is not a digitlab model (.dlm), an IDX file or a CSV file");
    default:  // CSV or other text: parse_csv() says what is wrong with it
      return Sniffed{std::move(file), Kind::Csv, 0};
  }
}

const char* half_name(Kind kind) {
  return kind == Kind::Images ? "images" : "labels";
}

// A test set is named so more often than not: MNIST's t10k-*, Kaggle's test.csv.
bool named_like_test(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("test") != std::string::npos || lower.find("t10k") != std::string::npos;
}

// Every set holds at least one image: parse_idx and parse_csv refuse an empty dataset.
Result<TrainingData> choose_sets(std::vector<NamedDataset> sets) {
  TrainingData out;
  if (sets.size() == 1) {
    if (sets[0].data.size() < 2)
      return fail(quoted(sets[0].name) + " holds a single image: a test set needs at least one " +
                  "more");
    auto split = split_holdout(sets[0].data, kHoldoutFraction);
    out.train = std::move(split.first);
    out.test = std::move(split.second);
    out.test_held_out = true;
    out.source = sets[0].name;
    return out;
  }
  if (sets.size() > 2)
    return fail("got " + std::to_string(sets.size()) + " datasets; give one (a test set is " +
                "held out of it) or two (training and test)");
  // The larger is the training set; on a tie, the one named like a test set is the test set.
  const bool swap = sets[1].data.size() > sets[0].data.size() ||
                    (sets[1].data.size() == sets[0].data.size() && named_like_test(sets[0].name) &&
                     !named_like_test(sets[1].name));
  if (swap) std::swap(sets[0], sets[1]);
  out.train = std::move(sets[0].data);
  out.test = std::move(sets[1].data);
  out.source = "training: " + sets[0].name + "; test: " + sets[1].name;
  return out;
}

}  // namespace

Result<RoutedUpload> UploadRouter::route(std::vector<NamedFile> files) {
  std::vector<Sniffed> models, halves, csvs;
  for (NamedFile& f : files) {
    Result<Sniffed> s = sniff(std::move(f));
    if (!s) return fail(s.error());
    (s->kind == Kind::Model ? models
     : s->kind == Kind::Csv ? csvs
                            : halves)
        .push_back(std::move(*s));
  }
  if (models.size() > 1)
    return fail("got " + std::to_string(models.size()) + " model files; " +
                "load one model at a time");

  RoutedUpload out;
  if (!models.empty()) {
    const NamedFile& f = models[0].file;
    Result<Model> model = load_digit_model(f.bytes.data(), f.bytes.size());
    if (!model) return fail(quoted(f.name) + ": " + model.error());
    out.model = std::move(*model);
  }

  // A half waiting from an earlier batch pairs with this one's halves; a new unpaired half
  // of this batch replaces it.
  const size_t new_halves = halves.size();
  for (const NamedFile& w : waiting_) {
    Result<Sniffed> s = sniff(w);  // cannot fail: it passed before
    if (s) halves.push_back(std::move(*s));
  }
  std::vector<NamedDataset> sets;
  std::vector<bool> used(halves.size(), false);
  for (size_t i = 0; i < halves.size(); ++i) {
    if (used[i] || halves[i].kind != Kind::Images) continue;
    for (size_t j = 0; j < halves.size(); ++j) {
      if (used[j] || halves[j].kind != Kind::Labels || halves[j].count != halves[i].count) continue;
      const NamedFile &im = halves[i].file, &lb = halves[j].file;
      Result<Dataset> d =
          parse_idx(im.bytes.data(), im.bytes.size(), lb.bytes.data(), lb.bytes.size());
      if (!d) return fail(quoted(im.name) + " + " + quoted(lb.name) + ": " + d.error());
      sets.push_back({std::move(*d), im.name + " + " + lb.name});
      used[i] = used[j] = true;
      break;
    }
  }
  std::vector<size_t> left;
  for (size_t i = 0; i < halves.size(); ++i)
    if (!used[i]) left.push_back(i);
  if (left.size() == 2 && halves[left[0]].kind != halves[left[1]].kind) {
    const Sniffed& a = halves[left[0]];
    const Sniffed& b = halves[left[1]];
    return fail(quoted(a.file.name) + " holds " + thousands_text(a.count) + " " +
                half_name(a.kind) + " but " + quoted(b.file.name) + " holds " +
                thousands_text(b.count) + " " + half_name(b.kind) +
                ": an IDX pair must hold as many of each");
  }
  if (left.size() > 1)  // a waiting half gives way to a new unpaired one
    left.erase(std::remove_if(left.begin(), left.end(), [&](size_t i) { return i >= new_halves; }),
               left.end());
  if (left.size() > 1)
    return fail("the IDX " + std::string(half_name(halves[left[0]].kind)) + " file " +
                quoted(halves[left[0]].file.name) + " (" + thousands_text(halves[left[0]].count) +
                ") has no partner of the same count in these files");

  for (Sniffed& c : csvs) {
    Result<Dataset> d = parse_csv(c.file.bytes.data(), c.file.bytes.size());
    if (!d) return fail(quoted(c.file.name) + ": " + d.error());
    sets.push_back({std::move(*d), c.file.name});
  }
  if (!sets.empty()) {
    Result<TrainingData> data = choose_sets(std::move(sets));
    if (!data) return fail(data.error());
    out.data = std::move(*data);
  }

  // Only now, with the batch accepted, does the router's own state change.
  waiting_.clear();
  waiting_note_.clear();
  if (left.size() == 1) {
    const Sniffed& half = halves[left[0]];
    const std::string other = half.kind == Kind::Images ? "labels" : "images";
    if (left[0] < new_halves)  // news of this batch, not the half still waiting from before
      out.note = "Got the IDX " + std::string(half_name(half.kind)) + " file " +
                 quoted(half.file.name) + " (" + thousands_text(half.count) + "); add its " +
                 other + " file to use it.";
    waiting_note_ = quoted(half.file.name) + " (" + thousands_text(half.count) + " " +
                    half_name(half.kind) + ") waits for its " + other + " file";
    waiting_.push_back(half.file);
  }
  return out;
}

}  // namespace digitlab
