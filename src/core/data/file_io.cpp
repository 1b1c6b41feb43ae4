// Whole-file read and write for the desktop app and the CLI. The parsers take bytes, so this is
// the only place that touches the file system (the browser hands over bytes instead).
// Writes never truncate the file in place: they go to a temporary file beside it that is
// renamed over it once complete, so a write cut short leaves the old file as it was.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "data/formats.h"

namespace digitlab {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

std::string quoted(const std::string& path) {
  return "'" + path + "'";
}

// read_file and read_file_prefix: at most max_bytes of the file.
Result<std::vector<uint8_t>> read_up_to(const std::string& path, size_t max_bytes) {
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
  // A prefix's reserve is bounded by max_bytes, so it reads in one block however large the file.
  const uintmax_t hint = fs::file_size(path, ec);
  if (!ec) {
    const uintmax_t want = std::min<uintmax_t>(hint + kChunk, max_bytes);
    if (want < (uintmax_t(1) << 31)) bytes.reserve(static_cast<size_t>(want));
  }
  size_t got = 0, want = 0;
  do {
    const size_t old = bytes.size();
    want = std::min(kChunk, max_bytes - old);
    bytes.resize(old + want);
    got = std::fread(bytes.data() + old, 1, want, f.get());
    bytes.resize(old + got);
  } while (got == want && bytes.size() < max_bytes);
  if (std::ferror(f.get())) {
    return fail("cannot read " + quoted(path) + ": " + std::strerror(errno));
  }
  return bytes;
}

}  // namespace

Result<std::vector<uint8_t>> read_file(const std::string& path) {
  return read_up_to(path, std::numeric_limits<size_t>::max());
}

Result<std::vector<uint8_t>> read_file_prefix(const std::string& path, size_t max_bytes) {
  return read_up_to(path, max_bytes);
}

Result<std::string> write_target(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // Symbolic links are followed one by one, so that a link to a file that does not exist yet
  // (which weakly_canonical would leave as the link itself) names the file to create; renaming
  // over the link would replace the link with a plain file.
  fs::path target = path;
  for (int hops = 0; fs::symlink_status(target, ec).type() == fs::file_type::symlink; ++hops) {
    if (hops == 40) return fail("cannot write " + quoted(path) + ": too many symbolic links");
    const fs::path link = fs::read_symlink(target, ec);
    if (ec) return fail("cannot write " + quoted(path) + ": " + ec.message());
    target = link.is_absolute() ? link : target.parent_path() / link;
  }
  const fs::file_type type = fs::status(target, ec).type();
  if (type == fs::file_type::directory) return fail(quoted(path) + " is a folder, not a file");
  // A FIFO, a device (/dev/null) or a socket would be replaced by a plain file by the rename;
  // writing into one in place is not what a model or dataset file is for.
  if (type != fs::file_type::regular && type != fs::file_type::not_found &&
      type != fs::file_type::none) {
    return fail(quoted(path) + " is not a regular file; digitlab writes only regular files");
  }
  // not_found: the file is made; none (cannot be looked at): the write says why it fails.
  return target.string();
}

namespace {

// Writes bytes to a new temporary file beside `target` (same folder, so the rename below stays
// on one file system and is atomic). On success `temp` names it; on failure nothing is left.
// Messages name `path`, the user's spelling.
Status write_temp(const std::string& path, const std::string& target,
                  const std::vector<uint8_t>& bytes, std::string& temp) {
  const std::string cannot = "cannot write " + quoted(path) + ": ";
  errno = 0;
  // A file the user may not write (chmod a-w) stays refused, as fopen() refused it: the rename
  // needs only the folder's permission and would replace it.
  if (::access(target.c_str(), F_OK) == 0 && ::access(target.c_str(), W_OK) != 0)
    return fail(cannot + std::strerror(errno));
  std::string name = target + ".tmp-XXXXXX";
  errno = 0;
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return fail(cannot + std::strerror(errno));
  // mkstemp makes the file private (0600); give it the mode a plain fopen() would have, or keep
  // the mode of the file it replaces.
  struct stat old {};
  mode_t mode = 0;
  if (::stat(target.c_str(), &old) == 0) {
    mode = old.st_mode & 07777;
  } else {
#ifdef __EMSCRIPTEN__
    mode = 0644;  // Emscripten's umask() is a stub that always reports 0777
#else
    // umask can only be read by setting it; restored at once (files are written from one thread).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
#endif
  }
  ::fchmod(fd, mode);  // best effort: a file system without modes still gets the bytes
  int error = 0;
  for (size_t done = 0; done < bytes.size() && error == 0;) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = n < 0 ? errno : ENOSPC;
    } else {
      done += static_cast<size_t>(n);
    }
  }
  // fsync: the bytes must be on disk before the rename makes them the file, or a crash could
  // leave the new name pointing at an empty file.
  if (error == 0 && ::fsync(fd) != 0 && errno != EINVAL && errno != ENOSYS) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0) {
    std::remove(name.c_str());
    return fail(cannot + std::strerror(error));
  }
  temp = name;
  return Status::success();
}

// Makes a rename in `path`'s folder durable (best effort, POSIX only).
void sync_folder(const std::string& path) {
#ifndef __EMSCRIPTEN__
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
#else
  (void)path;
#endif
}

}  // namespace

Status write_files(const std::vector<FileToWrite>& files) {
  // First every target is checked, so a folder or a device among them refuses the lot before
  // any file changes (an images file must not be replaced when its labels cannot be written).
  std::vector<std::string> temps, targets;
  for (const FileToWrite& f : files) {
    Result<std::string> target = write_target(f.path);
    if (!target) return Error{target.error()};
    targets.push_back(*target);
  }
  // Then every temporary file, so that a failure (full disk, size limit) leaves all the old
  // files as they were; only then the renames, which replace each file in one step.
  for (size_t i = 0; i < files.size(); ++i) {
    std::string temp;
    Status s = write_temp(files[i].path, targets[i], files[i].bytes, temp);
    if (!s) {
      for (const std::string& t : temps) std::remove(t.c_str());
      return s;
    }
    temps.push_back(temp);
  }
  for (size_t i = 0; i < files.size(); ++i) {
    errno = 0;
    if (std::rename(temps[i].c_str(), targets[i].c_str()) != 0) {
      const std::string message =
          "cannot write " + quoted(files[i].path) + ": " + std::strerror(errno);
      for (size_t j = i; j < temps.size(); ++j) std::remove(temps[j].c_str());
      return fail(message);
    }
    sync_folder(targets[i]);
  }
  return Status::success();
}

// The rename is the cost of never leaving a half-written file: the file is a new one, so a
// hard link to the old file keeps the old bytes, and the new file belongs to whoever wrote it
// (the old mode is kept, not its owner, group, ACLs or extended attributes).
Status write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  return write_files({{path, bytes}});
}

}  // namespace digitlab
