// The section and its tabs; the Why and Pictures tabs. The Weights tab is in inside_weights.cpp,
// the Diagram tab in inside_diagram.cpp.
#include "inside_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "data/dataset.h"
#include "inside/class_picture.h"
#include "inside/input_gradient.h"
#include "inside/weight_tiles.h"
#include "inside_draw.h"
#include "my_digits_view.h"
#include "network/evaluate.h"
#include "widgets.h"

namespace digitlab {
namespace {

// While training changes the weights every frame, the class pictures (tens of ms for all ten on
// a big network) are redone at most this often, not every frame.
constexpr double kPictureRefreshSeconds = 1.0;

struct TabName {
  InsideView::Tab tab;
  const char* name;   // for --inside
  const char* label;  // on screen, and in state()
};
constexpr TabName kTabNames[] = {
    {InsideView::Tab::Weights, "weights", "Weights"},
    {InsideView::Tab::Why, "why", "Why"},
    {InsideView::Tab::Pictures, "pictures", "Pictures"},
    {InsideView::Tab::Diagram, "diagram", "Diagram"},
    {InsideView::Tab::Step, "step", "Step"},
    {InsideView::Tab::Evaluation, "evaluation", "Evaluation"},
    {InsideView::Tab::MyDigits, "my-digits", "My digits"},
    {InsideView::Tab::Compare, "compare", "Compare"},
};

}  // namespace

std::optional<InsideView::Tab> InsideView::tab_named(const std::string& name) {
  for (const TabName& t : kTabNames)
    if (name == t.name) return t.tab;
  return std::nullopt;
}

const char* InsideView::shown_tab_label() const {
  if (!open_ || !shown_) return "";
  for (const TabName& t : kTabNames)
    if (*shown_ == t.tab) return t.label;
  return "";
}

float InsideView::collapsed_height() {
  return ImGui::GetFrameHeightWithSpacing();
}

bool InsideView::draw_header() {
  // open_ is the one open state: the header sits in the network column on a wide screen and
  // in the window on a narrow one, two IDs, so ImGui's own state would close it on a resize.
  ImGui::SetNextItemOpen(open_);
  const bool was_open = open_;
  rects_.clear();
  open_ = ImGui::CollapsingHeader("Inside the network");
  rects_.note_last_item("inside");
  just_opened_ = open_ && !was_open;
  if (!open_) has_request_ = false;
  return open_;
}

void InsideView::draw_body(const InsideContext& ctx, float width, float height) {
  if (!open_) return;
  if (just_opened_ || has_request_) ImGui::SetScrollHereY(0.0f);
  // As tall as its content was in the last frame (at least a screen): the section never
  // scrolls on its own, so the page scrolls it - a finger's swipe on a phone, the wheel on
  // the desktop - with no scroll area inside another.
  const float child_h = std::max({height, ImGui::GetFrameHeight() * 12.0f, content_height_});
  ImGui::BeginChild("inside", ImVec2(width, child_h), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  const float top = ImGui::GetCursorPosY();
  // Tabs on a wide screen; on a narrow one, where seven tabs would shrink to "We...", buttons
  // that flow onto a second line.
  const bool narrow = width < ImGui::GetFontSize() * 42.0f;
  if (narrow)
    draw_tab_buttons();
  else
    draw_tab_bar();
  tab_bar_shown_ = !narrow;
  if (has_request_ && selected_ == requested_) has_request_ = false;
  shown_ = selected_;
  // A view that fills the screen gets the screen's height below the tabs, not the section's
  // (which follows its content).
  const float view_h = std::max(height - (ImGui::GetCursorPosY() - top), 1.0f);
  draw_tab(selected_, ctx, ImGui::GetContentRegionAvail().x, view_h);
  content_height_ = ImGui::GetCursorPosY();
  ImGui::EndChild();
}

void InsideView::draw_tab_bar() {
  if (!ImGui::BeginTabBar("inside tabs")) return;
  // The bar keeps its own selection; it is told ours when a tab is asked for and when it
  // reappears after the buttons (a resize), not in every frame, which would undo a click.
  const bool tell = has_request_ || !tab_bar_shown_;
  const Tab wanted = has_request_ ? requested_ : selected_;
  for (const TabName& t : kTabNames) {
    const ImGuiTabItemFlags flags = tell && t.tab == wanted ? ImGuiTabItemFlags_SetSelected : 0;
    const bool open = ImGui::BeginTabItem(t.label, nullptr, flags);
    rects_.note_last_item(std::string("tab:") + t.label);
    if (open) {
      selected_ = t.tab;
      ImGui::EndTabItem();
    }
  }
  ImGui::EndTabBar();
}

void InsideView::draw_tab_buttons() {
  if (has_request_) selected_ = requested_;
  for (const TabName& t : kTabNames) {
    if (t.tab != kTabNames[0].tab) flow(t.label);
    const bool on = t.tab == selected_;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(ImGuiCol_TabActive));
    if (ImGui::Button(t.label)) selected_ = t.tab;
    if (on) ImGui::PopStyleColor();
    rects_.note_last_item(std::string("tab:") + t.label);
  }
  ImGui::Separator();
}

void InsideView::draw_tab(Tab tab, const InsideContext& ctx, float width, float height) {
  switch (tab) {
    case Tab::Weights:
      draw_weights(ctx.net, ctx.activations, width, height);
      break;
    case Tab::Why:
      draw_why(ctx.net, ctx.activations, width);
      break;
    case Tab::Pictures:
      draw_pictures(ctx.net, width);
      break;
    case Tab::Diagram:
      diagram_.draw(ctx, width, height);
      break;
    case Tab::Evaluation:
      evaluation_.draw(ctx, width);
      break;
    case Tab::MyDigits:
      ctx.my_digits.draw_tab(ctx, width);
      break;
    case Tab::Compare:
      compare_.draw(ctx, width);
      break;
    case Tab::Step:
      step_.draw(ctx, width);
      break;
  }
}

void InsideView::draw_why(const Network& net, const std::vector<std::vector<float>>& activations,
                          float width) {
  ImGui::TextUnformatted("Why: each pixel's push towards a class");
  help_marker(
      "Red pixels raise the class's score, blue ones lower it. Each is the pixel's input value "
      "times the gradient of the class's logit (the output's sum before its activation) with "
      "respect to that pixel, found by backpropagation through the network's own weights "
      "(input x gradient). The colours span the map's 99th percentile of |value|.");
  // The class: the network's answer unless one is chosen; clicking the chosen one again goes
  // back to following the answer.
  const auto class_button = [this](const char* label, int k) {
    const bool on = why_choice_ == k;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(ImGuiCol_ButtonActive));
    if (ImGui::SmallButton(label)) why_choice_ = on ? -1 : k;
    if (on) ImGui::PopStyleColor();
  };
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("class");
  for (int k = 0; k < 10; ++k) {
    char label[4] = {static_cast<char>('0' + k), 0};
    flow(label);
    class_button(label, k);
  }
  flow("answer");
  class_button("answer", -1);

