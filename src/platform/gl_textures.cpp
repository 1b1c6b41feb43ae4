#include "gl_textures.h"

#ifdef __EMSCRIPTEN__
#define GLFW_INCLUDE_ES3
#endif
#include <GLFW/glfw3.h>

#include <cstdint>

namespace digitlab {
namespace {

GLuint gl_name(ImTextureID texture) {
  return static_cast<GLuint>(reinterpret_cast<intptr_t>(texture));
}

class GlTextures final : public TextureBackend {
 public:
  ImTextureID create(int width, int height, const uint8_t* rgba) override {
    GLuint name = 0;
    glGenTextures(1, &name);
    glBindTexture(GL_TEXTURE_2D, name);
    // Magnified pixels stay square (a weight is one cell). Pictures come at most as large as
    // they are drawn (inside_draw.cpp averages blocks), so minifying is only the last pixel.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(name));
  }
  void update(ImTextureID texture, int width, int height, const uint8_t* rgba) override {
    glBindTexture(GL_TEXTURE_2D, gl_name(texture));
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  }
  void destroy(ImTextureID texture) override {
    const GLuint name = gl_name(texture);
    glDeleteTextures(1, &name);
  }
};

}  // namespace

std::unique_ptr<TextureBackend> make_gl_textures() {
  return std::make_unique<GlTextures>();
}

}  // namespace digitlab
