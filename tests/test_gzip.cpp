// gunzip against streams made by real compressors (Python's zlib and gzip -9, embedded below
// as bytes), and against every kind of damage the decoder must catch.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "data/crc32.h"
#include "data/formats.h"

using digitlab::gunzip;
using digitlab::is_gzip;

namespace {

using Bytes = std::vector<uint8_t>;

// gzip.compress(b"stored block test\n", compresslevel=0): one stored block.
const Bytes kStored = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x03, 0x01, 0x12, 0x00, 0xed,
    0xff, 0x73, 0x74, 0x6f, 0x72, 0x65, 0x64, 0x20, 0x62, 0x6c, 0x6f, 0x63, 0x6b, 0x20,
    0x74, 0x65, 0x73, 0x74, 0x0a, 0xf7, 0x99, 0x66, 0xf9, 0x12, 0x00, 0x00, 0x00,
};
// gzip.compress(b"hello hello hello hello, fixed Huffman world!\n", 9): one fixed block.
const Bytes kFixed = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd,
    0xc9, 0xc9, 0x57, 0xc8, 0x40, 0x27, 0x75, 0x14, 0xd2, 0x32, 0x2b, 0x52, 0x53,
    0x14, 0x3c, 0x4a, 0xd3, 0xd2, 0x72, 0x13, 0xf3, 0x14, 0xca, 0xf3, 0x8b, 0x72,
    0x52, 0x14, 0xb9, 0x00, 0xd6, 0xc7, 0xe3, 0xb3, 0x2e, 0x00, 0x00, 0x00,
};
// gzip.compress(b"a" * 1000, 9): a fixed block of overlapping distance-1 copies.
const Bytes kRun = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4b, 0x4c, 0x1c, 0x05, 0xa3,
    0x60, 0x14, 0x0c, 0x77, 0x00, 0x00, 0x03, 0xda, 0x38, 0x9a, 0xe8, 0x03, 0x00, 0x00,
};
// `gzip -9 lines.txt` (real gzip, FNAME "lines.txt" set) of lines_text(): one dynamic block.
const Bytes kDynamic = {
    0x1f, 0x8b, 0x08, 0x08, 0xf6, 0xb8, 0x0a, 0x6b, 0x02, 0x03, 0x6c, 0x69, 0x6e, 0x65, 0x73, 0x2e,
    0x74, 0x78, 0x74, 0x00, 0x95, 0xd5, 0x59, 0x52, 0xc3, 0x30, 0x10, 0x45, 0xd1, 0xff, 0xac, 0x42,
    0x4b, 0x88, 0xba, 0x2d, 0x59, 0x62, 0x37, 0x0c, 0x06, 0x02, 0x26, 0x86, 0x84, 0x30, 0xad, 0x9e,
    0x02, 0xbd, 0x5e, 0xc0, 0xfd, 0x76, 0xdd, 0xd2, 0x74, 0x24, 0xaf, 0x87, 0xe3, 0x92, 0xf6, 0x57,
    0xe9, 0xfd, 0x71, 0x49, 0x6f, 0x97, 0xc3, 0xed, 0x73, 0xba, 0x39, 0x6d, 0x9f, 0xc7, 0x74, 0xbf,
    0x7d, 0xa5, 0xa7, 0xcb, 0xcb, 0xeb, 0x39, 0x6d, 0x1f, 0xcb, 0xe9, 0xff, 0xf3, 0x7a, 0xfd, 0xf3,
    0x9d, 0xee, 0xb6, 0x87, 0xb4, 0xdf, 0xad, 0x7f, 0x55, 0x66, 0x55, 0x1e, 0x95, 0xb1, 0x6a, 0x1a,
    0x95, 0xb3, 0xaa, 0x8f, 0x6a, 0x82, 0x33, 0xac, 0x23, 0x2b, 0x2c, 0xb3, 0x32, 0xb2, 0xca, 0x32,
    0xd7, 0x68, 0x33, 0xdc, 0x10, 0xad, 0xad, 0xb1, 0xac, 0x6a, 0x23, 0x3b, 0xcb, 0x9a, 0x4e, 0x2d,
    0x43, 0x22, 0xae, 0x0c, 0x1a, 0x31, 0xcd, 0x32, 0x53, 0x25, 0xb3, 0x3a, 0xe8, 0x64, 0x36, 0x75,
    0x50, 0x4a, 0x64, 0x50, 0x8a, 0xc7, 0x6e, 0x42, 0x2a, 0x35, 0xc6, 0x83, 0x56, 0xba, 0x64, 0x66,
    0x88, 0xc5, 0xe3, 0xf8, 0xa0, 0x96, 0x59, 0x2f, 0x83, 0x41, 0x2d, 0x59, 0xeb, 0x33, 0xc8, 0xa5,
    0x68, 0x9e, 0x06, 0xb9, 0x74, 0x5d, 0x3d, 0x83, 0x5c, 0x26, 0xf1, 0x34, 0xc8, 0xa5, 0xc7, 0xdb,
    0x07, 0xbd, 0x4c, 0xb1, 0x3e, 0xe8, 0xa5, 0xc7, 0x3c, 0xa1, 0x97, 0x12, 0xe7, 0x07, 0xbd, 0x34,
    0x65, 0x90, 0x4b, 0x15, 0x4f, 0x87, 0x5c, 0x4c, 0xb7, 0xdd, 0x21, 0x97, 0xa6, 0x79, 0x3a, 0xe4,
    0x52, 0xe2, 0x27, 0x04, 0xb9, 0x98, 0x58, 0x3b, 0xe4, 0xd2, 0xf4, 0xc4, 0x3b, 0xe4, 0x52, 0xc5,
    0xcc, 0xe9, 0x9f, 0x28, 0xce, 0x01, 0x72, 0xc9, 0x31, 0x1e, 0xe5, 0xa2, 0xeb, 0xe7, 0xd4, 0x4b,
    0xdd, 0xfd, 0x02, 0x14, 0x00, 0x12, 0x4a, 0xaf, 0x08, 0x00, 0x00,
};
// gzip.compress(b"first member\n") + gzip.compress(b"second member\n"): two members.
const Bytes kMulti = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4b, 0xcb, 0x2c, 0x2a,
    0x2e, 0x51, 0xc8, 0x4d, 0xcd, 0x4d, 0x4a, 0x2d, 0xe2, 0x02, 0x00, 0xa7, 0xf4, 0x85,
    0x0a, 0x0d, 0x00, 0x00, 0x00, 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    0x03, 0x2b, 0x4e, 0x4d, 0xce, 0xcf, 0x4b, 0x51, 0xc8, 0x4d, 0xcd, 0x4d, 0x4a, 0x2d,
    0xe2, 0x02, 0x00, 0x36, 0x18, 0x4b, 0x0e, 0x0e, 0x00, 0x00, 0x00,
};
const size_t kFirstMemberSize = 33;
// b"header flags test\n" deflated, behind a hand-made header with FTEXT, FHCRC, FEXTRA ("AB",
// 3 bytes), FNAME "name.txt" and FCOMMENT "a comment" all set.
const Bytes kAllFlags = {
    0x1f, 0x8b, 0x08, 0x1f, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x07, 0x00, 0x41, 0x42,
    0x03, 0x00, 0x78, 0x79, 0x7a, 0x6e, 0x61, 0x6d, 0x65, 0x2e, 0x74, 0x78, 0x74, 0x00,
    0x61, 0x20, 0x63, 0x6f, 0x6d, 0x6d, 0x65, 0x6e, 0x74, 0x00, 0xdb, 0xad, 0xcb, 0x48,
    0x4d, 0x4c, 0x49, 0x2d, 0x52, 0x48, 0xcb, 0x49, 0x4c, 0x2f, 0x56, 0x28, 0x49, 0x2d,
    0x2e, 0xe1, 0x02, 0x00, 0xed, 0x54, 0x7d, 0x40, 0x12, 0x00, 0x00, 0x00,
};
// zlib: 3 x "first part of a stream that is flushed in the middle, " then Z_SYNC_FLUSH (an
// empty stored block mid-stream) then "then continued in a final block.\n": a dynamic block,
// a stored block and a fixed block in one stream.
const Bytes kMixed = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff, 0xbc, 0xcb, 0xd1, 0x09, 0xc0, 0x30,
    0x08, 0x40, 0xc1, 0x55, 0xde, 0x00, 0x59, 0x4a, 0x50, 0x89, 0x90, 0xa4, 0x45, 0xed, 0xfe, 0xed,
    0x14, 0xfd, 0x3d, 0x38, 0x8f, 0xac, 0xe6, 0x96, 0x6c, 0x2e, 0x47, 0xa8, 0x4e, 0x93, 0x4d, 0x4f,
    0x69, 0xa2, 0xf0, 0xf5, 0xd4, 0x34, 0x25, 0xce, 0x47, 0xc6, 0x0e, 0xd5, 0x65, 0x03, 0xff, 0x71,
    0xbd, 0x00, 0x00, 0x00, 0xff, 0xff, 0x03, 0xb2, 0xf3, 0x14, 0x92, 0xf3, 0xf3, 0x4a, 0x32, 0xf3,
    0x4a, 0x21, 0xb2, 0x89, 0x40, 0x93, 0xf2, 0x12, 0x73, 0x14, 0x92, 0x72, 0xf2, 0x93, 0xb3, 0xf5,
    0xb8, 0x00, 0x94, 0x3c, 0x27, 0x56, 0xc3, 0x00, 0x00, 0x00,
};
// gzip.compress(b"", 9): a member with no data.
const Bytes kEmpty = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03,
    0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

