// gzip (RFC 1952) around DEFLATE (RFC 1951), decoded from scratch so the native and WASM builds
// share one decoder and the web build needs no zlib.
//
//   BitReader          bits LSB-first from a byte buffer; reads past the end give zeros and
//                      set a flag, so every caller checks one flag instead of every read
//   Huffman            a lookup table built from code lengths (canonical codes)
//   inflate_stored     block type 0
//   inflate_codes      block types 1 and 2, once their tables are known
//   read_dynamic       block type 2's tables
//   inflate            the block loop of one DEFLATE stream
//   read_member_header gzip header (FEXTRA/FNAME/FCOMMENT/FHCRC)
//   gunzip             member loop: header, inflate, CRC-32 + ISIZE trailer, repeat
//
// Everything that comes from the input is checked before it is used: lengths against the
// buffer, distances against the output so far, output size against max_output.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "data/crc32.h"
#include "data/formats.h"

namespace digitlab {
namespace {

// ---------------------------------------------------------------------------------------------
// Bit reader. DEFLATE packs bits starting at each byte's least significant bit. The reader keeps
// up to 64 bits buffered; past the end it feeds zeros and records the overrun, which callers
// turn into a "truncated" error. Zeros are harmless meanwhile because the output is bounded.

struct BitReader {
  const uint8_t* data;
  size_t size;
  size_t next = 0;   // next byte to load into buf (may run past size: those bytes read as 0)
  uint64_t buf = 0;  // loaded, unconsumed bits, next bit in bit 0
  int count = 0;     // number of valid bits in buf

  BitReader(const uint8_t* d, size_t n, size_t start) : data(d), size(n), next(start) {}

  void refill() {
    while (count <= 56) {
      uint64_t byte = next < size ? data[next] : 0;
      buf |= byte << count;
      ++next;
      count += 8;
    }
  }
  // The next n (<= 32) bits without consuming them.
  uint32_t peek(int n) {
    if (count < n) refill();
    return static_cast<uint32_t>(buf & ((uint64_t(1) << n) - 1));
  }
  void consume(int n) {
    buf >>= n;
    count -= n;
  }
  uint32_t bits(int n) {
    uint32_t v = peek(n);
    consume(n);
    return v;
  }
  // Offset of the next unread bit, in bits from the start of data.
  size_t bit_position() const { return next * 8 - static_cast<size_t>(count); }
  bool overrun() const { return bit_position() > size * 8; }
  void align_to_byte() { consume(count % 8); }
  // Byte offset after align_to_byte().
  size_t byte_position() const { return bit_position() / 8; }
  void seek_byte(size_t pos) {
    next = pos;
    buf = 0;
    count = 0;
  }
};

// ---------------------------------------------------------------------------------------------
// Huffman decoding table. Indexed by the next max_len input bits; every index whose low bits
// match a code holds that code's symbol and length. A whole-code table (at most 2^15 entries)
// costs a little to build per block but makes decoding one lookup per symbol.

constexpr int kMaxCodeLength = 15;

struct Huffman {
  int max_len = 0;
  std::vector<uint16_t> table;  // (symbol << 4) | length; length 0 marks a bit pattern with no code
};

uint32_t reverse_bits(uint32_t code, int len) {
  uint32_t r = 0;
  for (int i = 0; i < len; ++i, code >>= 1) r = (r << 1) | (code & 1);
  return r;
}

// Builds canonical codes (RFC 1951 3.2.2) from lengths[0..n). Like zlib, rejects lengths that
// over-subscribe (more codes than bit patterns) or leave patterns unused, except for the two
// cases encoders really emit: no codes at all (a block without back-references) and a single
// one-bit code (one distance in use). Unused patterns decode as errors.
bool build_huffman(Huffman& h, const uint8_t* lengths, int n) {
  std::array<int, kMaxCodeLength + 1> count{};
  for (int s = 0; s < n; ++s) ++count[lengths[s]];
  count[0] = 0;
  int left = 1;  // unassigned patterns at the current length
  h.max_len = 0;
  for (int len = 1; len <= kMaxCodeLength; ++len) {
    left = left * 2 - count[len];
    if (left < 0) return false;
    if (count[len] > 0) h.max_len = len;
  }
  if (left > 0 && h.max_len > 1) return false;
  std::array<uint32_t, kMaxCodeLength + 2> next_code{};
  for (int len = 1; len <= kMaxCodeLength; ++len) {
    next_code[len + 1] = (next_code[len] + static_cast<uint32_t>(count[len])) << 1;
  }
  h.table.assign(size_t(1) << h.max_len, 0);
  for (int s = 0; s < n; ++s) {
    int len = lengths[s];
    if (len == 0) continue;
    // Codes are sent most significant bit first but the reader sees LSB first: reverse.
    uint32_t index = reverse_bits(next_code[len]++, len);
    auto entry = static_cast<uint16_t>((s << 4) | len);
    for (; index < h.table.size(); index += uint32_t(1) << len) h.table[index] = entry;
  }
  return true;
}

// Decodes one symbol, or returns -1 for a bit pattern that is no code.
int decode(BitReader& in, const Huffman& h) {
  uint16_t entry = h.table[in.peek(h.max_len)];
  int len = entry & 15;
  if (len == 0) return -1;
  in.consume(len);
  return entry >> 4;
}

// ---------------------------------------------------------------------------------------------
// Output: one buffer for all members; back-references may not reach into an earlier member.

struct Output {
  std::vector<uint8_t>& bytes;
  size_t member_start;
  size_t limit;

