// Sniffing a file's kind from its bytes (file_kind.h).
#include "data/file_kind.h"

#include <algorithm>
#include <vector>

#include "data/formats.h"
#include "data/model_file.h"
#include "result.h"

namespace digitlab {
namespace {

constexpr size_t kSniffBytes = 4096;  // enough to tell text from binary and see a first line

// Control bytes other than tab and line ends never occur in CSV text.
bool looks_binary(const uint8_t* data, size_t size) {
  const size_t n = std::min(size, kSniffBytes);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t c = data[i];
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
  }
  return false;
}

bool first_line_has_comma(const uint8_t* data, size_t size) {
  const size_t n = std::min(size, kSniffBytes);
  for (size_t i = 0; i < n && data[i] != '\n'; ++i)
    if (data[i] == ',') return true;
  return false;
}

const char* kind_text(FileKind kind) {
  switch (kind) {
    case FileKind::Empty:
      return "an empty file";
    case FileKind::Model:
      return "a digitlab model";
    case FileKind::Gzip:
      return "a gzip-compressed file";
    case FileKind::IdxImages:
      return "an IDX images file";
    case FileKind::IdxLabels:
      return "an IDX labels file";
    case FileKind::IdxOther:
      return "an IDX file";
    case FileKind::Csv:
      return "a CSV dataset";
    case FileKind::Text:
      return "a text file";
    case FileKind::Binary:
      break;
  }
  return "a file of another kind";
}

}  // namespace

uint32_t idx_type(const uint8_t* data, size_t size) {
  if (size < 4 || data[0] != 0 || data[1] != 0) return 0;
  return uint32_t(data[2]) << 8 | data[3];
}

uint32_t idx_count(const uint8_t* data, size_t size) {
  if (size < 8) return 0;
  return uint32_t(data[4]) << 24 | uint32_t(data[5]) << 16 | uint32_t(data[6]) << 8 | data[7];
}

FileKind file_kind(const uint8_t* data, size_t size) {
  if (size == 0) return FileKind::Empty;
  if (has_model_magic(data, size)) return FileKind::Model;
  if (is_gzip(data, size)) return FileKind::Gzip;
  if (size >= 4 && data[0] == 0 && data[1] == 0) {
    const uint32_t type = idx_type(data, size);
    return type == 0x0803   ? FileKind::IdxImages
           : type == 0x0801 ? FileKind::IdxLabels
                            : FileKind::IdxOther;
  }
  if (looks_binary(data, size)) return FileKind::Binary;
  return first_line_has_comma(data, size) ? FileKind::Csv : FileKind::Text;
}

std::string file_kind_text(const uint8_t* data, size_t size, bool whole) {
  const FileKind kind = file_kind(data, size);
  // A cut stream would fail as truncated anyway, after unzipping all of it (and reserving room
  // for the size its last four bytes, not a real trailer, happen to claim).
  if (kind != FileKind::Gzip || !whole) return kind_text(kind);
  Result<std::vector<uint8_t>> raw = gunzip(data, size);
  if (!raw) return kind_text(kind);
  const FileKind inner = file_kind(raw->data(), raw->size());
  if (inner == FileKind::Gzip || inner == FileKind::Empty) return kind_text(kind);
  std::string text = kind_text(inner);
  // "a CSV dataset" -> "a gzip-compressed CSV dataset"
  return "a gzip-compressed " + text.substr(text.find(' ') + 1);
}

}  // namespace digitlab
