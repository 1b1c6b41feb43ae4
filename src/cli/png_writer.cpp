#include "png_writer.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO  // bytes only: files are written by write_file
#include <stb/stb_image_write.h>

#include <string>

namespace digitlab::cli {

Result<std::vector<uint8_t>> encode_png_grey(const std::vector<uint8_t>& pixels, int width,
                                             int height) {
  if (width <= 0 || height <= 0 || pixels.size() != size_t(width) * size_t(height))
    return fail("cannot encode a " + std::to_string(width) + "x" + std::to_string(height) +
                " picture from " + std::to_string(pixels.size()) + " pixels");
  std::vector<uint8_t> png;
  auto append = [](void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    const auto* bytes = static_cast<const uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
  };
  if (!stbi_write_png_to_func(append, &png, width, height, 1, pixels.data(), width))
    return fail("cannot encode the picture as PNG");
  return png;
}

}  // namespace digitlab::cli
