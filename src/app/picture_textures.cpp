#include "picture_textures.h"

#include <utility>

namespace digitlab {
namespace {

// A texture not drawn for this many frames goes: a closed tab or a scrolled-away tile costs no
// GPU memory for long, while switching tabs back and forth does not re-upload.
constexpr uint64_t kUnusedFrames = 120;

PictureTextures* g_current = nullptr;

}  // namespace

PictureTextures::PictureTextures(std::unique_ptr<TextureBackend> backend)
    : backend_(std::move(backend)) {}

PictureTextures::~PictureTextures() {
  if (g_current == this) g_current = nullptr;
  for (auto& [key, entry] : textures_) backend_->destroy(entry.texture);
}

ImTextureID PictureTextures::get(ImGuiID key, uint64_t fingerprint, int width, int height,
                                 const std::function<void(uint8_t* rgba)>& fill) {
  Entry& e = textures_[key];
  e.last_frame = frame_;
  const bool fresh = e.texture == nullptr;
  if (!fresh && e.fingerprint == fingerprint && e.width == width && e.height == height)
    return e.texture;
  scratch_.assign(static_cast<size_t>(width) * static_cast<size_t>(height) * 4, 0);
  fill(scratch_.data());
  if (fresh || e.width != width || e.height != height) {
    if (!fresh) backend_->destroy(e.texture);
    e.texture = backend_->create(width, height, scratch_.data());
  } else {
    backend_->update(e.texture, width, height, scratch_.data());
  }
  e.fingerprint = fingerprint;
  e.width = width;
  e.height = height;
  uploads_ += static_cast<uint64_t>(width) * static_cast<uint64_t>(height);
  return e.texture;
}

void PictureTextures::end_frame() {
  for (auto it = textures_.begin(); it != textures_.end();) {
    if (frame_ - it->second.last_frame > kUnusedFrames) {
      backend_->destroy(it->second.texture);
      it = textures_.erase(it);
    } else {
      ++it;
    }
  }
  ++frame_;
  slot_ = 0;
}

void use_picture_textures(PictureTextures* textures) {
  g_current = textures;
}

PictureTextures* picture_textures() {
  return g_current;
}

}  // namespace digitlab
