// Dataset readers and writers. Every reader parses from bytes (const uint8_t*, size_t), so a
// file read on the desktop and bytes uploaded in the browser take the same path, and checks
// everything: a bad input yields a message naming the problem and no partial dataset.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "result.h"

namespace digitlab {

// Caps against memory bombs: declared sizes beyond these are rejected before allocating.
constexpr size_t kMaxDatasetImages = 1000000;          // MNIST train is 60,000
constexpr size_t kMaxInflatedBytes = size_t(1) << 30;  // 1 GiB of decompressed data

// gzip (RFC 1952, deflate RFC 1951), implemented here so native and WASM share one decoder.
bool is_gzip(const uint8_t* data, size_t size);
Result<std::vector<uint8_t>> gunzip(const uint8_t* data, size_t size,
                                    size_t max_output = kMaxInflatedBytes);

// IDX (LeCun's MNIST format), raw or gzip-compressed (detected by its magic bytes).
// Images: magic 0x00000803, count, rows, cols (big-endian u32), then bytes. Only 28x28.
// Labels: magic 0x00000801, count, then bytes 0..9. Counts must match.
// Both parsers refuse a dataset with no images (IDX count 0, CSV without rows) as empty.
Result<Dataset> parse_idx(const uint8_t* images, size_t images_size, const uint8_t* labels,
                          size_t labels_size);
std::vector<uint8_t> write_idx_images(const Dataset& data);
std::vector<uint8_t> write_idx_labels(const Dataset& data);

// CSV as in Rashid's book: one image per line, "label,p0,...,p783", values 0..255.
// A first line that looks like a header (Kaggle's "label,pixel0,...": its first field a word,
// none of its fields a plain number) is skipped; any other bad first line is an error naming
// it. Raw or gzip-compressed. Memory is reserved only after the first row has parsed, and never
// for more rows than the text can hold.
Result<Dataset> parse_csv(const uint8_t* data, size_t size);
// The same CSV, as parse_csv reads it back: no header, "\n" after every row.
std::vector<uint8_t> write_csv(const Dataset& data);

// Whole-file read for the desktop and the CLI (the browser hands over bytes instead).
Result<std::vector<uint8_t>> read_file(const std::string& path);
// The first max_bytes of a file at most (all of a shorter one): enough to tell what it is
// without reading a file of any size whole.
Result<std::vector<uint8_t>> read_file_prefix(const std::string& path, size_t max_bytes);

// The regular file a write to `path` replaces or creates: `path` itself, or for a symbolic link
// the file it names (also one that does not exist yet). Refused: a folder, and anything that is
// not a regular file (FIFO, device such as /dev/null, socket), which the rename would replace
// with a plain file. write_file checks this first; the desktop's Save asks it before looking.
Result<std::string> write_target(const std::string& path);

// Every file the project writes goes through these: the bytes go to a temporary file in the
// same folder (flushed and fsync'ed), which is then renamed over the file. A write cut short
// (full disk, file-size limit, crash) leaves the old file unchanged and no temporary behind.
// The new file is a new inode: hard links to the old one keep the old bytes, and its owner is
// whoever wrote it (file_io.cpp).
Status write_file(const std::string& path, const std::vector<uint8_t>& bytes);

// Several files that belong together (an IDX images file and its labels): every target is
// checked (write_target) before anything is written; then all temporary files are written, so a
// failure there leaves every old file as it was; then each is renamed.
struct FileToWrite {
  std::string path;
  std::vector<uint8_t> bytes;
};
Status write_files(const std::vector<FileToWrite>& files);

}  // namespace digitlab
