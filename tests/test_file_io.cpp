// write_file / write_files: the new bytes replace a file only once they are all on disk, so a
// write cut short leaves the old file as it was and no temporary file behind.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "data/formats.h"

#ifndef __EMSCRIPTEN__
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#endif

namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// A fresh, empty folder for one test case.
fs::path fresh_dir(const char* name) {
  const fs::path dir = fs::temp_directory_path() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  return names;
}

}  // namespace

TEST_CASE("write_file replaces a file and leaves no temporary file") {
  const fs::path dir = fresh_dir("digitlab_test_write_replace");
  const std::string path = (dir / "model.dlm").string();
  digitlab::Status first = digitlab::write_file(path, Bytes(1000, 1));
  REQUIRE_MESSAGE(first.ok(), first.error());
  digitlab::Status second = digitlab::write_file(path, Bytes(10, 2));
  REQUIRE_MESSAGE(second.ok(), second.error());
  auto back = digitlab::read_file(path);
  REQUIRE(back.ok());
  CHECK(*back == Bytes(10, 2));
  CHECK(names_in(dir) == std::vector<std::string>{"model.dlm"});
  fs::remove_all(dir);
}

TEST_CASE("write_files: a failure on the second file leaves both old files") {
  const fs::path dir = fresh_dir("digitlab_test_write_pair");
  const std::string first = (dir / "images.idx").string();
  REQUIRE(digitlab::write_file(first, Bytes(5, 7)).ok());
  // The second file's folder does not exist, so its temporary file cannot be made.
  const std::string second = (dir / "no-such-dir" / "labels.idx").string();
  digitlab::Status s = digitlab::write_files({{first, Bytes(9, 8)}, {second, Bytes(3, 9)}});
  REQUIRE_FALSE(s.ok());
  CHECK(contains(s.error(), "labels.idx"));
  auto back = digitlab::read_file(first);
  REQUIRE(back.ok());
  CHECK(*back == Bytes(5, 7));
  CHECK(names_in(dir) == std::vector<std::string>{"images.idx"});
  fs::remove_all(dir);
}