  bool has_room(size_t n) const { return n <= limit && bytes.size() <= limit - n; }
};

std::string limit_text(size_t limit) {
  constexpr size_t kMiB = size_t(1) << 20;
  if (limit >= kMiB && limit % kMiB == 0) return std::to_string(limit / kMiB) + " MiB";
  return std::to_string(limit) + "-byte";
}

Status too_big(const Output& out) {
  return fail("decompressed data exceeds the " + limit_text(out.limit) + " limit");
}

Status truncated() {
  return fail("gzip data is truncated");
}

Status corrupt(const std::string& what) {
  return fail("gzip data is corrupt: " + what);
}

// ---------------------------------------------------------------------------------------------
// Block type 0: LEN, NLEN (its one's complement), then LEN bytes copied as they are.

Status inflate_stored(BitReader& in, Output& out) {
  in.align_to_byte();
  uint32_t len = in.bits(16);
  uint32_t nlen = in.bits(16);
  if (in.overrun()) return truncated();
  if ((len ^ 0xFFFF) != nlen) return corrupt("stored block length check failed");
  size_t pos = in.byte_position();
  if (len > in.size - pos) return truncated();
  if (!out.has_room(len)) return too_big(out);
  out.bytes.insert(out.bytes.end(), in.data + pos, in.data + pos + len);
  in.seek_byte(pos + len);
  return Status::success();
}

// ---------------------------------------------------------------------------------------------
// Block types 1 and 2: literals, end-of-block, and (length, distance) back-references.

constexpr std::array<uint16_t, 29> kLengthBase = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                                  15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                                  67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<uint8_t, 29> kLengthExtra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                                  2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::array<uint16_t, 30> kDistBase = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::array<uint8_t, 30> kDistExtra = {0, 0, 0,  0,  1,  1,  2,  2,  3,  3,
                                                4, 4, 5,  5,  6,  6,  7,  7,  8,  8,
                                                9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
constexpr int kEndOfBlock = 256;

Status inflate_codes(BitReader& in, const Huffman& lit, const Huffman& dist, Output& out) {
  std::vector<uint8_t>& bytes = out.bytes;
  for (;;) {
    int sym = decode(in, lit);
    // Past the end the reader yields zeros, which may still decode: check before using them.
    if (in.overrun()) return truncated();
    if (sym < 0) return corrupt("invalid literal/length code");
    if (sym < 256) {
      if (!out.has_room(1)) return too_big(out);
      bytes.push_back(static_cast<uint8_t>(sym));
      continue;
    }
    if (sym == kEndOfBlock) return Status::success();
    size_t li = static_cast<size_t>(sym - 257);
    if (li >= kLengthBase.size()) return corrupt("invalid length symbol " + std::to_string(sym));
    size_t length = kLengthBase[li] + in.bits(kLengthExtra[li]);
    int dsym = decode(in, dist);
    if (in.overrun()) return truncated();
    if (dsym < 0) return corrupt("invalid distance code");
    size_t di = static_cast<size_t>(dsym);
    if (di >= kDistBase.size()) return corrupt("invalid distance symbol " + std::to_string(dsym));
    size_t distance = kDistBase[di] + in.bits(kDistExtra[di]);
    if (in.overrun()) return truncated();
    if (distance > bytes.size() - out.member_start) {
      return corrupt("back-reference distance " + std::to_string(distance) +
                     " reaches before the start of the data");
    }
    if (!out.has_room(length)) return too_big(out);
    // Byte by byte on purpose: a copy may overlap its own output (distance < length repeats).
    size_t to = bytes.size();
    bytes.resize(to + length);
    uint8_t* dst = bytes.data() + to;
    const uint8_t* src = dst - distance;
    for (size_t k = 0; k < length; ++k) dst[k] = src[k];
  }
}

// Block type 1 uses tables fixed by the RFC (3.2.6).
void fixed_tables(Huffman& lit, Huffman& dist) {
  std::array<uint8_t, 288> lengths{};
  std::fill(lengths.begin(), lengths.begin() + 144, 8);
  std::fill(lengths.begin() + 144, lengths.begin() + 256, 9);
  std::fill(lengths.begin() + 256, lengths.begin() + 280, 7);
  std::fill(lengths.begin() + 280, lengths.end(), 8);
  build_huffman(lit, lengths.data(), 288);
  // Literal/length symbols 286-287 and distance symbols 30-31 have codes but no meaning;
  // inflate_codes rejects them.
  std::fill(lengths.begin(), lengths.begin() + 32, 5);
  build_huffman(dist, lengths.data(), 32);
}

// Block type 2 sends its tables first (RFC 1951 3.2.7): the code lengths of a code-length code,
// then the literal/length and distance code lengths in that code, run-length compressed.
Status read_dynamic(BitReader& in, Huffman& lit, Huffman& dist) {
  static constexpr std::array<uint8_t, 19> kOrder = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                     11, 4,  12, 3, 13, 2, 14, 1, 15};
  int nlit = static_cast<int>(in.bits(5)) + 257;
  int ndist = static_cast<int>(in.bits(5)) + 1;
  int nclen = static_cast<int>(in.bits(4)) + 4;
  if (nlit > 286 || ndist > 30) return corrupt("too many length or distance codes");

  std::array<uint8_t, 19> clen_lengths{};
  for (int i = 0; i < nclen; ++i) clen_lengths[kOrder[i]] = static_cast<uint8_t>(in.bits(3));
  if (in.overrun()) return truncated();
  Huffman clen;
  if (!build_huffman(clen, clen_lengths.data(), 19)) return corrupt("invalid code-length code");

  std::array<uint8_t, 286 + 30> lengths{};
  int n = 0;
  while (n < nlit + ndist) {
    int sym = decode(in, clen);
    if (in.overrun()) return truncated();
    if (sym < 0) return corrupt("invalid code-length code");
    if (sym < 16) {
      lengths[n++] = static_cast<uint8_t>(sym);
      continue;
    }
    uint8_t value = 0;
    int repeat = 0;
    if (sym == 16) {
      if (n == 0) return corrupt("repeated code length with no previous length");
      value = lengths[n - 1];
      repeat = 3 + static_cast<int>(in.bits(2));
    } else if (sym == 17) {
      repeat = 3 + static_cast<int>(in.bits(3));
    } else {
      repeat = 11 + static_cast<int>(in.bits(7));
    }
    if (in.overrun()) return truncated();
    if (n + repeat > nlit + ndist) return corrupt("code lengths overrun the table");
    for (int k = 0; k < repeat; ++k) lengths[n++] = value;
  }
  // Without a code for end-of-block the block could never end.
  if (lengths[kEndOfBlock] == 0) return corrupt("no end-of-block code");
  if (!build_huffman(lit, lengths.data(), nlit)) return corrupt("invalid literal/length code");
  if (!build_huffman(dist, lengths.data() + nlit, ndist)) return corrupt("invalid distance code");
  return Status::success();
}

// One DEFLATE stream: blocks until the one marked final.
Status inflate(BitReader& in, Output& out) {
  Huffman lit, dist;
  for (;;) {
    bool last = in.bits(1) != 0;
    uint32_t type = in.bits(2);
    if (in.overrun()) return truncated();
    Status s;
    if (type == 0) {
      s = inflate_stored(in, out);
    } else if (type == 1) {
      fixed_tables(lit, dist);
      s = inflate_codes(in, lit, dist, out);
    } else if (type == 2) {
      s = read_dynamic(in, lit, dist);
      if (s.ok()) s = inflate_codes(in, lit, dist, out);
    } else {
      return corrupt("invalid block type 3");
    }
    if (!s.ok() || last) return s;
  }
}

// ---------------------------------------------------------------------------------------------
// gzip framing (RFC 1952 2.3).

// FTEXT (bit 0) is only a hint about the content, so it is ignored.
constexpr uint8_t kFlagHcrc = 2, kFlagExtra = 4, kFlagName = 8, kFlagComment = 16;
constexpr uint8_t kFlagReserved = 0xE0;

uint32_t read_le32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// Parses the header at data[pos..] and returns the offset of the DEFLATE stream.
Result<size_t> read_member_header(const uint8_t* data, size_t size, size_t pos) {
  const size_t start = pos;
  if (size - pos < 10) return fail("gzip header is truncated");
  if (data[pos] != 0x1f || data[pos + 1] != 0x8b) return fail("not gzip data (bad magic bytes)");
  if (data[pos + 2] != 8) {
    return fail("unsupported gzip compression method " + std::to_string(data[pos + 2]) +
                " (only 8, deflate, exists)");
  }
  uint8_t flags = data[pos + 3];
  if (flags & kFlagReserved) return fail("gzip header has reserved flag bits set");
  pos += 10;  // magic, method, flags, MTIME (4), XFL, OS
  if (flags & kFlagExtra) {
    if (size - pos < 2) return fail("gzip header is truncated");
    size_t xlen = size_t(data[pos]) | size_t(data[pos + 1]) << 8;
    pos += 2;
    if (size - pos < xlen) return fail("gzip header is truncated");
    pos += xlen;
  }
  // FNAME and FCOMMENT are zero-terminated strings.
  for (uint8_t flag : {kFlagName, kFlagComment}) {
    if (!(flags & flag)) continue;
    const uint8_t* end = std::find(data + pos, data + size, uint8_t(0));
    if (end == data + size) return fail("gzip header is truncated");
    pos = static_cast<size_t>(end - data) + 1;
  }
  if (flags & kFlagHcrc) {
    if (size - pos < 2) return fail("gzip header is truncated");
    uint32_t stored = uint32_t(data[pos]) | uint32_t(data[pos + 1]) << 8;
    if ((crc32(data + start, pos - start) & 0xFFFF) != stored) {
      return fail("gzip header checksum mismatch");
    }
    pos += 2;
  }
  return pos;
}

std::string hex32(uint32_t v) {
  static const char* digits = "0123456789abcdef";
  std::string s = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) s += digits[(v >> shift) & 15];
  return s;
}

// A guess at the total size, to reserve once instead of regrowing: the last member's ISIZE,
// capped by DEFLATE's best ratio (~1032:1) so a forged ISIZE cannot reserve more than the
// input could really produce, and by max_output.
size_t reserve_hint(const uint8_t* data, size_t size, size_t max_output) {
  size_t isize = read_le32(data + size - 4);
  size_t ratio_cap = size <= max_output / 1032 ? size * 1032 : max_output;
  return std::min({isize, ratio_cap, max_output});
}

// Whether the bytes after a member start another one (or its cut-off beginning, which then
// reads as "truncated" rather than "garbage").
bool could_be_member(const uint8_t* data, size_t size) {
  return data[0] == 0x1f && (size < 2 || data[1] == 0x8b);
}

}  // namespace

