// Helpers shared by the fuzz targets: cutting one fuzzer input into the pieces a parser takes
// (two IDX files, up to three uploaded files, a drawing's size and pixels), and a check that
// aborts so libFuzzer records a property violation as a crash, like a sanitizer report.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace fuzz {

// Reads from the front of the input; past the end every read gives zeros, so any input maps to
// some case and the mutator can grow or shrink it freely.
struct Bytes {
  const uint8_t* data;
  size_t size;

  uint8_t u8() {
    if (size == 0) return 0;
    uint8_t v = *data;
    ++data;
    --size;
    return v;
  }
  uint16_t u16() { return static_cast<uint16_t>(u8() | u8() << 8); }
  uint32_t u32() { return uint32_t(u16()) | uint32_t(u16()) << 16; }
  // The next n bytes (fewer if the input ends first).
  std::vector<uint8_t> take(size_t n) {
    if (n > size) n = size;
    std::vector<uint8_t> out(data, data + n);
    data += n;
    size -= n;
    return out;
  }
  std::vector<uint8_t> rest() { return take(size); }
};

}  // namespace fuzz

// A property the target checks failed: report and abort (libFuzzer saves the input).
#define FUZZ_CHECK(cond)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s at %s:%d\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)