// The plaintext of kDynamic, as Python generated it.
std::string lines_text() {
  std::string s;
  char line[100];
  for (int i = 0; i < 40; ++i) {
    std::snprintf(line, sizeof line, "line %d: the quick brown fox jumps over the lazy dog %d\n", i,
                  i * i % 97);
    s += line;
  }
  return s;
}

std::string mixed_text() {
  std::string s;
  for (int i = 0; i < 3; ++i) s += "first part of a stream that is flushed in the middle, ";
  return s + "then continued in a final block.\n";
}

std::string as_string(const Bytes& b) {
  return std::string(b.begin(), b.end());
}

// Unpacks a vector into gunzip's (pointer, size) arguments.
digitlab::Result<Bytes> inflate(const Bytes& gz, size_t max_output = digitlab::kMaxInflatedBytes) {
  return gunzip(gz.data(), gz.size(), max_output);
}

// The error of a gunzip that must fail ("" when it unexpectedly succeeded, which fails the
// CHECKs on the message too).
std::string error_of(const Bytes& gz, size_t max_output = digitlab::kMaxInflatedBytes) {
  auto r = inflate(gz, max_output);
  CHECK_FALSE(r.ok());
  return r.ok() ? std::string() : r.error();
}

bool contains(const std::string& s, const char* what) {
  return s.find(what) != std::string::npos;
}

