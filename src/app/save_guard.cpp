// Looking before saving: what is at the path, and a free default name (save_guard.h).
#include "save_guard.h"

#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "data/file_kind.h"
#include "data/formats.h"
#include "data/model_file.h"
#include "text_format.h"

namespace digitlab {

namespace {

// What is read of an existing file to say what it is: file_kind needs its first 4 KiB; the rest
// lets a gzip file of up to this size (MNIST's largest is 9.9 MB) be unzipped to name what it
// holds. A longer one is named "a gzip-compressed file". Bounded, so a file of any size typed
// into the Save field is never read whole.
constexpr size_t kLookBytes = size_t(16) << 20;

}  // namespace

Result<SaveTarget> check_save_target(const std::string& path) {
  namespace fs = std::filesystem;
  // Its status first, through symbolic links, and nothing opened: a folder, a FIFO (whose open
  // would block the UI until a writer came) or a device is refused as the save would refuse it.
  Result<std::string> file = write_target(path);
  if (!file) return fail(file.error());
  std::error_code ec;
  // Nothing there (also a link to a file not made yet, which the save creates): no question.
  if (fs::status(*file, ec).type() == fs::file_type::not_found) return SaveTarget{};
  Result<std::vector<uint8_t>> head = read_file_prefix(path, kLookBytes);
  if (!head) return fail(head.error());
  const bool whole = head->size() < kLookBytes;

  SaveTarget target;
  target.exists = true;
  const std::string name = "'" + path + "'";
  if (file_kind(head->data(), head->size()) == FileKind::Model) {
    // A model is read whole to name its shape, but a file longer than any model file can be
    // is not read at all (and one that grows meanwhile, at most one byte past that length).
    const std::string too_long =
        name + " is a damaged digitlab model (longer than any model file). Overwrite it?";
    const uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > kMaxModelFileBytes) {
      target.question = too_long;
      return target;
    }
    Result<std::vector<uint8_t>> bytes =
        whole ? std::move(head) : read_file_prefix(path, size_t(kMaxModelFileBytes) + 1);
    if (!bytes) return fail(bytes.error());
    if (bytes->size() > kMaxModelFileBytes) {
      target.question = too_long;
      return target;
    }
    Result<Model> old = load_model(bytes->data(), bytes->size());
    if (old) {
      target.holds_model = true;
      target.question = name + " already holds a digitlab model (" +
                        layer_sizes_text(old->network) + "). Replace it with the current one?";
    } else {
      target.question = name + " is a damaged digitlab model (" + old.error() + "). Overwrite it?";
    }
    return target;
  }
  const std::string kind = file_kind_text(head->data(), head->size(), whole);
  target.question = name + " is not a digitlab model (it looks like " + kind + "). Overwrite it?";
  return target;
}

std::string free_model_path(const std::string& folder) {
  namespace fs = std::filesystem;
  const std::string prefix = folder.empty() ? "" : folder + "/";
  const auto name = [&prefix](int n) {
    return prefix + "digitlab-model" + (n == 1 ? "" : "-" + std::to_string(n)) + ".dlm";
  };
  for (int n = 1; n <= 9999; ++n) {
    std::error_code ec;
    // A name that cannot be looked at is not known to be free: try the next.
    if (fs::symlink_status(name(n), ec).type() == fs::file_type::not_found) return name(n);
  }
  return name(1);  // a folder that cannot be read: Save asks or says why it cannot write
}

}  // namespace digitlab
