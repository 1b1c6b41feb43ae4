#include "inside_draw.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "inside/colour_map.h"
#include "inside/weight_tiles.h"
#include "picture_textures.h"

namespace digitlab {
namespace {

ImU32 to_colour(Rgb c) {
  return IM_COL32(c.r, c.g, c.b, 255);
}

// Cells of `side / cells` values per side (rounded up), drawn as box / cells squares; fill
// gets each cell's block (x0, y0, x1, y1 in values) and returns its colour.
template <typename Fill>
void cell_picture(int side, float box, int cells, Fill fill) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(box, box));
  if (!ImGui::IsItemVisible()) return;  // scrolled away: no vertices
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const int block = (side + std::max(cells, 1) - 1) / std::max(cells, 1);
  const int n = (side + block - 1) / block;
  const float cell = box / static_cast<float>(n);
  for (int by = 0; by < n; ++by) {
    for (int bx = 0; bx < n; ++bx) {
      const int x0 = bx * block, y0 = by * block;
      const ImU32 c = fill(x0, y0, std::min(side, x0 + block), std::min(side, y0 + block));
      const ImVec2 a(origin.x + std::floor(static_cast<float>(bx) * cell),
                     origin.y + std::floor(static_cast<float>(by) * cell));
      const ImVec2 b(origin.x + std::floor(static_cast<float>(bx + 1) * cell),
                     origin.y + std::floor(static_cast<float>(by + 1) * cell));
      draw->AddRectFilled(a, b, c);
    }
  }
}

// FNV-1a over the values' bits (floats or bytes), their side and the colour scale: equal
// fingerprints, equal pixels, so the picture's texture is uploaded again only when one of them
// changed.
template <typename Value>
uint64_t picture_fingerprint(const Value* values, int side, float scale) {
  uint64_t h = 1469598103934665603ull;
  const auto mix = [&h](uint32_t w) { h = (h ^ w) * 1099511628211ull; };
  mix(static_cast<uint32_t>(side));
  uint32_t bits;
  std::memcpy(&bits, &scale, 4);
  mix(bits);
  for (int i = 0; i < side * side; ++i) {
    bits = 0;
    std::memcpy(&bits, values + i, sizeof(Value));
    mix(bits);
  }
  return h;
}

// The picture as a texture of cells x cells drawn box x box, if the platform gave textures:
// fill(cx, cy, n) is cell (cx, cy)'s colour of n cells a side, asked only when the fingerprint
// changed. Returns false without textures (the caller draws rectangles).
template <typename Fill>
bool texture_picture(int cells, float box, uint64_t fingerprint, Fill fill) {
  PictureTextures* textures = picture_textures();
  if (textures == nullptr) return false;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  // The picture's key: its place in this frame's order of pictures within the current ID
  // scope (window, tab), stable while the view shows the same pictures in the same order.
  ImGui::PushID(textures->next_slot());
  const ImGuiID key = ImGui::GetID("picture");
  ImGui::PopID();
  ImGui::Dummy(ImVec2(box, box));
  if (!ImGui::IsItemVisible()) return true;  // scrolled away: no upload, no vertices
  const ImTextureID texture = textures->get(key, fingerprint, cells, cells, [&](uint8_t* rgba) {
    for (int y = 0; y < cells; ++y) {
      for (int x = 0; x < cells; ++x, rgba += 4) {
        const ImU32 c = fill(x, y);
        rgba[0] = static_cast<uint8_t>(c >> IM_COL32_R_SHIFT);
        rgba[1] = static_cast<uint8_t>(c >> IM_COL32_G_SHIFT);
        rgba[2] = static_cast<uint8_t>(c >> IM_COL32_B_SHIFT);
        rgba[3] = 255;
      }
    }
  });
  ImGui::GetWindowDrawList()->AddImage(texture, origin, ImVec2(origin.x + box, origin.y + box));
  return true;
}

template <typename Value>
float block_mean(const Value& at, int x0, int y0, int x1, int y1) {
  float sum = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) sum += at(x, y);
  return sum / static_cast<float>((x1 - x0) * (y1 - y0));
}

}  // namespace