  if (activations.size() < 2) {
    why_map_.clear();
    why_shown_ = -1;
    ImGui::TextDisabled("Draw a digit to see why.");
    return;
  }
  const std::vector<float>& input = activations.front();
  const std::vector<float>& out = activations.back();
  why_shown_ = why_choice_ >= 0 ? why_choice_ : argmax(out.data(), static_cast<int>(out.size()));
  why_map_ = attribution(net, input.data(), why_shown_);
  const float scale = symmetric_scale(why_map_.data(), why_map_.size());
  ImGui::Text("class %d%s, scale +-%.3g", why_shown_, why_choice_ < 0 ? " (the answer)" : "",
              static_cast<double>(scale));
  const float gap = ImGui::GetStyle().ItemSpacing.x * 2.0f;
  const float box = std::floor(std::clamp((width - gap) / 2.0f, 28.0f, 28.0f * 6.0f));
  ImGui::BeginGroup();
  ImGui::TextDisabled("input");
  input_picture(input.data(), kImageSide, box);
  ImGui::EndGroup();
  ImGui::SameLine(0.0f, gap);
  ImGui::BeginGroup();
  ImGui::TextDisabled("attribution");
  signed_picture(why_map_.data(), kImageSide, scale, box, kImageSide);
  ImGui::EndGroup();
}

void InsideView::draw_pictures(const Network& net, float width) {
  const bool book = fits_back_query(net.architecture());
  ImGui::TextUnformatted(book ? "Each class's picture: back query (the book)"
                              : "Each class's picture: gradient ascent");
  help_marker(book ? "The book's back query: the network run backwards from a target of 0.99 "
                     "for the class and 0.01 for the others, through the inverse sigmoid and "
                     "the transposed weights, rescaled to the input's range at each layer."
                   : "Gradient ascent: from a blank picture, 64 steps that each change the "
                     "pixels that raise the class's logit most, with a pull back to blank, so "
                     "a pixel's grey shows how much it raises the class. (The book's back "
                     "query needs a sigmoid network without biases.)");
  const uint64_t fp = network_fingerprint(net);
  const double now = ImGui::GetTime();
  if (pictures_computed_ == 0 ||
      (fp != pictures_fingerprint_ && now - pictures_time_ >= kPictureRefreshSeconds)) {
    for (int k = 0; k < 10; ++k) pictures_[static_cast<size_t>(k)] = class_picture(net, k);
    pictures_fingerprint_ = fp;
    pictures_time_ = now;
    ++pictures_computed_;
  }
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const int per_row = width >= 10.0f * 40.0f + 9.0f * spacing ? 10 : 5;
  const float box = std::floor(
      std::clamp((width - static_cast<float>(per_row - 1) * spacing) / static_cast<float>(per_row),
                 20.0f, 28.0f * 4.0f));
  for (int k = 0; k < 10; ++k) {
    if (k % per_row != 0) ImGui::SameLine();
    ImGui::BeginGroup();
    input_picture(pictures_[static_cast<size_t>(k)].data(), kImageSide, box);
    ImGui::Text("%d", k);
    ImGui::EndGroup();
  }
  if (fp != pictures_fingerprint_) ImGui::TextDisabled("(redrawn once a second while training)");
}

}  // namespace digitlab
