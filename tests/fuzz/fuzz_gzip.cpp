// gunzip against zlib as the oracle. Both must accept and refuse the same inputs and, when they
// accept, produce the same bytes. zlib decodes the DEFLATE streams and checks each member's
// header and trailer; the framing around members follows what gunzip promises (formats.h,
// gzip.cpp): members are concatenated; after a member, bytes that start another member
// (0x1f 0x8b, or a lone 0x1f at the very end) must be one; zero bytes to the end are padding;
// anything else is refused. Output beyond the limit is refused.
//
// Input: one mode byte, then the data.
//   mode bit 0: the data is a raw DEFLATE stream; the target wraps it in a gzip header and, if
//               zlib decodes it, a correct CRC-32/ISIZE trailer, followed by whatever bytes were
//               left after the stream. This reaches the accepting paths that random trailers
//               almost never do.
//   mode bit 1: a small output limit (4 KiB) instead of 1 MiB, to exercise "too big".
#include <zlib.h>

#include <cstring>
#include <string>

#include "data/formats.h"
#include "fuzz_bytes.h"

namespace {

struct Decoded {
  bool ok = false;
  std::vector<uint8_t> bytes;
};

// Inflates one zlib stream (windowBits as zlib takes it) from data[pos..]; on success moves pos
// past it. Output past `limit` counts as a failure, as gunzip refuses it.
bool zlib_stream(int window_bits, const uint8_t* data, size_t size, size_t& pos,
                 std::vector<uint8_t>& out, size_t limit) {
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, window_bits) != Z_OK) std::abort();
  zs.next_in = const_cast<Bytef*>(data + pos);
  zs.avail_in = static_cast<uInt>(size - pos);
  uint8_t buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = buf;
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.insert(out.end(), buf, buf + (sizeof buf - zs.avail_out));
    if (out.size() > limit) rc = Z_MEM_ERROR;  // any failure code: refused
  }
  const size_t left = zs.avail_in;
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return false;
  pos = size - left;
  return true;
}

// gunzip's contract, with zlib doing each member.
Decoded zlib_gunzip(const uint8_t* data, size_t size, size_t limit) {
  Decoded d;
  if (size == 0) return d;
  size_t pos = 0;
  do {
    if (!zlib_stream(16 + 15, data, size, pos, d.bytes, limit)) return d;
    if (pos < size && !(data[pos] == 0x1f && (size - pos < 2 || data[pos + 1] == 0x8b))) {
      bool zeros = true;
      for (size_t i = pos; i < size; ++i) zeros = zeros && data[i] == 0;
      if (zeros) break;
      return d;
    }
  } while (pos < size);
  d.ok = true;
  return d;
}

void put_le32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// A gzip member around a raw DEFLATE stream, with a correct trailer when zlib can decode it.
std::vector<uint8_t> wrap(const std::vector<uint8_t>& deflate, size_t limit) {
  std::vector<uint8_t> gz = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255};
  std::vector<uint8_t> raw;
  size_t end = 0;
  if (zlib_stream(-15, deflate.data(), deflate.size(), end, raw, limit)) {
    gz.insert(gz.end(), deflate.begin(), deflate.begin() + static_cast<std::ptrdiff_t>(end));
    put_le32(gz, static_cast<uint32_t>(crc32(0, raw.data(), static_cast<uInt>(raw.size()))));
    put_le32(gz, static_cast<uint32_t>(raw.size()));
  }
  gz.insert(gz.end(), deflate.begin() + static_cast<std::ptrdiff_t>(end), deflate.end());
  return gz;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Bytes in{data, size};
  const uint8_t mode = in.u8();
  const size_t limit = (mode & 2) ? 4096 : size_t(1) << 20;
  std::vector<uint8_t> input = in.rest();
  if (mode & 1) input = wrap(input, limit);

  const digitlab::Result<std::vector<uint8_t>> ours =
      digitlab::gunzip(input.data(), input.size(), limit);
  const Decoded zlib = zlib_gunzip(input.data(), input.size(), limit);
  if (ours.ok() != zlib.ok) {
    std::fprintf(stderr, "gunzip %s, zlib %s (gunzip says: %s)\n",
                 ours.ok() ? "accepts" : "refuses", zlib.ok ? "accepts" : "refuses",
                 ours.ok() ? "-" : ours.error().c_str());
  }
  FUZZ_CHECK(ours.ok() == zlib.ok);
  if (ours.ok()) {
    FUZZ_CHECK(*ours == zlib.bytes);
  } else {
    FUZZ_CHECK(!ours.error().empty());
  }
  const bool magic = input.size() >= 2 && input[0] == 0x1f && input[1] == 0x8b;
  FUZZ_CHECK(digitlab::is_gzip(input.data(), input.size()) == magic);
  return 0;
}
