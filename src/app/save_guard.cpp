// Looking before saving: what is at the path, and a free default name (save_guard.h).
#include "save_guard.h"

#include <filesystem>
#include <system_error>
#include <vector>

#include "file_kind.h"
#include "formats.h"
#include "model_file.h"
#include "text_format.h"

namespace digitlab {

Result<SaveTarget> check_save_target(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::symlink_status(path, ec).type() == fs::file_type::not_found) return SaveTarget{};
  Result<std::vector<uint8_t>> bytes = read_file(path);  // says so for a folder, too
  if (!bytes) return fail(bytes.error());

  SaveTarget target;
  target.exists = true;
  const std::string name = "'" + path + "'";
  const std::string kind = file_kind_text(bytes->data(), bytes->size());
  if (file_kind(bytes->data(), bytes->size()) == FileKind::Model) {
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
