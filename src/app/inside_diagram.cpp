// The Diagram tab: see inside_diagram.h. Geometry, left to right: the input picture, one column
// of nodes per later layer, and beside the output column each class's two bars.
#include "inside_diagram.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "data/dataset.h"
#include "inside/colour_map.h"
#include "inside/diagram_layout.h"
#include "inside/weight_tiles.h"
#include "inside_draw.h"
#include "inside_view.h"
#include "network/evaluate.h"
#include "network_view.h"
#include "widgets.h"

namespace digitlab {
namespace {

constexpr ImU32 kNodeRim = IM_COL32(150, 155, 170, 255);
constexpr ImU32 kOffFill = IM_COL32(70, 70, 76, 255);
constexpr ImU32 kOffEdge = IM_COL32(120, 120, 128, 50);  // an edge that carries nothing now
constexpr ImU32 kBarNetwork = IM_COL32(120, 150, 200, 255);
constexpr ImU32 kBarTrack = IM_COL32(38, 42, 51, 255);

ImU32 weight_rgb(float w, float scale, int alpha) {
  const Rgb c = diverging_rgb(weight_colour(w, scale));
  return IM_COL32(c.r, c.g, c.b, alpha);
}

// A horizontal bar for a value in 0..1 (clamped) in a track of width w.
void value_bar(ImDrawList* draw, ImVec2 at, float w, float h, float value, ImU32 colour) {
  draw->AddRectFilled(at, ImVec2(at.x + w, at.y + h), kBarTrack);
  const float v = std::clamp(value, 0.0f, 1.0f);
  if (v > 0.0f) draw->AddRectFilled(at, ImVec2(at.x + std::max(1.0f, w * v), at.y + h), colour);
}

// The bars' key on a line of its own: which colour is which output.
void bar_key() {
  const float sq = std::floor(ImGui::GetTextLineHeight() * 0.6f);
  const auto swatch = [&](ImU32 colour, const char* text) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float y = std::floor(at.y + (ImGui::GetTextLineHeight() - sq) * 0.5f);
    ImGui::Dummy(ImVec2(sq, ImGui::GetTextLineHeight()));
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, y), ImVec2(at.x + sq, y + sq), colour);
    ImGui::SameLine(0.0f, 4.0f);
    ImGui::TextDisabled("%s", text);
  };
  // (a swatch and its words stay together: flow_item measures both)
  ImGui::TextDisabled("bars:");
  ImGui::SameLine();
  swatch(kBarNetwork, "the network's outputs");
  flow_item(sq + 4.0f + ImGui::CalcTextSize("with the units off").x);
  swatch(kAccentColor, "with the units off");
}

}  // namespace

