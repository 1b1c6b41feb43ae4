#include "png_writer.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO  // bytes only: files are written by write_file
#include <stb/stb_image_write.h>

namespace digitlab::cli {
namespace {

// channels 1 (grey) or 3 (RGB), rows of width·channels bytes.
Result<std::vector<uint8_t>> encode(const uint8_t* pixels, int width, int height, int channels) {
  std::vector<uint8_t> png;
  auto append = [](void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    const auto* bytes = static_cast<const uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
  };
  if (!stbi_write_png_to_func(append, &png, width, height, channels, pixels, width * channels))
    return fail("cannot encode a " + std::to_string(width) + "x" + std::to_string(height) +
                " picture as PNG");
  return png;
}

}  // namespace

Result<std::vector<uint8_t>> encode_png(const RgbImage& image) {
  return encode(image.rgb.data(), image.width, image.height, 3);
}

Result<std::vector<uint8_t>> encode_png_grey(const std::vector<uint8_t>& pixels, int width,
                                             int height) {
  if (width <= 0 || height <= 0 || pixels.size() != size_t(width) * size_t(height))
    return fail("cannot encode a " + std::to_string(width) + "x" + std::to_string(height) +
                " picture from " + std::to_string(pixels.size()) + " pixels");
  return encode(pixels.data(), width, height, 1);
}

}  // namespace digitlab::cli
