// The CLI's image decoding (src/cli/png_reader.cpp), native only: stb_image is not in the web
// build. The header is read before any pixel is, so a small file declaring a huge picture is
// refused without allocating for it.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "data/crc32.h"
#include "png_reader.h"

using namespace digitlab;

namespace {

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

// A PNG chunk: length, kind, payload, CRC-32 of kind + payload.
void put_chunk(std::vector<uint8_t>& out, const char* kind, const std::vector<uint8_t>& payload) {
  put_u32(out, static_cast<uint32_t>(payload.size()));
  std::vector<uint8_t> body(kind, kind + 4);
  body.insert(body.end(), payload.begin(), payload.end());
  out.insert(out.end(), body.begin(), body.end());
  put_u32(out, crc32(body.data(), body.size()));
}

// Signature + IHDR (8-bit greyscale of the given size) + an IDAT that is not enough data.
std::vector<uint8_t> png_declaring(uint32_t width, uint32_t height) {
  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<uint8_t> ihdr;
  put_u32(ihdr, width);
  put_u32(ihdr, height);
  ihdr.insert(ihdr.end(), {8, 0, 0, 0, 0});
  put_chunk(png, "IHDR", ihdr);
  put_chunk(png, "IDAT", {0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
  put_chunk(png, "IEND", {});
  return png;
}

// A 2x1 greyscale PNG: one black pixel, one white. Half light is not "mostly light", so the
// picture is not inverted. With empty_idat_first, an IDAT chunk with no data comes before the one
// with the pixels (PNG allows empty IDATs; encoders that flush write them).
std::vector<uint8_t> two_pixel_png(bool empty_idat_first) {
  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<uint8_t> ihdr;
  put_u32(ihdr, 2);
  put_u32(ihdr, 1);
  ihdr.insert(ihdr.end(), {8, 0, 0, 0, 0});
  put_chunk(png, "IHDR", ihdr);
  if (empty_idat_first) put_chunk(png, "IDAT", {});
  // zlib stream of the raw scanline {filter 0, 0x00, 0xff}, stored (uncompressed) block.
  std::vector<uint8_t> raw = {0, 0x00, 0xff};
  std::vector<uint8_t> idat = {0x78, 0x01, 0x01, 0x03, 0x00, 0xfc, 0xff};
  idat.insert(idat.end(), raw.begin(), raw.end());
  uint32_t a = 1, b = 0;  // Adler-32 of raw
  for (uint8_t v : raw) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  put_u32(idat, (b << 16) | a);
  put_chunk(png, "IDAT", idat);
  put_chunk(png, "IEND", {});
  return png;
}

}  // namespace

TEST_CASE("decode_drawing refuses a picture declaring more than the pixel cap, naming the size") {
  std::vector<uint8_t> png = png_declaring(30000, 30000);
  Result<GreyImage> img = cli::decode_drawing(png.data(), png.size());
  REQUIRE_FALSE(img.ok());
  CHECK(img.error().find("30000x30000") != std::string::npos);
  CHECK(img.error().find(std::to_string(cli::kMaxDrawingSide)) != std::string::npos);
  // One side over the cap is enough.
  png = png_declaring(20, cli::kMaxDrawingSide + 1);
  img = cli::decode_drawing(png.data(), png.size());
  REQUIRE_FALSE(img.ok());
  CHECK(img.error().find("20x" + std::to_string(cli::kMaxDrawingSide + 1)) != std::string::npos);
}

namespace {
// two_pixel_png's picture, decoded: one black and one white pixel (after inversion).
void check_two_pixels(const Result<GreyImage>& img) {
  REQUIRE_MESSAGE(img.ok(), img.error());
  CHECK(img->width == 2);
  CHECK(img->height == 1);
  REQUIRE(img->pixels.size() == 2);
  CHECK(img->pixels[0] == 0.0f);
  CHECK(img->pixels[1] == 1.0f);
}
}  // namespace

TEST_CASE("decode_drawing reads a picture within the cap, and refuses bytes that are no image") {
  std::vector<uint8_t> png = two_pixel_png(false);
  Result<GreyImage> img = cli::decode_drawing(png.data(), png.size());
  check_two_pixels(img);

  const uint8_t junk[] = {'h', 'e', 'l', 'l', 'o'};
  img = cli::decode_drawing(junk, sizeof junk);
  REQUIRE_FALSE(img.ok());
  CHECK(img.error().find("not a readable image") != std::string::npos);
}

// Found by tests/fuzz/fuzz_image.cpp: stb_image passed a null buffer to memcpy for an empty first
// IDAT (undefined behaviour; the ASan + UBSan build of this test aborts without the fix).
TEST_CASE("decode_drawing reads a PNG whose first IDAT chunk is empty like one without it") {
  const std::vector<uint8_t> png = two_pixel_png(true);
  Result<GreyImage> img = cli::decode_drawing(png.data(), png.size());
  check_two_pixels(img);
}

// Found by tests/fuzz/fuzz_image.cpp: stb_image grew its buffer to an IDAT chunk's declared
// length before reading it, so a tiny file could make it allocate gigabytes before refusing it.
TEST_CASE("decode_drawing refuses a PNG chunk declaring more bytes than the file holds") {
  std::vector<uint8_t> png = two_pixel_png(false);
  const size_t idat = 8 + 25;  // signature, then IHDR's 12 + 13 bytes: IDAT's length field
  REQUIRE(std::string(png.begin() + idat + 4, png.begin() + idat + 8) == "IDAT");
  png[idat] = 0x3f;  // 1 GiB and a bit
  Result<GreyImage> img = cli::decode_drawing(png.data(), png.size());
  REQUIRE_FALSE(img.ok());
  CHECK(img.error().find("a chunk declares 1056964622 bytes") != std::string::npos);
  // An empty IDAT cut off in its CRC reached stb_image's null memcpy (also found by fuzzing).
  png = two_pixel_png(true);
  png.resize(idat + 8 + 2);
  img = cli::decode_drawing(png.data(), png.size());
  REQUIRE_FALSE(img.ok());
  CHECK(img.error().find("cut off") != std::string::npos);
}

// Found by tests/fuzz/fuzz_image.cpp: a JPEG Huffman table with more than 256 codes made
// stb_image write past its arrays.
TEST_CASE("decode_drawing refuses a JPEG Huffman table with more than 256 codes") {
  const std::vector<uint8_t> jpeg = {0xff, 0xd8, 0xff, 0xc4, 0xc1, 0xff, 0x00,
                                     0x00, 0x00, 0x00, 0x49, 0xff, 0x17, 0x1b};
  Result<GreyImage> img = cli::decode_drawing(jpeg.data(), jpeg.size());
  REQUIRE_FALSE(img.ok());
  CHECK(img.error().find("Huffman table declares") != std::string::npos);
  // stb_image skips fill bytes before the start marker, so the check does too.
  std::vector<uint8_t> filled = {0xff};
  filled.insert(filled.end(), jpeg.begin(), jpeg.end());
  img = cli::decode_drawing(filled.data(), filled.size());
  REQUIRE_FALSE(img.ok());
  CHECK(img.error().find("Huffman table declares") != std::string::npos);
}
