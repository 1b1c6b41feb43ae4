// CSV as in Rashid's "Make Your Own Neural Network": one image per line, "label,p0,...,p783".
// Parsed by hand, line by line, because the full MNIST CSV is ~110 MB and iostreams would take
// seconds; every problem is reported with its line (and field) number.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "data/formats.h"

namespace digitlab {
namespace {

constexpr size_t kFields = 1 + kImagePixels;  // label + 784 pixels

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_space(char c) {
  return c == ' ' || c == '\t';
}

// A field, without the spaces some writers put around values ("5, 0, 0").
struct Field {
  const char* begin;
  const char* end;
  std::string text() const { return std::string(begin, end); }
};

Field trim(const char* begin, const char* end) {
  while (begin < end && is_space(*begin)) ++begin;
  while (end > begin && is_space(end[-1])) --end;
  return {begin, end};
}

// Error prefix "line 3, field 17".
std::string where(size_t line, size_t field) {
  return "line " + std::to_string(line) + ", field " + std::to_string(field);
}

// Parses a whole-number field whose value must lie in 0..max. A leading '-' is read as a
// number so "-1" gets the clearer "out of range" message rather than "not a number".
Result<int> parse_value(Field f, int max, size_t line, size_t field) {
  if (f.begin == f.end) return fail(where(line, field) + " is empty");
  const char* p = f.begin;
  bool negative = *p == '-';
  if (negative) ++p;
  if (p == f.end) return fail(where(line, field) + ": '" + f.text() + "' is not a number");
  long value = 0;
  for (; p < f.end; ++p) {
    if (!is_digit(*p)) return fail(where(line, field) + ": '" + f.text() + "' is not a number");
    // Saturate: anything past max is out of range, however many digits follow.
    if (value <= max) value = value * 10 + (*p - '0');
  }
  if (negative && value != 0) value = -value;
  if (value < 0 || value > max) {
    std::string kind = field == 1 ? "label" : "value";
    return fail(where(line, field) + ": " + kind + " " + f.text() + " is out of range 0.." +
                std::to_string(max));
  }
  return static_cast<int>(value);
}

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A plain whole number, as every field of a data row is: "0", "255", "-1".
bool is_number(Field f) {
  const char* p = f.begin;
  if (p < f.end && *p == '-') ++p;
  return p < f.end && std::all_of(p, f.end, is_digit);
}

// Kaggle's files start with a header, "label,pixel0,...,pixel783" (some with quotes, or names
// like "1x1"); pandas writes integer column names as "label,0,1,...,783". The first line is taken
// as a header only if it looks like one of those: its first field is a word (starts with a
// letter, maybe after a quote), and its other fields are either all names (no plain number) or
// all column numbers counting up by one from 0 or 1. Anything else is parsed as data, so
// "x,0,0,..." or "5a,0,..." is an error naming line 1, never a silently dropped image. Later
// lines get no such leniency.
bool is_header(const char* begin, const char* end) {
  const char* comma = std::find(begin, end, ',');
  const Field first = trim(begin, comma);
  const char* p = first.begin;
  if (p < first.end && *p == '"') ++p;
  if (p == first.end || !is_letter(*p)) return false;
  bool names = true, counting = true;
  long next = -1;  // the column number expected next; -1 before the first
  while (comma != end) {
    const char* field = comma + 1;
    comma = std::find(field, end, ',');
    const Field f = trim(field, comma);
    if (!is_number(f)) {
      counting = false;
      continue;
    }
    names = false;
    const long value = f.end - f.begin <= 6 && *f.begin != '-' ? std::stol(f.text()) : -2;
    if (next == -1 && (value == 0 || value == 1)) next = value;
    counting = counting && value == next;
    ++next;
  }
  return names || counting;
}

// Parses one row's 785 fields into label and pixels (pixels has room for 784).
Status parse_row(const char* begin, const char* end, size_t line, uint8_t& label, uint8_t* pixels) {
  size_t fields = static_cast<size_t>(std::count(begin, end, ',')) + 1;
  if (fields != kFields) {
    return fail("line " + std::to_string(line) + " has " + std::to_string(fields) +
                (fields == 1 ? " field" : " fields") + ", expected " + std::to_string(kFields));
  }
  const char* p = begin;
  for (size_t i = 0; i < kFields; ++i) {
    const int max = i == 0 ? kClasses - 1 : 255;
    // Fast path for the usual 1-3 plain digits followed by a comma; anything else (spaces,
    // signs, errors) goes the slow, fully checked way, which also builds the messages.
    const char* q = p;
    int value = 0;
    while (q < end && q - p < 3 && is_digit(*q)) value = value * 10 + (*q++ - '0');
    if (q == p || value > max || (q < end && *q != ',')) {
      const char* comma = std::find(p, end, ',');
      Result<int> v = parse_value(trim(p, comma), max, line, i + 1);
      if (!v) return Error{v.error()};
      value = *v;
      q = comma;
    }
    if (i == 0) {
      label = static_cast<uint8_t>(value);
    } else {
      pixels[i - 1] = static_cast<uint8_t>(value);
    }
    p = q < end ? q + 1 : end;  // q is at the comma, or at the end after the last field
  }
  return Status::success();
}

bool is_blank(const char* begin, const char* end) {
  return std::all_of(begin, end, [](char c) { return is_space(c); });
}

// Walks the text line by line, handing out each line without its "\n" or "\r\n".
struct Lines {
  const char* p;
  const char* end;
  size_t number = 0;  // 1-based number of the line last returned