TEST_CASE("write_file writes through a symbolic link and keeps the file's mode") {
  const fs::path dir = fresh_dir("digitlab_test_write_link");
  const std::string real = (dir / "real.dlm").string(), link = (dir / "link.dlm").string();
  REQUIRE(digitlab::write_file(real, Bytes(4, 1)).ok());
  fs::permissions(real, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  fs::create_symlink("real.dlm", link);
  REQUIRE(digitlab::write_file(link, Bytes(6, 2)).ok());
  CHECK(fs::is_symlink(link));  // the link is still a link, and the file it names has the bytes
  auto back = digitlab::read_file(real);
  REQUIRE(back.ok());
  CHECK(*back == Bytes(6, 2));
  CHECK(fs::status(real).permissions() ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  fs::remove_all(dir);
}

#ifndef __EMSCRIPTEN__
// The temporary file starts private (0600, mkstemp); the file it becomes gets the mode fopen()
// would have given it, 0666 less the umask.
TEST_CASE("write_file gives a new file the usual mode") {
  const fs::path dir = fresh_dir("digitlab_test_write_mode");
  const std::string path = (dir / "new.dlm").string();
  const mode_t saved = umask(022);
  digitlab::Status s = digitlab::write_file(path, Bytes(3, 1));
  umask(saved);
  REQUIRE(s.ok());
  CHECK((fs::status(path).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
         fs::perms::others_read));
  fs::remove_all(dir);
}

// The rename needs only the folder's write permission; a file made read-only must still be
// refused, as fopen() refused it. Root may write anything, so this only runs as another user.
TEST_CASE("write_file refuses a read-only file, as fopen did") {
  if (geteuid() == 0) {
    MESSAGE("running as root, who may write read-only files: skipped");
    return;
  }
  const fs::path dir = fresh_dir("digitlab_test_write_readonly");
  const std::string path = (dir / "kept.dlm").string();
  REQUIRE(digitlab::write_file(path, Bytes(4, 1)).ok());
  fs::permissions(path, fs::perms::owner_read);
  digitlab::Status s = digitlab::write_file(path, Bytes(6, 2));
  CHECK_FALSE(s.ok());
  CHECK(contains(s.error(), "ermission"));
  auto back = digitlab::read_file(path);
  REQUIRE(back.ok());
  CHECK(*back == Bytes(4, 1));
  fs::remove_all(dir);
}

// RLIMIT_FSIZE stands for a full disk: with SIGXFSZ ignored, a write past the limit fails with
// EFBIG. The old code truncated the file first, so it lost the old bytes here.
TEST_CASE("write_file cut short by a file-size limit leaves the old file intact") {
  const fs::path dir = fresh_dir("digitlab_test_write_limit");
  const std::string path = (dir / "model.dlm").string();
  const Bytes old_bytes(3000, 42);
  REQUIRE(digitlab::write_file(path, old_bytes).ok());

  rlimit saved{};
  REQUIRE(getrlimit(RLIMIT_FSIZE, &saved) == 0);
  void (*saved_handler)(int) = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = saved;
  small.rlim_cur = 4096;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  digitlab::Status s = digitlab::write_file(path, Bytes(100000, 1));
  setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, saved_handler);

  REQUIRE_FALSE(s.ok());
  CHECK(contains(s.error(), "cannot write"));
  CHECK(contains(s.error(), "model.dlm"));
  auto back = digitlab::read_file(path);
  REQUIRE(back.ok());
  CHECK(*back == old_bytes);
  CHECK(names_in(dir) == std::vector<std::string>{"model.dlm"});
  fs::remove_all(dir);
}
#endif

// Every target is checked before anything is written: a folder among a pair's targets leaves
// the other file as it was (the images file was replaced before the labels' rename failed).
TEST_CASE("write_files refuses a folder target before replacing any file") {
  const fs::path dir = fresh_dir("digitlab_test_write_folder");
  const std::string images = (dir / "images.idx").string(), labels = (dir / "labels").string();
  REQUIRE(digitlab::write_file(images, Bytes(5, 7)).ok());
  fs::create_directory(labels);
  digitlab::Status s = digitlab::write_files({{images, Bytes(9, 8)}, {labels, Bytes(3, 9)}});
  REQUIRE_FALSE(s.ok());
  CHECK(s.error() == "'" + labels + "' is a folder, not a file");
  auto back = digitlab::read_file(images);
  REQUIRE(back.ok());
  CHECK(*back == Bytes(5, 7));
  CHECK(fs::is_directory(labels));
  CHECK(names_in(dir).size() == 2);  // no temporary file left
  fs::remove_all(dir);
}

TEST_CASE("write_file through a dangling symbolic link creates the file it names") {
  const fs::path dir = fresh_dir("digitlab_test_write_dangling");
  fs::create_directory(dir / "sub");
  // Relative to the link's folder, not to the current one.
  fs::create_symlink("target.dlm", dir / "sub" / "link.dlm");
  const std::string link = (dir / "sub" / "link.dlm").string();
  REQUIRE(digitlab::write_target(link).ok());
  CHECK(*digitlab::write_target(link) == (dir / "sub" / "target.dlm").string());
  digitlab::Status s = digitlab::write_file(link, Bytes(6, 2));
  REQUIRE_MESSAGE(s.ok(), s.error());
  CHECK(fs::is_symlink(link));
  auto back = digitlab::read_file((dir / "sub" / "target.dlm").string());
  REQUIRE(back.ok());
  CHECK(*back == Bytes(6, 2));
  fs::remove_all(dir);
}

TEST_CASE("read_file_prefix reads at most the bytes asked for") {
  const fs::path dir = fresh_dir("digitlab_test_read_prefix");
  const std::string path = (dir / "big.bin").string();
  Bytes bytes(200000);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 7);
  REQUIRE(digitlab::write_file(path, bytes).ok());
  auto head = digitlab::read_file_prefix(path, 70000);
  REQUIRE(head.ok());
  CHECK(*head == Bytes(bytes.begin(), bytes.begin() + 70000));
  auto all = digitlab::read_file_prefix(path, 1000000);
  REQUIRE(all.ok());
  CHECK(*all == bytes);
  fs::remove_all(dir);
}

#ifndef __EMSCRIPTEN__
// A FIFO is refused, not replaced by a plain file (nor opened: a FIFO without a reader would
// block a plain open for writing).
TEST_CASE("write_file refuses a FIFO and leaves it a FIFO") {
  const fs::path dir = fresh_dir("digitlab_test_write_fifo");
  const std::string path = (dir / "pipe").string();
  REQUIRE(mkfifo(path.c_str(), 0600) == 0);
  digitlab::Status s = digitlab::write_file(path, Bytes(6, 2));
  REQUIRE_FALSE(s.ok());
  CHECK(s.error() == "'" + path + "' is not a regular file; digitlab writes only regular files");
  CHECK(fs::is_fifo(path));
  CHECK(names_in(dir) == std::vector<std::string>{"pipe"});
  // The same through a symbolic link to it.
  fs::create_symlink("pipe", dir / "link");
  CHECK_FALSE(digitlab::write_file((dir / "link").string(), Bytes(1, 1)).ok());
  CHECK(fs::is_fifo(path));
  fs::remove_all(dir);
}
#endif
