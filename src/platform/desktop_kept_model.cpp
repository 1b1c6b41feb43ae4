// The desktop's kept model: one file in the user's data folder (desktop_kept_model.h).
#include "desktop_kept_model.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#include "data/formats.h"

namespace digitlab {
namespace {

// XDG's base directory rules: a relative value is ignored.
bool absolute(const char* path) {
  return path != nullptr && path[0] == '/';
}

// For the panel's "Kept in ~/.local/share/digitlab/last-model.dlm for next time."
std::string shown_path(const std::string& path) {
  const char* home = std::getenv("HOME");
  if (!absolute(home)) return path;
  const std::string prefix = std::string(home) + "/";
  return path.compare(0, prefix.size(), prefix) == 0 ? "~/" + path.substr(prefix.size()) : path;
}

}  // namespace

std::string desktop_data_dir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); absolute(xdg))
    return std::string(xdg) + "/digitlab";
  if (const char* home = std::getenv("HOME"); absolute(home))
    return std::string(home) + "/.local/share/digitlab";
  return "";
}

std::string kept_model_path(const std::string& data_dir) {
  return data_dir + "/last-model.dlm";
}

void add_kept_model(PlatformFiles& files, const std::string& data_dir) {
  if (data_dir.empty()) return;
  const std::string path = kept_model_path(data_dir);
  files.kept_where = "in " + shown_path(path);
  files.keep_model = [data_dir, path](const std::vector<uint8_t>& bytes) -> Status {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) return fail("cannot make the folder '" + data_dir + "': " + ec.message());
    return write_file(path, bytes);
  };
  files.forget_model = [path]() -> Status {
    std::error_code ec;
    std::filesystem::remove(path, ec);  // a file already gone is no error
    if (ec) return fail("cannot remove '" + path + "': " + ec.message());
    return Status::success();
  };
}

void restore_kept_model_file(TrainingPanel& panel, const std::string& data_dir) {
  if (data_dir.empty()) return;
  const std::string path = kept_model_path(data_dir);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return;  // nothing kept yet
  Result<std::vector<uint8_t>> bytes = read_file(path);
  // Unreadable, damaged or the wrong shape: the panel says so and keeps the pre-trained
  // network; the file stays as it is (the page drops its copy; a file is the user's to look at).
  if (!bytes) return panel.kept_model_unusable(bytes.error());
  panel.restore_kept_model(bytes->data(), bytes->size());
}

}  // namespace digitlab
