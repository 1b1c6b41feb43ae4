// GPU textures for the inside views' pictures (weight tiles, attribution maps, class pictures):
// one small RGBA texture per picture on screen, uploaded again only when what it shows changed,
// instead of one rectangle per pixel in every frame's vertex buffers.
// The platform makes the textures (TextureBackend: OpenGL on the desktop, WebGL2 in the page,
// src/platform/gl_textures.cpp); without one (headless tests) pictures fall back to rectangles.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace digitlab {

class TextureBackend {
 public:
  virtual ~TextureBackend() = default;
  // width x height pixels, 4 bytes each (R, G, B, A), rows top to bottom.
  virtual ImTextureID create(int width, int height, const uint8_t* rgba) = 0;
  virtual void update(ImTextureID texture, int width, int height, const uint8_t* rgba) = 0;
  virtual void destroy(ImTextureID texture) = 0;
};

class PictureTextures {
 public:
  explicit PictureTextures(std::unique_ptr<TextureBackend> backend);
  ~PictureTextures();
  PictureTextures(const PictureTextures&) = delete;
  PictureTextures& operator=(const PictureTextures&) = delete;

  // The texture for the picture `key` (its ImGui id), whose content is summed up by
  // `fingerprint`. fill(rgba) writes its width x height pixels and runs only when the picture
  // is new, changed its fingerprint or its size.
  ImTextureID get(ImGuiID key, uint64_t fingerprint, int width, int height,
                  const std::function<void(uint8_t* rgba)>& fill);
  // The next picture's number in this frame, part of its key (inside_draw.cpp).
  int next_slot() { return slot_++; }
  // After each frame: textures of pictures not drawn for a while are freed.
  void end_frame();

  // For tests and the page benchmark: pixels written to textures so far, textures alive.
  uint64_t uploads() const { return uploads_; }
  size_t live() const { return textures_.size(); }

 private:
  struct Entry {
    ImTextureID texture = nullptr;
    uint64_t fingerprint = 0;
    int width = 0, height = 0;
    uint64_t last_frame = 0;
  };
  std::unique_ptr<TextureBackend> backend_;
  std::unordered_map<ImGuiID, Entry> textures_;
  std::vector<uint8_t> scratch_;
  uint64_t frame_ = 0;
  int slot_ = 0;
  uint64_t uploads_ = 0;
};

// The textures the pictures of inside_draw.h use while a frame is drawn (the App sets its own
// before drawing; null: rectangles). A pointer rather than a parameter, since ImGui's drawing
// is itself global to the frame.
void use_picture_textures(PictureTextures* textures);
PictureTextures* picture_textures();

}  // namespace digitlab
