#include "png_reader.h"

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_FAILURE_USERMSG
#include <stb/stb_image.h>

#include "formats.h"

namespace digitlab::cli {

Result<GreyImage> read_drawing(const std::string& path) {
  Result<std::vector<uint8_t>> bytes = read_file(path);
  if (!bytes) return fail(bytes.error());
  if (bytes->size() > (size_t(1) << 31)) return fail(path + ": the image file is too large");
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels =
      stbi_load_from_memory(bytes->data(), static_cast<int>(bytes->size()), &w, &h, &channels, 1);
  if (!pixels) return fail(path + ": not a readable image (" + stbi_failure_reason() + ")");
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

}  // namespace digitlab::cli
