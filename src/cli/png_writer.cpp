#include "png_writer.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace digitlab::cli {

Result<std::vector<uint8_t>> encode_png(const RgbImage& image) {
  std::vector<uint8_t> png;
  auto append = [](void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    const auto* bytes = static_cast<const uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
  };
  if (!stbi_write_png_to_func(append, &png, image.width, image.height, 3, image.rgb.data(),
                              image.width * 3))
    return fail("cannot encode a " + std::to_string(image.width) + "x" +
                std::to_string(image.height) + " picture as PNG");
  return png;
}

}  // namespace digitlab::cli
