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

}  // namespace

namespace {

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
    {InsideView::Tab::Evaluation, "evaluation", "Evaluation"},
    {InsideView::Tab::Compare, "compare", "Compare"},
    {InsideView::Tab::MyDigits, "my-digits", "My digits"},
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
  const Network& net = ctx.net;
  const std::vector<std::vector<float>>& activations = ctx.activations;
  if (just_opened_ || has_request_) ImGui::SetScrollHereY(0.0f);
  const float child_h = std::max(height, ImGui::GetFrameHeight() * 12.0f);
  ImGui::BeginChild("inside", ImVec2(width, child_h), false);
  shown_.reset();
  if (ImGui::BeginTabBar("inside tabs")) {
    bool met = false;  // the requested tab is showing: a request lasts until it is
    const auto flags = [this](Tab t) {
      return has_request_ && requested_ == t ? ImGuiTabItemFlags_SetSelected : 0;
    };
    const bool weights_open = ImGui::BeginTabItem("Weights", nullptr, flags(Tab::Weights));
    rects_.note_last_item("tab:Weights");
    if (weights_open) {
      shown_ = Tab::Weights;
      met |= requested_ == Tab::Weights;
      draw_weights(net, activations, ImGui::GetContentRegionAvail().x,
                   ImGui::GetContentRegionAvail().y);
      ImGui::EndTabItem();
    }
    const bool why_open = ImGui::BeginTabItem("Why", nullptr, flags(Tab::Why));
    rects_.note_last_item("tab:Why");
    if (why_open) {
      shown_ = Tab::Why;
      met |= requested_ == Tab::Why;
      draw_why(net, activations, ImGui::GetContentRegionAvail().x);
      ImGui::EndTabItem();
    }
    const bool pictures_open = ImGui::BeginTabItem("Pictures", nullptr, flags(Tab::Pictures));
    rects_.note_last_item("tab:Pictures");
    if (pictures_open) {
      shown_ = Tab::Pictures;
      met |= requested_ == Tab::Pictures;
      draw_pictures(net, ImGui::GetContentRegionAvail().x);
      ImGui::EndTabItem();
    }
    const bool diagram_open = ImGui::BeginTabItem("Diagram", nullptr, flags(Tab::Diagram));
    rects_.note_last_item("tab:Diagram");
    if (diagram_open) {
      shown_ = Tab::Diagram;
      met |= requested_ == Tab::Diagram;
      diagram_.draw(ctx, ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y);
      ImGui::EndTabItem();
    }
    const bool evaluation_open = ImGui::BeginTabItem("Evaluation", nullptr, flags(Tab::Evaluation));
    rects_.note_last_item("tab:Evaluation");
    if (evaluation_open) {
      shown_ = Tab::Evaluation;
      met |= requested_ == Tab::Evaluation;
      evaluation_.draw(ctx, ImGui::GetContentRegionAvail().x);
      ImGui::EndTabItem();
    }
    const bool compare_open = ImGui::BeginTabItem("Compare", nullptr, flags(Tab::Compare));
    rects_.note_last_item("tab:Compare");
    if (compare_open) {
      shown_ = Tab::Compare;
      met |= requested_ == Tab::Compare;
      compare_.draw(ctx, ImGui::GetContentRegionAvail().x);
      ImGui::EndTabItem();
    }
    const bool mine_open = ImGui::BeginTabItem("My digits", nullptr, flags(Tab::MyDigits));
    rects_.note_last_item("tab:My digits");
    if (mine_open) {
      shown_ = Tab::MyDigits;
      met |= requested_ == Tab::MyDigits;
      ctx.my_digits.draw_tab(ctx, ImGui::GetContentRegionAvail().x);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
    if (met) has_request_ = false;
  }
  ImGui::EndChild();
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
