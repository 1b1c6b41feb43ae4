// Whole-file read and write for the desktop app and the CLI. The parsers take bytes, so this is
// the only place that touches the file system (the browser hands over bytes instead).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "formats.h"

namespace digitlab {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

std::string quoted(const std::string& path) {
  return "'" + path + "'";
}

}  // namespace

Result<std::vector<uint8_t>> read_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // Checked first because fopen() happily opens a directory on POSIX and only the read fails,
  // with a less helpful message.
  if (fs::is_directory(path, ec)) return fail(quoted(path) + " is a folder, not a file");
  if (!fs::exists(path, ec) && !ec) return fail("file " + quoted(path) + " does not exist");

  errno = 0;
  File f(std::fopen(path.c_str(), "rb"));
  if (!f) return fail("cannot open " + quoted(path) + ": " + std::strerror(errno));

  std::vector<uint8_t> bytes;
  // The size is only a hint for reserve(): reading until EOF also works for pipes and devices.
  constexpr size_t kChunk = size_t(1) << 16;
  uintmax_t hint = fs::file_size(path, ec);
  if (!ec && hint < (uintmax_t(1) << 31)) bytes.reserve(static_cast<size_t>(hint) + kChunk);
  size_t got = 0;
  do {
    size_t old = bytes.size();
    bytes.resize(old + kChunk);
    got = std::fread(bytes.data() + old, 1, kChunk, f.get());
    bytes.resize(old + got);
  } while (got == kChunk);
  if (std::ferror(f.get())) {
    return fail("cannot read " + quoted(path) + ": " + std::strerror(errno));
  }
  return bytes;
}

Status write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  errno = 0;
  File f(std::fopen(path.c_str(), "wb"));
  if (!f) return fail("cannot write " + quoted(path) + ": " + std::strerror(errno));
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f.get()) != bytes.size()) {
    return fail("cannot write " + quoted(path) + ": " + std::strerror(errno));
  }
  // fclose() flushes: a full disk may only show up here.
  if (std::fclose(f.release()) != 0) {
    return fail("cannot write " + quoted(path) + ": " + std::strerror(errno));
  }
  return Status::success();
}

}  // namespace digitlab
