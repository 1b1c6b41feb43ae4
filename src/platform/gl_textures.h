// The inside views' picture textures (picture_textures.h) as OpenGL textures: the desktop's GL 3
// context and the page's WebGL2 both take these GL 1.1/ES 3 calls unchanged.
#pragma once
#include <memory>

#include "picture_textures.h"

namespace digitlab {

std::unique_ptr<TextureBackend> make_gl_textures();

}  // namespace digitlab