void put_le32(Bytes& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// Wraps a hand-made raw DEFLATE stream in a minimal gzip member whose trailer matches
// `plaintext`, so a test can aim at one decoder check.
Bytes wrap(const Bytes& deflate, const std::string& plaintext) {
  Bytes out = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255};
  out.insert(out.end(), deflate.begin(), deflate.end());
  put_le32(out,
           digitlab::crc32(reinterpret_cast<const uint8_t*>(plaintext.data()), plaintext.size()));
  put_le32(out, static_cast<uint32_t>(plaintext.size()));
  return out;
}

}  // namespace

TEST_CASE("is_gzip recognises the magic bytes only") {
  CHECK(is_gzip(kStored.data(), kStored.size()));
  CHECK(is_gzip(kDynamic.data(), 2));
  CHECK_FALSE(is_gzip(kDynamic.data(), 1));
  const uint8_t idx[] = {0, 0, 8, 3};
  CHECK_FALSE(is_gzip(idx, sizeof idx));
  CHECK_FALSE(is_gzip(nullptr, 0));
}

TEST_CASE("gunzip decodes a stored block") {
  auto r = inflate(kStored);
  REQUIRE(r.ok());
  CHECK(as_string(*r) == "stored block test\n");
}

TEST_CASE("gunzip decodes a fixed Huffman block") {
  auto r = inflate(kFixed);
  REQUIRE(r.ok());
  CHECK(as_string(*r) == "hello hello hello hello, fixed Huffman world!\n");
}