void signed_picture(const float* values, int side, float scale, float box, int max_cells_per_side) {
  const auto at = [&](int x, int y) { return values[y * side + x]; };
  // Blocks of block x block values averaged into one cell when the picture is drawn smaller
  // than its values (the GPU's linear filter would only sample some of them).
  const int block = (side + std::max(max_cells_per_side, 1) - 1) / std::max(max_cells_per_side, 1);
  const int cells = (side + block - 1) / block;
  const auto cell_colour = [&](int x0, int y0, int x1, int y1) {
    return to_colour(diverging_rgb(weight_colour(block_mean(at, x0, y0, x1, y1), scale)));
  };
  const uint64_t fingerprint =
      picture_fingerprint(values, side, scale) ^ static_cast<uint64_t>(cells);
  if (texture_picture(cells, box, fingerprint, [&](int cx, int cy) {
        const int x0 = cx * block, y0 = cy * block;
        return cell_colour(x0, y0, std::min(side, x0 + block), std::min(side, y0 + block));
      }))
    return;
  cell_picture(side, box, cells, cell_colour);
}

void input_picture(const float* values, int side, float box) {
  // -1: a scale no signed picture has, so the two kinds never share a fingerprint.
  if (texture_picture(side, box, picture_fingerprint(values, side, -1.0f), [&](int x, int y) {
        const uint8_t p = input_pixel(values[y * side + x]);
        return IM_COL32(p, p, p, 255);
      }))
    return;
  cell_picture(side, box, side, [&](int x, int y, int, int) {
    const uint8_t p = input_pixel(values[y * side + x]);
    return IM_COL32(p, p, p, 255);
  });
}

void grey_picture(const uint8_t* pixels, int side, float box, uint8_t ink_from) {
  // -2: a scale no other kind of picture has.
  if (texture_picture(side, box, picture_fingerprint(pixels, side, -2.0f), [&](int x, int y) {
        const uint8_t p = pixels[y * side + x];
        return IM_COL32(p, p, p, 255);
      }))
    return;
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(box, box));
  if (!ImGui::IsItemVisible()) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(o, ImVec2(o.x + box, o.y + box), IM_COL32(0, 0, 0, 255));
  const float cell = box / static_cast<float>(side);
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const uint8_t v = pixels[y * side + x];
      if (v < ink_from) continue;
      const ImVec2 a(o.x + std::floor(static_cast<float>(x) * cell),
                     o.y + std::floor(static_cast<float>(y) * cell));
      const ImVec2 b(o.x + std::floor(static_cast<float>(x + 1) * cell),
                     o.y + std::floor(static_cast<float>(y + 1) * cell));
      draw->AddRectFilled(a, b, IM_COL32(v, v, v, 255));
    }
  }
}

void signed_bars(const float* values, int n, float scale, float width, float height) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 end(origin.x + width, origin.y + height);
  draw->AddRectFilled(origin, end, IM_COL32(38, 42, 51, 255));
  const float mid = std::floor(origin.y + height * 0.5f);
  draw->AddLine(ImVec2(origin.x, mid), ImVec2(end.x, mid), IM_COL32(120, 120, 130, 255));
  if (n <= 0) return;
  const float slot = width / static_cast<float>(n);
  const float gap = slot >= 4.0f ? 1.0f : 0.0f;
  for (int i = 0; i < n; ++i) {
    const float v = weight_colour(values[i], scale);  // -1..1
    const float x0 = std::floor(origin.x + static_cast<float>(i) * slot);
    const float x1 =
        std::max(x0 + 1.0f, std::floor(origin.x + static_cast<float>(i + 1) * slot) - gap);
    const float y = mid - v * (height * 0.5f - 1.0f);
    draw->AddRectFilled(ImVec2(x0, std::min(y, mid)), ImVec2(x1, std::max(y, mid) + 1.0f),
                        to_colour(diverging_rgb(v)));
  }
}

}  // namespace digitlab
