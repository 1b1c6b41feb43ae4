// The desktop's my digits: a file in the user's data folder (desktop_my_digits.h).
#include "desktop_my_digits.h"

#include <filesystem>
#include <system_error>
#include <vector>

#include "data/formats.h"

namespace digitlab {
namespace {

Status make_folder(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail("cannot make the folder '" + dir + "': " + ec.message());
  return Status::success();
}

}  // namespace

std::string my_digits_path(const std::string& data_dir) {
  return data_dir + "/my-digits.dlmy";
}

void install_desktop_my_digits(App& app, const std::string& data_dir) {
  if (data_dir.empty()) return;
  const std::string path = my_digits_path(data_dir);
  MyDigitsFiles files;
  files.keep = [data_dir, path](const std::vector<uint8_t>& bytes) -> Status {
    if (Status s = make_folder(data_dir); !s) return s;
    return write_file(path, bytes);
  };
  files.export_files = [data_dir](const std::vector<FileToWrite>& named) -> Result<std::string> {
    if (Status s = make_folder(data_dir); !s) return fail(s.error());
    std::vector<FileToWrite> placed;
    for (const FileToWrite& f : named) placed.push_back({data_dir + "/" + f.path, f.bytes});
    if (Status s = write_files(placed); !s) return fail(s.error());
    return "to " + placed.front().path + (placed.size() > 1 ? " and its pair" : "");
  };
  app.my_digits().set_files(std::move(files));

  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return;  // nothing kept yet
  Result<std::vector<uint8_t>> bytes = read_file(path);
  Status s =
      bytes
          ? app.my_digits().restore(bytes->data(), bytes->size())
          : fail("Your kept digits could not be read (" + bytes.error() + "): starting with none");
  if (s) return;
  const std::string aside = path + ".damaged";
  std::filesystem::rename(path, aside, ec);
  app.show_error(s.error() + (ec ? "" : "; the file is now " + aside));
}

}  // namespace digitlab