TEST_CASE("gunzip decodes overlapping back-references") {
  auto r = inflate(kRun);
  REQUIRE(r.ok());
  CHECK(as_string(*r) == std::string(1000, 'a'));
}

TEST_CASE("gunzip decodes real gzip -9 output: dynamic Huffman block, FNAME set") {
  REQUIRE((kDynamic[3] & 8) != 0);  // the vector really has a file name
  auto r = inflate(kDynamic);
  REQUIRE(r.ok());
  CHECK(as_string(*r) == lines_text());
}

TEST_CASE("gunzip concatenates multi-member files") {
  auto r = inflate(kMulti);
  REQUIRE(r.ok());
  CHECK(as_string(*r) == "first member\nsecond member\n");
}

TEST_CASE("gunzip skips FEXTRA, FNAME, FCOMMENT and checks FHCRC") {
  auto r = inflate(kAllFlags);
  REQUIRE(r.ok());
  CHECK(as_string(*r) == "header flags test\n");

  Bytes bad = kAllFlags;
  bad[20] ^= 1;  // a letter of the file name: only the header CRC can notice
  CHECK(contains(error_of(bad), "header checksum"));
}

TEST_CASE("gunzip decodes a stream mixing dynamic, stored and fixed blocks") {
  auto r = inflate(kMixed);
  REQUIRE(r.ok());
  CHECK(as_string(*r) == mixed_text());
}

TEST_CASE("gunzip of an empty member is empty") {
  auto r = inflate(kEmpty);
  REQUIRE(r.ok());
  CHECK(r->empty());
}

TEST_CASE("gunzip rejects a corrupted CRC-32") {
  Bytes bad = kDynamic;
  bad[bad.size() - 8] ^= 0x40;  // first trailer byte
  CHECK(contains(error_of(bad), "CRC-32"));
}

TEST_CASE("gunzip rejects a corrupted ISIZE") {
  Bytes bad = kDynamic;
  bad[bad.size() - 4] ^= 1;
  CHECK(contains(error_of(bad), "size in trailer"));
}

TEST_CASE("gunzip rejects every truncation of a valid stream") {
  for (const Bytes* gz : {&kStored, &kFixed, &kDynamic, &kMulti, &kAllFlags, &kMixed}) {
    for (size_t n = 1; n < gz->size(); ++n) {
      if (gz == &kMulti && n == kFirstMemberSize) continue;  // a whole member: valid (below)
      auto r = gunzip(gz->data(), n);
      INFO("cut at " << n << " of " << gz->size());
      REQUIRE_FALSE(r.ok());
      CHECK(contains(r.error(), "truncated"));
    }
  }
  CHECK(contains(error_of(Bytes{}), "empty"));
  auto first = gunzip(kMulti.data(), kFirstMemberSize);
  REQUIRE(first.ok());
  CHECK(as_string(*first) == "first member\n");
}

TEST_CASE("gunzip rejects block type 3") {
  // BFINAL = 1, BTYPE = 11: the low three bits 111.
  CHECK(contains(error_of(wrap({0x07, 0x00}, "")), "invalid block type"));
}