bool is_gzip(const uint8_t* data, size_t size) {
  return size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

Result<std::vector<uint8_t>> gunzip(const uint8_t* data, size_t size, size_t max_output) {
  if (size == 0) return fail("gzip data is empty");
  std::vector<uint8_t> bytes;
  if (size >= 18) bytes.reserve(reserve_hint(data, size, max_output));
  size_t pos = 0;
  // Members are concatenated (what `cat a.gz b.gz` makes); their outputs are too.
  do {
    Result<size_t> body = read_member_header(data, size, pos);
    if (!body) return Error{body.error()};
    Output out{bytes, bytes.size(), max_output};
    BitReader in(data, size, *body);
    Status s = inflate(in, out);
    if (!s) return Error{s.error()};
    in.align_to_byte();
    pos = in.byte_position();
    if (size - pos < 8) return fail("gzip data is truncated (missing CRC-32/size trailer)");

    const uint8_t* member = bytes.data() + out.member_start;
    size_t member_size = bytes.size() - out.member_start;
    uint32_t want_crc = read_le32(data + pos);
    uint32_t got_crc = crc32(member, member_size);
    if (got_crc != want_crc) {
      return fail("gzip data is corrupt: CRC-32 is " + hex32(got_crc) + ", trailer says " +
                  hex32(want_crc));
    }
    // ISIZE is the size modulo 2^32.
    if (static_cast<uint32_t>(member_size) != read_le32(data + pos + 4)) {
      return fail("gzip data is corrupt: size in trailer does not match the data");
    }
    pos += 8;
    if (pos < size && !could_be_member(data + pos, size - pos)) {
      // gzip itself ignores zero padding after the last member (tape and dd blocking leave it),
      // so do the same; anything else means the file is not what it claims to be.
      if (std::all_of(data + pos, data + size, [](uint8_t b) { return b == 0; })) break;
      return fail("gzip data has " + std::to_string(size - pos) +
                  " bytes of trailing garbage after the compressed stream");
    }
  } while (pos < size);
  return bytes;
}

}  // namespace digitlab
