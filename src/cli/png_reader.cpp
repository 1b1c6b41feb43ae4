#include "png_reader.h"

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_FAILURE_USERMSG
#include <stb/stb_image.h>

#include "formats.h"

namespace digitlab::cli {

Result<GreyImage> decode_drawing(const uint8_t* data, size_t size) {
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
