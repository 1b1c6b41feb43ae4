// My digits' row under the pad and its Inside tab (my_digits_view.h).
//   draw_add_row   - "Add to my digits" 0..9
//   draw_tab       - accuracy line, actions, gallery
//   refresh_check  - the network's answers for my digits, redone when the weights or the
//                    digits change (at most once a second while training)
#include "my_digits_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "inside_context.h"
#include "inside_draw.h"
#include "network/fingerprint.h"
#include "network/layer_math.h"
#include "widgets.h"

namespace digitlab {
namespace {

// While training changes the weights every frame, the answers (a forward pass per digit) are
// redone at most once a second, as the class pictures are, and never for more than a twentieth
// of the time: 10,000 digits on a big network take a good part of a second.
constexpr double kCheckRefreshSeconds = 1.0;
constexpr double kCheckShareOfTime = 0.05;

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", 100.0 * fraction);
  return text;
}

}  // namespace

int MyDigitsView::draw_add_row(bool has_ink) {
  rects_.clear();
  int pressed = -1;
  // Ten equal buttons after the caption when they fit at a finger's width, else on a line of
  // their own across the column: labelling must be one quick tap while drawing.
  const char* caption = "Add to my digits:";
  const float em = ImGui::GetFontSize();
  const float spacing = ImGui::GetStyle().ItemSpacing.x * 0.5f;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float after_caption = avail - ImGui::CalcTextSize(caption).x - 2.0f * spacing;
  const bool one_line = (after_caption - 9.0f * spacing) / 10.0f >= 1.6f * em;
  const float room = one_line ? after_caption : avail;
  const float button_w = std::floor(std::min((room - 9.0f * spacing) / 10.0f, 3.0f * em));
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", caption);
  ImGui::BeginDisabled(!has_ink);
  for (int k = 0; k < kClasses; ++k) {
    const char label[2] = {static_cast<char>('0' + k), 0};
    if (k > 0 || one_line) ImGui::SameLine(0.0f, k > 0 ? spacing : 2.0f * spacing);
    if (ImGui::Button(label, ImVec2(button_w, 0.0f))) pressed = k;
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("Add the drawing to my digits as a %d (or press the key %d)", k, k);
    rects_.note_last_item("mydigit:add:" + std::to_string(k));
  }
  ImGui::EndDisabled();
  return pressed;
}

void MyDigitsView::refresh_check(const InsideContext& ctx) {
  const uint64_t fp = network_fingerprint(ctx.net);
  const double now = ImGui::GetTime();
  const bool digits_changed = store_.version() != checked_version_;
  // A load or a reset shows at once; a run's steady changes at most once a second.
  const double wait = std::max(kCheckRefreshSeconds, checked_cost_ / kCheckShareOfTime);
  const bool weights_changed =
      fp != checked_network_ && (!ctx.session.running() || now - checked_time_ >= wait);
  if (!digits_changed && !weights_changed) return;
  const double start = steady_seconds();
  check_ = check_my_digits(ctx.net, store_.digits());
  checked_cost_ = steady_seconds() - start;
  checked_network_ = fp;
  checked_version_ = store_.version();
  checked_time_ = now;
}

void MyDigitsView::draw_tab(const InsideContext& ctx, float width) {
  refresh_check(ctx);
  const size_t n = store_.size();
  ImGui::Text("My digits: %zu", n);
  help_marker(
      "Your own drawings, labelled with the buttons under the pad or a digit key while the pad "
      "has ink. Each is kept as the network sees it: the pad's MNIST preprocessing, 28x28. "
      "Below each: its label and, where the network now answers otherwise, its answer in red "
      "(the picture framed in red). Click one to put it back in the pad; x removes it. Kept in "
      "this browser (or the desktop's data folder) "
      "across visits.");
  if (n > 0) {
    const Evaluation& eval = check_.eval;
    std::string line = "The model gets " + std::to_string(eval.correct) + " of " +
                       std::to_string(eval.total) + " right (" + percent(eval.accuracy()) + ")";
    const double test = ctx.session.test_accuracy();
    if (test >= 0) line += "; on the test set " + percent(test) + " (the last run's)";
    ImGui::TextWrapped("%s", line.c_str());
  } else {
    ImGui::TextWrapped("None yet: draw a digit, then press its key or its button under the pad.");
  }
  draw_actions(ctx);
  if (!store_.notice().empty()) ImGui::TextDisabled("%s", store_.notice().c_str());
  ImGui::Spacing();
  draw_gallery(ctx, width);
}

