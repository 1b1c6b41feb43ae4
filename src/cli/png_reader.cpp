#include "png_reader.h"

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_FAILURE_USERMSG
#include <stb/stb_image.h>

#include <cstring>
#include <vector>

#include "data/formats.h"

namespace digitlab::cli {
namespace {

// A PNG's chunks are checked before stb_image 2.27 sees them, for two of its flaws found by
// tests/fuzz/fuzz_image.cpp:
//  - it grows its IDAT buffer to a chunk's declared length before reading the chunk, so a
//    100-byte file declaring a 1 GiB chunk made it allocate 2 GiB (and then refuse the file):
//    a chunk longer than the bytes left is refused here first;
//  - for an empty first IDAT it called memcpy(NULL, src, 0), undefined behaviour: an empty IDAT
//    carries no data, so such chunks are dropped, in a copy left in `cleaned` (else empty).
// Anything else (not a PNG, fewer than 8 bytes of a chunk header) is left for stb_image to judge.
Status check_png_chunks(const uint8_t* data, size_t size, std::vector<uint8_t>& cleaned) {
  static const uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (size < 8 || std::memcmp(data, kSignature, 8) != 0) return Status::success();
  std::vector<uint8_t> out(data, data + 8);
  bool dropped = false;
  size_t pos = 8;
  // Chunks: u32 big-endian length, 4-byte type, data, CRC; stb_image stops at IEND.
  while (size - pos >= 8 && std::memcmp(data + pos + 4, "IEND", 4) != 0) {
    const size_t length = size_t(data[pos]) << 24 | size_t(data[pos + 1]) << 16 |
                          size_t(data[pos + 2]) << 8 | data[pos + 3];
    const size_t left = size - pos - 8;  // after the length and type
    if (left < 4 || length > left - 4)
      return fail("the PNG file is cut off or corrupt: a chunk declares " + std::to_string(length) +
                  " bytes of data and a 4-byte CRC but only " + std::to_string(left) +
                  " bytes follow its header");
    if (length == 0 && std::memcmp(data + pos + 4, "IDAT", 4) == 0) {
      dropped = true;
    } else {
      out.insert(out.end(), data + pos, data + pos + 12 + length);
    }
    pos += 12 + length;
  }
  if (dropped) {
    out.insert(out.end(), data + pos, data + size);
    cleaned = std::move(out);
  }
  return Status::success();
}

// stb_image 2.27 builds a JPEG Huffman table from a DHT segment's 16 code counts without checking
// that they add up to at most 256, the size of its arrays, so a 14-byte file made it write past
// them (found by tests/fuzz/fuzz_image.cpp; later stb_image versions check this). Every DHT
// segment is checked here first; FF C4 cannot occur in entropy-coded data (FF is sent as FF 00).
Status check_jpeg_tables(const uint8_t* data, size_t size) {
  // stb_image takes fill bytes before the start marker: FF FF ... D8.
  size_t start = 0;
  while (start < size && data[start] == 0xFF) ++start;
  if (start == 0 || start == size || data[start] != 0xD8) return Status::success();
  for (size_t i = start + 1; i + 4 <= size; ++i) {
    if (data[i] != 0xFF || data[i + 1] != 0xC4) continue;
    // Like stb_image: tables follow while the segment's length is not used up; past the end of
    // the file it reads zeros.
    const size_t end = i + 2 + (size_t(data[i + 2]) << 8 | data[i + 3]);
    for (size_t t = i + 4; t < end && t < size;) {
      size_t codes = 0;
      for (size_t k = t + 1; k <= t + 16 && k < size; ++k) codes += data[k];
      if (codes > 256)
        return fail("the JPEG file is corrupt: a Huffman table declares " + std::to_string(codes) +
                    " codes (at most 256)");
      t += 17 + codes;
    }
  }
  return Status::success();
}

}  // namespace

Result<GreyImage> decode_drawing(const uint8_t* data, size_t size) {
  std::vector<uint8_t> cleaned;
  const Status chunks = check_png_chunks(data, size, cleaned);
  if (!chunks) return fail(chunks.error());
  const Status tables = check_jpeg_tables(data, size);
  if (!tables) return fail(tables.error());
  if (!cleaned.empty()) {
    data = cleaned.data();
    size = cleaned.size();
  }
  // stb_image takes an int length.
  if (size > (size_t(1) << 31) - 1) return fail("the image file is too large");
  const int length = static_cast<int>(size);
  int w = 0, h = 0, channels = 0;
  if (!stbi_info_from_memory(data, length, &w, &h, &channels))
    return fail(std::string("not a readable image (") + stbi_failure_reason() + ")");
  if (w <= 0 || h <= 0 || w > kMaxDrawingSide || h > kMaxDrawingSide)
    return fail("the image is " + std::to_string(w) + "x" + std::to_string(h) +
                " pixels; a drawing may be at most " + std::to_string(kMaxDrawingSide) + "x" +
                std::to_string(kMaxDrawingSide));
  unsigned char* pixels = stbi_load_from_memory(data, length, &w, &h, &channels, 1);
  if (!pixels) return fail(std::string("not a readable image (") + stbi_failure_reason() + ")");
  GreyImage img;
  img.width = w;
  img.height = h;
  img.pixels.resize(static_cast<size_t>(w) * h);
  double sum = 0;
  for (size_t i = 0; i < img.pixels.size(); ++i) {
    img.pixels[i] = pixels[i] / 255.0f;
    sum += img.pixels[i];
  }
  stbi_image_free(pixels);
  if (sum > 0.5 * static_cast<double>(img.pixels.size()))
    for (float& v : img.pixels) v = 1.0f - v;
  return img;
}

Result<GreyImage> read_drawing(const std::string& path) {
  Result<std::vector<uint8_t>> bytes = read_file(path);
  if (!bytes) return fail(bytes.error());
  Result<GreyImage> img = decode_drawing(bytes->data(), bytes->size());
  if (!img) return fail(path + ": " + img.error());
  return img;
}

}  // namespace digitlab::cli
