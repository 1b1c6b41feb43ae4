// MyDigitsStore: the app's "my digits" (core: data/my_digits.h) with what the platform does for
// them: keep them across visits after every change, restore them at start-up, and hand the
// exports to the user. No ImGui here (my_digits_view.h draws it); the tests drive it directly.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "data/formats.h"
#include "data/my_digits.h"
#include "result.h"

namespace digitlab {

// What the platform offers, like PlatformFiles for the model; an empty hook does nothing.
struct MyDigitsFiles {
  // Keeps the collection's stored file (MyDigits::save) across visits: the page in IndexedDB,
  // the desktop in its data folder (desktop_my_digits.h).
  std::function<Status(const std::vector<uint8_t>& bytes)> keep;
  // Hands exported files (path = a plain file name) to the user: the page offers each as a
  // download, the desktop writes them into a folder. Returns where they went, for the notice.
  std::function<Result<std::string>(const std::vector<FileToWrite>& files)> export_files;
};

// The exports' file names: the book's CSV, and an IDX pair named like MNIST's files (digitlab
// itself tells them apart by content, file_kind.h, when they are loaded back).
constexpr const char* kMyDigitsCsvName = "my-digits.csv";
constexpr const char* kMyDigitsImagesName = "my-digits-images-idx3-ubyte";
constexpr const char* kMyDigitsLabelsName = "my-digits-labels-idx1-ubyte";

class MyDigitsStore {
 public:
  void set_files(MyDigitsFiles files) { files_ = std::move(files); }

  // At start-up, the kept file's bytes. A file that does not load leaves the collection empty
  // and returns why; the app goes on without it.
  Status restore(const uint8_t* data, size_t size);

  // Each change is kept at once (MyDigitsFiles::keep). A change the core refuses (the cap, a
  // bad index) changes nothing; a change that could not be kept stays made, and the message
  // says it was not kept.
  Status add(const uint8_t* pixels, int label);
  Status remove(size_t index);
  Status clear();
  Status export_csv();
  Status export_idx();

  const MyDigits& digits() const { return digits_; }
  size_t size() const { return digits_.size(); }
  // Changes with every change of the collection, so views know to redo what they computed.
  uint64_t version() const { return version_; }
  // The last thing done, for the view's status line ("Added a 7: 12 digits.").
  const std::string& notice() const { return notice_; }

  // "Mix into training": my digits join the training set of the runs started from now on
  // (TrainingSession::set_extra_train; the App passes it on every frame).
  bool mix_into_training = false;

 private:
  Status keep();
  Status hand_out(const std::vector<FileToWrite>& files);

  MyDigits digits_;
  MyDigitsFiles files_;
  std::string notice_;
  uint64_t version_ = 0;
};

}  // namespace digitlab