void MyDigitsView::draw_actions(const InsideContext& ctx) {
  const bool any = store_.size() > 0;
  const auto report = [&ctx](const Status& s) {
    if (!s) ctx.host.report(s.error());
  };
  ImGui::BeginDisabled(!any);
  if (ImGui::Button("Export CSV")) report(store_.export_csv());
  rects_.note_last_item("mydigit:csv");
  flow("Export IDX");
  if (ImGui::Button("Export IDX")) report(store_.export_idx());
  rects_.note_last_item("mydigit:idx");
  ImGui::EndDisabled();

  // The test set of the next evaluations: a run's, epoch by epoch.
  const bool can_test = any && ctx.session.has_data() && !ctx.session.active();
  flow("Use as test set");
  ImGui::BeginDisabled(!can_test);
  if (ImGui::Button("Use as test set"))
    report(ctx.session.set_test(store_.digits().dataset(), "my digits"));
  ImGui::EndDisabled();
  rects_.note_last_item("mydigit:test");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(
        "The training runs test on my digits instead of the loaded test set "
        "(until data is loaded again). Needs training data and no run under way.");
  flow("Mix into training____");
  ImGui::Checkbox("Mix into training", &store_.mix_into_training);
  rects_.note_last_item("mydigit:mix");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "The next training run trains on my digits too, after the loaded "
        "training images (mixed in when the run shuffles).");

  flow("Clear all...");
  ImGui::BeginDisabled(!any);
  if (ImGui::Button("Clear all...")) asking_clear_ = true;
  ImGui::EndDisabled();
  rects_.note_last_item("mydigit:clear");
  if (asking_clear_ && any) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::Text("Remove all %zu of my digits?", store_.size());
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (ImGui::Button("Remove all")) {
      report(store_.clear());
      asking_clear_ = false;
    }
    rects_.note_last_item("mydigit:clear:yes");
    ImGui::SameLine();
    if (ImGui::Button("Keep them")) asking_clear_ = false;
  } else {
    asking_clear_ = false;
  }
}

void MyDigitsView::draw_gallery(const InsideContext& ctx, float width) {
  const size_t n = store_.size();
  if (n == 0) return;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float em = ImGui::GetFontSize();
  // Square pictures wide enough for the line under them ("8: 7" and the x) and for a finger.
  const float x_width = ImGui::CalcTextSize("x").x + 2.0f * style.FramePadding.x;
  const float line_width = ImGui::CalcTextSize("8: 7").x + style.ItemSpacing.x + x_width;
  const float box = std::floor(std::max({4.0f * em, 28.0f * 2.0f, line_width}));
  const float cell = box + style.ItemSpacing.x;
  const int per_row = std::max(1, static_cast<int>((width + style.ItemSpacing.x) / cell));
  const int rows = static_cast<int>((n + static_cast<size_t>(per_row) - 1) / per_row);
  const Dataset& data = store_.digits().dataset();
  scratch_.resize(kImagePixels);
  size_t remove = n;  // none
  // Only the rows on screen are drawn: a collection can hold thousands.
  ImGuiListClipper clipper;
  clipper.Begin(rows);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      for (int col = 0; col < per_row; ++col) {
        const size_t i = static_cast<size_t>(row) * per_row + col;
        if (i >= n) break;
        if (col > 0) ImGui::SameLine();
        ImGui::PushID(static_cast<int>(i));
        ImGui::BeginGroup();
        const ImVec2 at = ImGui::GetCursorScreenPos();
        scale_input(scratch_.data(), data.image(i), scratch_.size());
        input_picture(scratch_.data(), kImageSide, box);
        ImGui::SetCursorScreenPos(at);
        const int label = data.labels[i];
        if (ImGui::InvisibleButton("digit", ImVec2(box, box)))
          ctx.show_in_pad(data.image(i), label);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Put it in the pad");
        rects_.note_last_item("mydigit:show:" + std::to_string(i));
        const int answer = i < check_.answers.size() ? check_.answers[i] : -1;
        const bool wrong = answer != label;
        if (wrong) {
          const ImVec2 end(at.x + box, at.y + box);
          ImGui::GetWindowDrawList()->AddRect(at, end, kErrorColor, 0.0f, 0, 2.0f);
        }
        // The label, then the network's answer in red where it differs: "8: 7".
        ImGui::PushStyleColor(ImGuiCol_Text,
                              wrong ? ImGui::GetColorU32(ImGuiCol_Text) : kTrueLabelColor);
        ImGui::Text("%d", label);
        ImGui::PopStyleColor();
        if (wrong) {
          ImGui::SameLine(0.0f, 0.0f);
          ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
          if (answer < 0)
            ImGui::TextUnformatted(": ?");
          else
            ImGui::Text(": %d", answer);
          ImGui::PopStyleColor();
        }
        if (ImGui::IsItemHovered()) {
          if (answer < 0)
            ImGui::SetTooltip(
                "Labelled %d; the network gives no answer (its outputs are not numbers)", label);
          else if (wrong)
            ImGui::SetTooltip("Labelled %d; the network answers %d", label, answer);
          else
            ImGui::SetTooltip("Labelled %d; the network answers %d too", label, answer);
        }
        ImGui::SameLine(box - x_width);
        if (ImGui::SmallButton("x")) remove = i;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove it from my digits");
        rects_.note_last_item("mydigit:remove:" + std::to_string(i));
        ImGui::EndGroup();
        ImGui::PopID();
      }
    }
  }
  clipper.End();
  if (remove < n) {
    if (Status s = store_.remove(remove); !s) ctx.host.report(s.error());
  }
}

}  // namespace digitlab