TEST_CASE("gunzip enforces max_output") {
  const size_t n = lines_text().size();
  CHECK(inflate(kDynamic, n).ok());  // exactly at the limit is fine
  std::string err = error_of(kDynamic, n - 1);
  CHECK(contains(err, "exceeds"));
  CHECK(contains(err, "limit"));
  // Through each way output grows: stored copy, literal, back-reference.
  CHECK(contains(error_of(kStored, 10), "exceeds"));
  CHECK(contains(error_of(kFixed, 10), "exceeds"));
  CHECK(contains(error_of(kRun, 999), "exceeds"));
  // The limit spans all members, not each one.
  CHECK(contains(error_of(kMulti, 20), "exceeds"));
}

TEST_CASE("gunzip names a bad header") {
  Bytes bad = kFixed;
  bad[1] = 0x8c;
  CHECK(contains(error_of(bad), "not gzip"));
  bad = kFixed;
  bad[2] = 7;
  CHECK(contains(error_of(bad), "compression method 7"));
  bad = kFixed;
  bad[3] = 0x20;
  CHECK(contains(error_of(bad), "reserved flag"));
}

TEST_CASE("gunzip rejects a stored block whose NLEN does not match LEN") {
  // BFINAL = 1, BTYPE = 00, then LEN = 1, NLEN = 0x0000 instead of 0xFFFE, then the byte.
  CHECK(contains(error_of(wrap({0x01, 0x01, 0x00, 0x00, 0x00, 'x'}, "x")), "length check"));
  CHECK(inflate(wrap({0x01, 0x01, 0x00, 0xFE, 0xFF, 'x'}, "x")).ok());  // the control
}

TEST_CASE("gunzip rejects a back-reference before the start of the data") {
  // Fixed block: BFINAL 1, BTYPE 01, length code 257 (7 bits 0000001), distance code 0
  // (5 bits 00000) = copy 3 bytes from distance 1, with nothing output yet.
  const Bytes match_first = {0x03, 0x02, 0x00};
  CHECK(contains(error_of(wrap(match_first, "xxx")), "distance"));
  // Nor may a second member reach back into the first member's output.
  Bytes two = kFixed;
  Bytes second = wrap(match_first, "!!!");
  two.insert(two.end(), second.begin(), second.end());
  CHECK(contains(error_of(two), "distance"));
}

TEST_CASE("gunzip rejects the fixed code's unused length and distance symbols") {
  // Fixed block: literal 'a' (8 bits 10010001), length code 257 (0000001), distance code 0
  // (00000), end of block (0000000): "a" then 3 bytes copied from distance 1.
  auto control = inflate(wrap({0x4b, 0x04, 0x02, 0x00}, "aaaa"));
  REQUIRE_MESSAGE(control.ok(), control.error());
  CHECK(as_string(*control) == "aaaa");
  // The same with distance code 30 (11110), which has a code but no meaning.
  CHECK(contains(error_of(wrap({0x4b, 0x04, 0x3e}, "aaaa")), "invalid distance symbol 30"));
  // Literal 'a', then length symbol 286 (11000110), also meaningless.
  CHECK(contains(error_of(wrap({0x4b, 0x1c, 0x03}, "a")), "invalid length symbol 286"));
}

TEST_CASE("gunzip ignores zero padding after the last member but not other trailing bytes") {
  Bytes padded = kFixed;
  padded.resize(padded.size() + 512, 0);
  CHECK(inflate(padded).ok());
  Bytes garbage = kFixed;
  garbage.push_back('x');
  CHECK(contains(error_of(garbage), "trailing garbage"));
}

TEST_CASE("gunzip never returns wrong data for a single flipped bit") {
  // Flips in MTIME, OS or the file name change nothing; anything else must be caught (mostly
  // by the CRC-32). Under ASan this also checks that damaged streams are read safely.
  const std::string want = lines_text();
  int failures = 0;
  for (size_t i = 0; i < kDynamic.size() * 8; ++i) {
    Bytes bad = kDynamic;
    bad[i / 8] ^= static_cast<uint8_t>(1 << (i % 8));
    auto r = inflate(bad);
    if (!r.ok()) {
      ++failures;
      continue;
    }
    INFO("bit " << i);
    CHECK(as_string(*r) == want);
  }
  CHECK(failures > static_cast<int>(kDynamic.size() * 8 * 9 / 10));
}
