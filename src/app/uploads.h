// Uploads: what a batch of files is, decided by content, not by name. A batch is whatever
// arrived together: a file-picker selection, a drop onto the page or the window, the bundled
// MNIST. Each file is unzipped if it is gzip, then:
//   starts with "DLMD"          a model file (.dlm)
//   IDX magic 0x0803 / 0x0801   IDX images / labels: paired by their image counts
//   anything else               CSV as in the book
// One dataset becomes the training set with the last 10% held out as the test set; two become
// training (the larger) and test. Half an IDX pair with no partner waits for it in the router.
// All or nothing: any bad file refuses the whole batch with a message naming the file.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/model_file.h"
#include "result.h"
#include "training_session.h"

namespace digitlab {

constexpr double kHoldoutFraction = 0.1;

struct NamedFile {
  std::string name;
  std::vector<uint8_t> bytes;
};

struct RoutedUpload {
  std::optional<Model> model;
  std::optional<TrainingData> data;
  // About this batch alone: that a half IDX pair of this batch waits for its other half.
  // A half still waiting from an earlier batch is state, not news: see waiting_note().
  std::string note;
};

class UploadRouter {
 public:
  // Sorts out a batch. On failure nothing changes here either (a waiting half stays waiting).
  Result<RoutedUpload> route(std::vector<NamedFile> files);
  bool has_waiting_half() const { return !waiting_.empty(); }
  void forget_waiting_half() {
    waiting_.clear();
    waiting_note_.clear();
  }
  // While a half waits: which file, and what it waits for; empty otherwise.
  const std::string& waiting_note() const { return waiting_note_; }

 private:
  std::vector<NamedFile> waiting_;  // at most one IDX images or labels file, unzipped
  std::string waiting_note_;
};

}  // namespace digitlab