void DiagramTab::draw(const InsideContext& ctx, float width, float height) {
  const float top = ImGui::GetCursorPosY();
  const Network& net = ctx.net;
  const int layers = net.layer_count();
  const int hidden_layers = layers - 2;
  if (net.sizes() != sizes_) {
    off_.clear();
    sizes_ = net.sizes();
  }
  ImGui::TextUnformatted("Diagram: the network at work");
  // The numbers in the text are the core's (diagram_layout.h), so the two cannot drift apart.
  char help[900];
  std::snprintf(
      help, sizeof help,
      "Columns are layers: the input picture, each hidden layer, the outputs. A node's "
      "brightness is its activation for the drawing. Lines are weights: red positive, blue "
      "negative, thicker for larger |w| (each layer's colours span its 99th percentile of |w|). "
      "Into each node only its %d strongest edges are drawn: the largest |weight x activation "
      "below| for the drawing (|weight| without one). A layer wider than %d shows %d units: its "
      "switched-off ones, its most active ones (up to %d), then units evenly spaced over the "
      "rest. Click a hidden node to switch it off: its activation becomes 0, as if its outgoing "
      "weights were zero, and the bars show the outputs with and without it. The model itself "
      "is not changed.",
      kDiagramEdgesPerUnit, kDiagramMaxUnits, kDiagramMaxUnits, kDiagramMaxUnits / 2);
  help_marker(help);

  const bool drawing = static_cast<int>(ctx.activations.size()) == layers;
  // The line of controls: what a click does, how many are off, Restore all.
  ImGui::AlignTextToFramePadding();
  if (hidden_layers == 0) {
    ImGui::TextDisabled("No hidden layer: nothing to switch off.");
  } else {
    ImGui::TextDisabled(off_.empty() ? "Click a hidden node to switch it off."
                                     : "%d switched off; click one to switch it back on.",
                        static_cast<int>(off_.size()));
    flow("Restore all");
    if (ImGui::Button("Restore all")) restore_all();
    ctx.rects.note_last_item("restore");
  }

  const DiagramLayout layout = diagram_layout(net, ctx.activations, off_);
  // Which columns are samples, in words (their headers say it in short where room is tight).
  std::string sampled;
  for (int l = 1; l < layers; ++l) {
    const int shown = static_cast<int>(layout.units[static_cast<size_t>(l)].size());
    if (shown == net.sizes()[l]) continue;
    sampled += sampled.empty() ? "showing " : ", ";
    sampled += std::to_string(shown) + " of " + std::to_string(net.sizes()[l]) + " in " +
               layer_name(l, layers);
  }
  const std::vector<std::vector<float>> lit =
      drawing ? activations_without(net, ctx.activations.front().data(), off_)
              : std::vector<std::vector<float>>{};
  ablated_outputs_ = drawing ? lit.back() : std::vector<float>{};
  most_active_ = UnitRef{0, 0};
  if (drawing && hidden_layers > 0)
    most_active_ = UnitRef{1, units_by_activation(ctx.activations[1]).front()};
  const uint64_t fp = network_fingerprint(net);
  if (fp != scale_fingerprint_ || static_cast<int>(scales_.size()) != layers) {
    scales_.assign(static_cast<size_t>(layers), 1.0f);
    for (int l = 1; l < layers; ++l) scales_[static_cast<size_t>(l)] = weight_scale(net, l);
    scale_fingerprint_ = fp;
  }
  if (drawing) {
    const std::vector<float>& out = ctx.activations.back();
    const int answer = argmax(out.data(), static_cast<int>(out.size()));
    const int now = argmax(ablated_outputs_.data(), static_cast<int>(ablated_outputs_.size()));
    if (off_.empty())
      ImGui::Text("answer %d (%.2f)", answer, static_cast<double>(out[answer]));
    else
      ImGui::Text("answer %d (%.2f); with the units off: %d (%.2f)", answer,
                  static_cast<double>(out[answer]), now,
                  static_cast<double>(ablated_outputs_[static_cast<size_t>(now)]));
    bar_key();
  } else {
    ImGui::TextDisabled("Draw a digit to light the nodes.");
  }
  if (!sampled.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kAccentColor), "%s (see (?))",
                       sampled.c_str());
    ImGui::PopTextWrapPos();
  }

  // Geometry. The input picture on the left, the output bars on the right, node columns
  // evenly between; a header of two text lines over each column.
  const float em = ImGui::GetFontSize();
  const float line = ImGui::GetTextLineHeight();
  // Strokes and node sizes grow with the UI's scale (13 px text at scale 1), so a phone's
  // 3x screen shows them as a desktop does.
  const float line_px = std::max(1.0f, std::floor(em / 13.0f + 0.5f));
  // The room left of the height it was given, but never so little that the nodes crowd (the
  // page scrolls).
  const float avail_h = std::max(height - (ImGui::GetCursorPosY() - top), 14.0f * em);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float header_h = line * 2.0f + 4.0f;
  const float node_top = origin.y + header_h;
  const float node_h = avail_h - header_h - 4.0f;
  const float picture =
      std::floor(std::clamp(std::min(node_h * 0.45f, width * 0.2f), 42.0f, 168.0f));
  const float bars_w = std::floor(std::clamp(width * 0.24f, 80.0f, 220.0f));
  const float first_x = origin.x + picture + em * 2.0f;
  const float last_x = origin.x + width - bars_w - em * 1.2f;
  const int columns = layers - 1;  // node columns: layers 1..layers-1
  const float col_gap = columns > 1 ? (last_x - first_x) / static_cast<float>(columns - 1) : 0.0f;
  const auto column_x = [&](int l) {
    return columns > 1 ? first_x + col_gap * static_cast<float>(l - 1) : (first_x + last_x) * 0.5f;
  };
  int most_shown = 1;
  for (int l = 1; l < layers; ++l)
    most_shown = std::max(most_shown, static_cast<int>(layout.units[l].size()));
  const float slot_min = node_h / static_cast<float>(most_shown);
  const float radius =
      std::floor(std::clamp(std::min(slot_min, columns > 1 ? col_gap : slot_min) * 0.36f,
                            3.0f * line_px, 11.0f * line_px));
  const auto node_pos = [&](int l, int i) {
    const int count = static_cast<int>(layout.units[static_cast<size_t>(l)].size());
    return ImVec2(std::floor(column_x(l)), std::floor(node_top + node_h * diagram_slot(i, count)));
  };
  const ImVec2 picture_at(origin.x, std::floor(node_top + (node_h - picture) * 0.5f));
  const auto pixel_pos = [&](int p) {
    const float cell = picture / static_cast<float>(kImageSide);
    return ImVec2(picture_at.x + (static_cast<float>(p % kImageSide) + 0.5f) * cell,
                  picture_at.y + (static_cast<float>(p / kImageSide) + 0.5f) * cell);
  };
  // Where unit `unit` of layer l sits (its index in the column), for the edges.
  const auto position_of = [&](int l, int unit) {
    if (l == 0) return pixel_pos(unit);
    const std::vector<int>& units = layout.units[static_cast<size_t>(l)];
    const auto it = std::lower_bound(units.begin(), units.end(), unit);
    return node_pos(l, static_cast<int>(it - units.begin()));
  };

  ImDrawList* draw = ImGui::GetWindowDrawList();
  // Headers: the layer's name and how many of its units are shown.
  // A header's room: the distance to the nearer neighbouring column's centre, so two centred
  // texts that each fit it do not meet; shortened ("20/200", "h1") where they would not fit.
  const auto centre_x = [&](int l) { return l == 0 ? origin.x + picture * 0.5f : column_x(l); };
  for (int l = 0; l < layers; ++l) {
    const float cx = centre_x(l);
    const int size = net.sizes()[l];
    const int shown = static_cast<int>(layout.units[static_cast<size_t>(l)].size());
    std::string name = layer_name(l, layers);
    char count[48];
    if (l == 0)
      std::snprintf(count, sizeof count, "%dx%d", kImageSide, kImageSide);
    else if (shown < size)
      std::snprintf(count, sizeof count, "showing %d of %d", shown, size);
    else
      std::snprintf(count, sizeof count, "%d", size);
    float room = width;
    if (l > 0) room = std::min(room, cx - centre_x(l - 1));
    if (l + 1 < layers) room = std::min(room, centre_x(l + 1) - cx);
    room -= em * 0.5f;
    std::string second = count;
    if (ImGui::CalcTextSize(second.c_str()).x > room && shown < size)
      second = std::to_string(shown) + "/" + std::to_string(size);
    if (ImGui::CalcTextSize(name.c_str()).x > room && l > 0 && l + 1 < layers)
      name = "h" + std::to_string(l);
    const float w1 = ImGui::CalcTextSize(name.c_str()).x,
                w2 = ImGui::CalcTextSize(second.c_str()).x;
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text),
                dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    draw->AddText(ImVec2(std::floor(std::max(origin.x, cx - w1 * 0.5f)), origin.y), text,
                  name.c_str());
    draw->AddText(ImVec2(std::floor(std::max(origin.x, cx - w2 * 0.5f)), origin.y + line),
                  shown < size ? kAccentColor : dim, second.c_str());
  }

  // The input picture, then the edges over it (each from its pixel), then the nodes on top.
  ImGui::SetCursorScreenPos(picture_at);
  if (drawing)
    input_picture(ctx.activations.front().data(), kImageSide, picture);
  else
    ImGui::Dummy(ImVec2(picture, picture));
  draw->AddRect(picture_at, ImVec2(picture_at.x + picture, picture_at.y + picture), kNodeRim);
  for (int l = 1; l < layers; ++l) {
    const float scale = scales_[static_cast<size_t>(l)];
    for (const DiagramEdge& e : layout.edges[static_cast<size_t>(l)]) {
      const ImVec2 a = position_of(l - 1, e.from), b = position_of(l, e.to);
      const float strength = std::fabs(weight_colour(e.weight, scale));
      const bool dead = is_off(off_, UnitRef{l - 1, e.from}) || is_off(off_, UnitRef{l, e.to});
      draw->AddLine(a, b, dead ? kOffEdge : weight_rgb(e.weight, scale, 210),
                    (1.0f + 2.5f * strength) * line_px);
      if (l == 1) draw->AddCircleFilled(a, 1.5f * line_px, weight_rgb(e.weight, scale, 255));
    }
  }

  // Nodes; a hidden one is a button that switches it off and on.
  int hovered_layer = -1, hovered_unit = -1;
  for (int l = 1; l < layers; ++l) {
    const std::vector<int>& units = layout.units[static_cast<size_t>(l)];
    const bool clickable = l + 1 < layers;
    const std::vector<float>* acts = drawing ? &lit[static_cast<size_t>(l)] : nullptr;
    const ValueRange range = activation_range(net.activation(l - 1), acts ? acts->data() : nullptr,
                                              acts ? static_cast<int>(acts->size()) : 0);
    const float slot = node_h / static_cast<float>(std::max<size_t>(units.size(), 1));
    const float hit = std::floor(
        std::max(2.0f * radius + 2.0f, std::min({slot, em * 2.0f, col_gap > 0 ? col_gap : slot})));
    for (size_t i = 0; i < units.size(); ++i) {
      const int unit = units[i];
      const ImVec2 c = node_pos(l, static_cast<int>(i));
      if (clickable) {
        ImGui::SetCursorScreenPos(ImVec2(c.x - hit * 0.5f, c.y - hit * 0.5f));
        const std::string id = "node:" + std::to_string(l) + ":" + std::to_string(unit);
        if (ImGui::InvisibleButton(id.c_str(), ImVec2(hit, hit)))
          toggle_unit(off_, UnitRef{l, unit});
        ctx.rects.note_last_item(id);
        if (ImGui::IsItemHovered()) {
          hovered_layer = l;
          hovered_unit = unit;
        }
      }
      const float v = acts ? (*acts)[static_cast<size_t>(unit)] : range.low;
      const float t = (v - range.low) / (range.high - range.low);
      const bool now_off = is_off(off_, UnitRef{l, unit});  // a click this frame counts
      draw->AddCircleFilled(c, radius, now_off ? kOffFill : activation_colour(t));
      const bool hot = hovered_layer == l && hovered_unit == unit;
      draw->AddCircle(c, radius, hot ? kAccentColor : kNodeRim, 0, (hot ? 2.0f : 1.0f) * line_px);
      if (now_off) {
        const float d = radius * 0.8f;
        draw->AddLine(ImVec2(c.x - d, c.y - d), ImVec2(c.x + d, c.y + d), kErrorColor,
                      2.0f * line_px);
        draw->AddLine(ImVec2(c.x - d, c.y + d), ImVec2(c.x + d, c.y - d), kErrorColor,
                      2.0f * line_px);
      }
    }
  }
  if (hovered_layer >= 1) {
    ImGui::BeginTooltip();
    ImGui::Text("%s, unit %d", layer_name(hovered_layer, layers).c_str(), hovered_unit);
    if (drawing)
      ImGui::Text("activation %.3f", static_cast<double>(ctx.activations[static_cast<size_t>(
                                         hovered_layer)][static_cast<size_t>(hovered_unit)]));
    ImGui::TextDisabled(is_off(off_, UnitRef{hovered_layer, hovered_unit})
                            ? "off: click to switch it back on"
                            : "click to switch it off");
    ImGui::EndTooltip();
  }

  // Each output's label and two bars: as the network gives it, and with the units off.
  const int out_layer = layers - 1;
  const std::vector<int>& outs = layout.units[static_cast<size_t>(out_layer)];
  const float bar_x = column_x(out_layer) + radius + em * 0.4f;
  const float label_w = ImGui::CalcTextSize("0").x + em * 0.3f;
  const float bar_w = std::max(origin.x + width - bar_x - label_w - 2.0f, 10.0f);
  const float out_slot = node_h / static_cast<float>(std::max<size_t>(outs.size(), 1));
  const float bar_h = std::floor(std::clamp(out_slot * 0.3f, 2.0f, em * 0.6f));
  for (size_t i = 0; i < outs.size(); ++i) {
    const ImVec2 c = node_pos(out_layer, static_cast<int>(i));
    const std::string label = std::to_string(outs[i]);
    draw->AddText(ImVec2(bar_x, c.y - line * 0.5f), ImGui::GetColorU32(ImGuiCol_Text),
                  label.c_str());
    if (!drawing) continue;
    const size_t k = static_cast<size_t>(outs[i]);
    const ImVec2 at(bar_x + label_w, c.y - bar_h - 1.0f);
    value_bar(draw, at, bar_w, bar_h, ctx.activations.back()[k], kBarNetwork);
    value_bar(draw, ImVec2(at.x, c.y + 1.0f), bar_w, bar_h, ablated_outputs_[k], kAccentColor);
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(width, avail_h));
}

}  // namespace digitlab