  bool next(const char*& begin, const char*& stop) {
    if (p >= end) return false;
    const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (eol == nullptr) eol = end;  // last line without a newline
    begin = p;
    stop = (eol > p && eol[-1] == '\r') ? eol - 1 : eol;
    p = eol < end ? eol + 1 : end;
    ++number;
    return true;
  }
};

// The shortest valid row: 785 one-digit fields and their 784 commas. A text of n bytes holds at
// most n / kMinRowBytes + 1 rows, which bounds the memory reserved for it.
constexpr size_t kMinRowBytes = 2 * kFields - 1;

Result<Dataset> parse_text(const char* text, size_t size) {
  const char* end = text + size;
  const char* row = nullptr;
  const char* row_end = nullptr;

  // Pass 1 counts the rows, so that a file over the limit is refused before any parsing, and
  // checks the first row: a text that is not this CSV at all (say, a million lines of junk
  // inflated from a small gzip file) is refused before any memory is reserved for it.
  size_t rows = 0;
  bool header = false;
  const char* first = nullptr;  // the first data row
  const char* first_end = nullptr;
  size_t first_line = 0;
  for (Lines lines{text, end}; lines.next(row, row_end);) {
    if (is_blank(row, row_end)) continue;
    if (lines.number == 1 && is_header(row, row_end)) {
      header = true;
      continue;
    }
    if (rows == 0) {
      first = row;
      first_end = row_end;
      first_line = lines.number;
    }
    ++rows;
  }
  if (rows == 0) return fail("CSV file has no images: the dataset is empty");
  if (rows > kMaxDatasetImages) {
    return fail("CSV file has " + std::to_string(rows) + " rows, more than the limit of " +
                std::to_string(kMaxDatasetImages) + " images");
  }
  uint8_t first_label = 0, first_pixels[kImagePixels];
  if (Status s = parse_row(first, first_end, first_line, first_label, first_pixels); !s)
    return Error{s.error()};

  // Pass 2 parses them. The reservation is the row count, but never more rows than the text
  // can hold, so junk lines after a valid first row cannot make it large either; a valid file
  // (every row at least kMinRowBytes long) is allocated once, as before.
  Dataset data;
  const size_t reserve = std::min(rows, size / kMinRowBytes + 1);
  data.labels.reserve(reserve);
  data.pixels.reserve(reserve * kImagePixels);
  size_t blank_line = 0;  // first blank line seen: fine at the end, an error before a row
  for (Lines lines{text, end}; lines.next(row, row_end);) {
    if (is_blank(row, row_end)) {
      if (blank_line == 0) blank_line = lines.number;
      continue;
    }
    if (blank_line != 0) return fail("line " + std::to_string(blank_line) + " is blank");
    if (lines.number == 1 && header) continue;
    const size_t i = data.labels.size();
    data.labels.push_back(0);
    data.pixels.resize(data.pixels.size() + kImagePixels);
    Status s = parse_row(row, row_end, lines.number, data.labels[i],
                         data.pixels.data() + i * kImagePixels);
    if (!s) return Error{s.error()};
  }
  return data;
}

// Appends v (0..255) in decimal: written by hand, as the parser reads, since std::to_string
// per value would make exporting a large collection slow for no reason.
void append_value(std::vector<uint8_t>& out, unsigned v) {
  if (v >= 100) out.push_back(static_cast<uint8_t>('0' + v / 100));
  if (v >= 10) out.push_back(static_cast<uint8_t>('0' + v / 10 % 10));
  out.push_back(static_cast<uint8_t>('0' + v % 10));
}

}  // namespace

std::vector<uint8_t> write_csv(const Dataset& data) {
  std::vector<uint8_t> out;
  out.reserve(data.size() * (2 * kFields));  // one-digit values; grows for darker images
  for (size_t i = 0; i < data.size(); ++i) {
    append_value(out, data.labels[i]);
    const uint8_t* image = data.image(i);
    for (size_t k = 0; k < data.pixels_per_image(); ++k) {
      out.push_back(',');
      append_value(out, image[k]);
    }
    out.push_back('\n');
  }
  return out;
}

Result<Dataset> parse_csv(const uint8_t* data, size_t size) {
  if (size == 0) return fail("CSV file is empty");
  std::vector<uint8_t> inflated;
  if (is_gzip(data, size)) {
    Result<std::vector<uint8_t>> r = gunzip(data, size);
    if (!r) return fail("CSV file: " + r.error());
    inflated = std::move(*r);
    data = inflated.data();
    size = inflated.size();
  }
  // Spreadsheet programs often save a UTF-8 byte order mark; it would hide the first label.
  if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
    data += 3;
    size -= 3;
  }
  return parse_text(reinterpret_cast<const char*>(data), size);
}

}  // namespace digitlab
