// App's drawing side: the three columns and what fills the first two.
//   preprocessed      - the pad's MNIST preprocessing, timed for state().query
//   classify          - the network's activations for the pad's ink, every frame (timed too)
//   draw_columns      - pad | network | side panel (wide), or all three stacked (narrow)
//   draw_pad_column   - the pad, Clear, test digits, "Add to my digits", the preprocessing steps
//   draw_network_column - the input as the network sees it, the answer, bars, hidden layers,
//                         the Inside section's header
//   draw_inside_body    - the open Inside section (inside_view.h), below the columns
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app.h"
#include "network/evaluate.h"
#include "network/layer_math.h"
#include "network_view.h"
#include "preprocess_view.h"
#include "widgets.h"

namespace digitlab {

// The clock is steady_clock, which Emscripten maps to performance.now(): the same figure
// natively and in the page, at the browser's resolution there.
const Preprocessed& App::preprocessed() {
  if (pad_.version() == timed_version_) return pad_.preprocessed();
  const double start = steady_seconds();
  const Preprocessed& pre = pad_.preprocessed();
  preprocess_ms_.add((steady_seconds() - start) * 1e3);
  timed_version_ = pad_.version();
  return pre;
}

void App::classify() {
  outputs_.fill(0.0f);
  activations_.clear();
  has_outputs_ = false;
  const Preprocessed& pre = preprocessed();
  if (!model_ || pre.empty) return;
  const double start = steady_seconds();
  std::vector<float> input(kImagePixels);
  scale_input(input.data(), pre.pixels.data(), input.size());
  activations_ = model_->network.query(input.data());
  forward_ms_.add((steady_seconds() - start) * 1e3);
  // A loaded or trained model always answers in numbers; a broken one is said, not drawn.
  if (Status s = check_outputs(activations_.back().data(), kClasses); !s) {
    activations_.clear();
    last_error_ = "Cannot classify the drawing: " + s.error();
    return;
  }
  std::copy(activations_.back().begin(), activations_.back().end(), outputs_.begin());
  has_outputs_ = true;
}

void App::draw_columns() {
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float em = ImGui::GetFontSize();
  const float gap = style.ItemSpacing.x * 3.0f;
  // Everything in the pad column but the pad scales with it: the steps' boxes are a quarter of
  // its width (less the arrows); the rest is text rows and one row of buttons.
  const float text_row = ImGui::GetTextLineHeightWithSpacing();
  const float around_pad =
      3.0f * text_row + 2.0f * ImGui::GetFrameHeightWithSpacing() + 2.0f * style.ItemSpacing.y;
  const float pad_for_height = (avail.y - around_pad) / 1.25f;

  if (avail.x >= 55.0f * em && avail.x >= avail.y) {
    const float side_w = std::clamp(avail.x * 0.3f, 20.0f * em, 34.0f * em);
    const float pad_w = std::floor(std::max(
        12.0f * em,
        std::min({pad_for_height, avail.x * 0.38f, avail.x - side_w - 2 * gap - 22 * em})));
    const float middle_w = avail.x - pad_w - side_w - 2.0f * gap;
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::BeginChild("pad column", ImVec2(pad_w, avail.y), false, flags);
    draw_pad_column(pad_w);
    ImGui::EndChild();
    classify();  // after the pad took this frame's strokes, before anything shows the answer
    ImGui::SameLine(0.0f, gap);
    ImGui::BeginChild("network column", ImVec2(middle_w, avail.y), false, flags);
    draw_network_column(middle_w, avail.y);
    ImGui::EndChild();
    ImGui::SameLine(0.0f, gap);
    ImGui::BeginChild("side column", ImVec2(side_w, avail.y));
    draw_side_panel();
    ImGui::EndChild();
    draw_inside_body(avail.x, avail.y);
  } else {
    // A narrow (portrait) screen: one column in the window's own scrolling.
    const float pad_w = std::floor(std::min(avail.x, std::max(12.0f * em, pad_for_height * 0.7f)));
    draw_pad_column(pad_w);
    classify();
    ImGui::Separator();
    draw_network_column(avail.x, avail.y);
    draw_inside_body(avail.x, avail.y);
    ImGui::Separator();
    draw_side_panel();
  }
}

void App::draw_inside_body(float width, float height) {
  if (!model_ || !inside_.open()) return;
  ImGui::Spacing();
  // Only activations of this network's shape (none otherwise): the views read them beside its
  // weights.
  static const std::vector<std::vector<float>> kNone;
  const bool fit = activations_fit(model_->network, activations_);
  const InsideContext ctx{model_->network,
                          fit ? activations_ : kNone,
                          true_label(),
                          panel_host_,
                          training_.pretrained_model(),
                          training_.session(),
                          [this](const uint8_t* pixels, int label) { show_image(pixels, label); },
                          inside_.item_rects(),
                          my_digits_view_};
  inside_.draw_body(ctx, width, height);
}

void App::draw_pad_column(float width) {
  ImGui::TextUnformatted("Draw a digit");
  help_marker(
      "Draw with the mouse, a pen or a finger. The ink goes through MNIST's own preparation "
      "(the steps below: cropped to its box, scaled to 20 px, centred by its centre of mass in "
      "28x28) and the network answers for it every frame. The arrows load MNIST's test digits.");
  pad_.draw_widget(width);
  if (ImGui::Button("Clear")) pad_.clear();
  if (samples_.size() > 0) {
    // Test digits from MNIST, for comparison with one's own drawing.
    ImGui::SameLine(0.0f, ImGui::GetStyle().ItemSpacing.x * 3.0f);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("test digit");
    ImGui::SameLine();
    if (ImGui::ArrowButton("previous test digit", ImGuiDir_Left)) step_sample(-1);
    ImGui::SameLine();
    if (ImGui::ArrowButton("next test digit", ImGuiDir_Right)) step_sample(+1);
  }
  if (const int label = my_digits_view_.draw_add_row(!preprocessed().empty); label >= 0)
    add_to_my_digits(label);
  preprocess_steps(pad_.canvas(), preprocessed(), width);
}

void App::draw_network_column(float width, float height) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float top = ImGui::GetCursorPosY();
  static const uint8_t kBlank[kImagePixels] = {};
  const Preprocessed& pre = preprocessed();
  const float cell =
      std::max(2.0f, std::floor(std::min(width * 0.34f, height * 0.22f) / kImageSide));
  ImGui::BeginGroup();
  ImGui::TextUnformatted("Network input");
  help_marker(
      "The 784 numbers the network reads: the 28x28 picture, each pixel scaled as the book "
      "does, pixel / 255 x 0.99 + 0.01, so no input is exactly 0.");
  digit_image(pre.empty ? kBlank : pre.pixels.data(), kImageSide, cell);
  ImGui::EndGroup();
  const float answer_gap = style.ItemSpacing.x * 3.0f;
  ImGui::SameLine(0.0f, answer_gap);
  ImGui::BeginGroup();
  ImGui::TextUnformatted("Answer");
  answer_view(has_outputs_ ? activations_.back() : std::vector<float>{}, true_label(), fonts_.big,
              width - cell * kImageSide - answer_gap);
  ImGui::EndGroup();

  ImGui::Spacing();
  ImGui::TextUnformatted("Output activations");
  help_marker(
      "One output per digit, O = sigmoid(W . hidden): the book's network is trained towards "
      "0.99 for the right digit and 0.01 for the others, so they need not sum to 1 (a softmax "
      "network's do). The answer is the largest; green marks a test digit's true label.");
  // Rows a little apart rather than at the window's item spacing: ten rows read as one chart.
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing,
                      ImVec2(style.ItemSpacing.x, 2.0f * (style.ItemSpacing.y / 8.0f)));
  activation_bars(outputs_.data(), kClasses, prediction(), true_label(), width,
                  ImGui::GetFrameHeight());
  ImGui::PopStyleVar();

  ImGui::Spacing();
  const std::vector<int> no_sizes;
  const float left = height - (ImGui::GetCursorPosY() - top) - style.ItemSpacing.y;
  if (!model_) return;
  hidden_layers_view(model_->network.sizes(), model_->network.architecture().hidden, activations_,
                     width, left - InsideView::collapsed_height());
  inside_.draw_header();  // its body goes below the columns (draw_columns)
}

}  // namespace digitlab
