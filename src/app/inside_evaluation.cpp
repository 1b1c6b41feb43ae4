// The Evaluation tab: status and "Evaluate now", the confusion matrix, a cell's gallery, the
// surest mistakes.
//   draw_status       - which weights were evaluated and when, stale or not; the button
//   draw_matrix       - 10x10 clickable cells shaded by confusion_shades, each class's accuracy
//   draw_cell_gallery - the open cell's test images, a page at a time
//   draw_mistakes     - the mistakes the network was surest of
#include "inside_evaluation.h"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "inside/confusion_shades.h"
#include "inside_draw.h"
#include "inside_view.h"
#include "network/mistakes.h"
#include "text_format.h"
#include "widgets.h"

namespace digitlab {
namespace {

constexpr ImU32 kEmptyCell = IM_COL32(38, 42, 51, 255);
constexpr ImU32 kRightCell = IM_COL32(46, 150, 84, 255);  // the diagonal, at shade 1
constexpr ImU32 kWrongCell = IM_COL32(214, 78, 58, 255);  // the worst confusion

ImU32 mix(ImU32 from, ImU32 to, float t) {
  const ImVec4 a = ImGui::ColorConvertU32ToFloat4(from), b = ImGui::ColorConvertU32ToFloat4(to);
  t = std::clamp(t, 0.0f, 1.0f);
  return ImGui::ColorConvertFloat4ToU32(
      ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1.0f));
}

// A count in at most four characters, for a narrow cell: 1135 -> "1.1k" when it does not fit.
std::string count_in(uint32_t n, float room) {
  std::string text = std::to_string(n);
  if (ImGui::CalcTextSize(text.c_str()).x <= room || n < 1000) return text;
  char buf[16];
  std::snprintf(buf, sizeof buf, n < 10000 ? "%.1fk" : "%.0fk", static_cast<double>(n) / 1000.0);
  return buf;
}

// A 28x28 test image (0 = background, 255 = ink) as a box x box button: a texture each
// (inside_draw.h), so a page of any images stays a few vertices. Returns true when clicked.
bool image_button(const char* id, const uint8_t* pixels, float box) {
  const ImVec2 o = ImGui::GetCursorScreenPos();
  grey_picture(pixels, kImageSide, box);
  ImGui::SetCursorScreenPos(o);
  const bool clicked = ImGui::InvisibleButton(id, ImVec2(box, box));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (ImGui::IsItemHovered())
    draw->AddRect(o, ImVec2(o.x + box, o.y + box), kAccentColor, 0.0f, 0, 2.0f);
  return clicked;
}

// How a gallery lays out its items: per_row of them, item_w wide.
struct GalleryLayout {
  float box = 0, item_w = 0, item_h = 0;
  int per_row = 1;
};

GalleryLayout gallery_layout(float width, int caption_lines, const char* widest_caption) {
  GalleryLayout g;
  const ImGuiStyle& style = ImGui::GetStyle();
  g.box = std::floor(std::max(28.0f, 2.5f * ImGui::GetFontSize()));
  g.item_w = std::max(g.box, ImGui::CalcTextSize(widest_caption).x);
  g.item_h = g.box + static_cast<float>(caption_lines) * ImGui::GetTextLineHeightWithSpacing() +
             style.ItemSpacing.y;
  g.per_row = std::max(
      1, static_cast<int>((width + style.ItemSpacing.x) / (g.item_w + style.ItemSpacing.x)));
  return g;
}

// A child window just tall enough for n items, so each gallery has its own draw list (the
// vertex limit above is per list) and the section's own scrolling moves it.
void begin_gallery(const char* id, const GalleryLayout& g, int n, float width) {
  const int rows = (n + g.per_row - 1) / g.per_row;
  ImGui::BeginChild(id, ImVec2(width, static_cast<float>(rows) * g.item_h), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
}

void next_item(const GalleryLayout& g, int k) {
  if (k % g.per_row != 0) ImGui::SameLine();
}

}  // namespace

void EvaluationTab::select_cell(int actual, int predicted) {
  const bool valid = actual >= 0 && actual < kClasses && predicted >= 0 && predicted < kClasses;
  actual_ = valid ? actual : -1;
  predicted_ = valid ? predicted : -1;
  page_ = 0;
}

void EvaluationTab::draw(const InsideContext& ctx, float width) {
  shown_ = 0;
  stale_ = false;
  const TestEvaluation* kept = ctx.session.last_evaluation();
  ImGui::TextUnformatted("Evaluation: every test image, classified");
  help_marker(
      "The whole test set run through the network, as the command line's digitlab eval "
      "does: after each epoch of training, and when you press Evaluate now. The matrix "
      "counts the test images by "
      "their true label (rows) and the network's answer (columns: its largest output); the "
      "diagonal holds those read right. Green cells are shaded by the class's accuracy, red "
      "ones by their count over the worst confusion's (square-rooted, so single mistakes "
      "show). Click a cell for its images, and any image to put it into the pad.");
  draw_status(ctx, kept);
  if (!kept) return;
  if (kept->id != seen_id_) {
    seen_id_ = kept->id;
    page_ = 0;
  }
  if (kept->eval.non_finite > 0) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped(
        "%s of %s test images gave outputs that are not finite numbers: the weights are broken "
        "(too large?), so there is no matrix to show.",
        thousands_text(kept->eval.non_finite).c_str(), thousands_text(kept->eval.total).c_str());
    ImGui::PopStyleColor();
    return;
  }
  draw_matrix(ctx, *kept, width);
  draw_pad_note();
  draw_cell_gallery(ctx, *kept, width);
  draw_mistakes(ctx, *kept, width);
}

void EvaluationTab::draw_status(const InsideContext& ctx, const TestEvaluation* kept) {
  TrainingSession& session = ctx.session;
  const size_t test_size = session.data().test.size();
  // Opening the tab with a test set but nothing evaluated yet starts an evaluation, so the
  // matrix is there a moment later without a click.
  // (A run's first pass comes by itself.)
  if (!kept && test_size > 0 && !session.evaluating_now() && !session.active() && ctx.host.model())
    (void)session.evaluate_now(ctx.host.model());  // cannot fail: a model and a test set
  const bool busy = session.evaluating_now();
  ImGui::BeginDisabled(busy || test_size == 0);
  if (ImGui::Button("Evaluate now")) {
    if (Status s = session.evaluate_now(ctx.host.model()); !s)
      ctx.host.report("Cannot evaluate: " + s.error());
  }
  ImGui::EndDisabled();
  ctx.rects.note_last_item("eval:now");
  if (busy) {
    ImGui::SameLine();
    const float fraction = static_cast<float>(session.evaluate_now_fraction());
    char label[48];
    std::snprintf(label, sizeof label, "evaluating %.0f%%", 100.0 * static_cast<double>(fraction));
    ImGui::ProgressBar(fraction, ImVec2(-1.0f, 0.0f), label);
  } else if (test_size > 0) {
    const std::string on = "on the " + thousands_text(test_size) + " test images";
    flow_item(ImGui::CalcTextSize(on.c_str()).x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", on.c_str());
  }
  if (test_size == 0) {
    ImGui::TextWrapped(
        "No test set yet. Load the bundled MNIST in the training panel (Load bundled MNIST), or "
        "upload test images with their labels; a training upload alone keeps its last part "
        "back for testing.");
    return;
  }
  if (!kept) {
    ImGui::TextDisabled(session.running() || session.evaluating_now()
                            ? "Evaluating the test set..."
                            : "Not evaluated yet: the run is paused. Evaluate now tests the "
                              "model as it is.");
    return;
  }
  // Which weights, and when: a run's epoch or on request, and whether they have changed since.
  const std::string when = kept->epoch < 0 ? "on request"
                           : kept->epoch == 0
                               ? "before training"
                               : "after epoch " + std::to_string(kept->epoch) + " of the run";
  const std::string trained = kept->progress.samples == 0
                                  ? "untrained"
                                  : count_text(kept->progress.epochs, "epoch") + ", " +
                                        thousands_text(kept->progress.samples) + " samples";
  const double ago = session.clock_seconds() - kept->time;
  ImGui::TextWrapped("Model %s (%s), evaluated %s, %s ago.", kept->layers.c_str(), trained.c_str(),
                     when.c_str(), duration_text(ago).c_str());
  stale_ = network_fingerprint(ctx.net) != kept->fingerprint;
  if (stale_) {
    ImGui::PushStyleColor(ImGuiCol_Text, kAccentColor);
    ImGui::TextWrapped(session.running()
                           ? "Stale: training has changed the weights since; the next epoch's "
                             "end evaluates again."
                           : "Stale: the weights have changed since. Evaluate now for these.");
    ImGui::PopStyleColor();
  }
}

void EvaluationTab::draw_matrix(const InsideContext& ctx, const TestEvaluation& kept, float width) {
  const Evaluation& eval = kept.eval;
  ImGui::Text("%.2f%% right: %s of %s", 100.0 * eval.accuracy(),
              thousands_text(eval.correct).c_str(), thousands_text(eval.total).c_str());
  ImGui::TextDisabled("rows: true label; columns: the network's answer");

  const ConfusionShades shades = confusion_shades(eval);
  const std::array<ClassAccuracy, kClasses> classes = per_class_accuracy(eval);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float em = ImGui::GetFontSize();
  const float label_w = ImGui::CalcTextSize("0").x + style.ItemSpacing.x;
  const float acc_w = ImGui::CalcTextSize("100.0").x + style.ItemSpacing.x;
  const float cell_w = std::floor(
      std::clamp((width - label_w - acc_w) / static_cast<float>(kClasses), 1.2f * em, 4.0f * em));
  const float cell_h = std::floor(std::clamp(cell_w * 0.7f, em + 4.0f, 2.0f * em));
  const float line_h = ImGui::GetTextLineHeight();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const auto text_at = [&](float x, float y, ImU32 colour, const char* text, float room) {
    const float w = ImGui::CalcTextSize(text).x;
    draw->AddText(ImVec2(std::floor(x + (room - w) * 0.5f), std::floor(y)), colour, text);
  };
  const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  // The header: each answer's digit, and the accuracy column's title.
  for (int p = 0; p < kClasses; ++p) {
    const char digit[2] = {static_cast<char>('0' + p), 0};
    text_at(o.x + label_w + static_cast<float>(p) * cell_w, o.y, kAccentColor, digit, cell_w);
  }
  text_at(o.x + label_w + static_cast<float>(kClasses) * cell_w, o.y, dim, "acc%", acc_w);
  const float top = o.y + line_h + style.ItemSpacing.y * 0.5f;
  for (int a = 0; a < kClasses; ++a) {
    const float y = top + static_cast<float>(a) * cell_h;
    const char digit[2] = {static_cast<char>('0' + a), 0};
    text_at(o.x, y + (cell_h - line_h) * 0.5f, kTrueLabelColor, digit, label_w - 4.0f);
    for (int p = 0; p < kClasses; ++p) {
      const ImVec2 a0(o.x + label_w + static_cast<float>(p) * cell_w, y);
      const ImVec2 a1(a0.x + cell_w - 1.0f, a0.y + cell_h - 1.0f);
      ImGui::SetCursorScreenPos(a0);
      char id[16];
      std::snprintf(id, sizeof id, "cell:%d:%d", a, p);
      if (ImGui::InvisibleButton(id, ImVec2(cell_w - 1.0f, cell_h - 1.0f))) {
        if (a == actual_ && p == predicted_)
          select_cell(-1, -1);  // a second click closes it
        else
          select_cell(a, p);
      }
      ctx.rects.note_last_item(id);
      const uint32_t n = eval.confusion[a][p];
      const float shade = shades[a][p];
      draw->AddRectFilled(a0, a1, mix(kEmptyCell, a == p ? kRightCell : kWrongCell, shade));
      if (a == actual_ && p == predicted_)
        draw->AddRect(a0, a1, IM_COL32(255, 255, 255, 255), 0.0f, 0, 2.0f);
      else if (ImGui::IsItemHovered())
        draw->AddRect(a0, a1, kAccentColor);
      if (n > 0)
        text_at(a0.x, y + (cell_h - line_h) * 0.5f, ImGui::GetColorU32(ImGuiCol_Text),
                count_in(n, cell_w - 3.0f).c_str(), cell_w - 1.0f);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("true %d, answered %d: %s (click to see them)", a, p,
                          count_text(n, "image").c_str());
    }
    char acc[16] = "-";
    if (classes[a].total > 0) std::snprintf(acc, sizeof acc, "%.1f", 100.0 * classes[a].accuracy());
    text_at(o.x + label_w + static_cast<float>(kClasses) * cell_w, y + (cell_h - line_h) * 0.5f,
            ImGui::GetColorU32(ImGuiCol_Text), acc, acc_w);
  }
  ImGui::SetCursorScreenPos(ImVec2(o.x, top + kClasses * cell_h));
  ImGui::Dummy(
      ImVec2(label_w + static_cast<float>(kClasses) * cell_w + acc_w, style.ItemSpacing.y));
}

void EvaluationTab::draw_pad_note() const {
  if (in_pad_ < 0) return;
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("Put test image #%lld (a %d) into the pad: its answer is at the top.", in_pad_,
                     in_pad_label_);
  ImGui::PopStyleColor();
}

void EvaluationTab::draw_cell_gallery(const InsideContext& ctx, const TestEvaluation& kept,
                                      float width) {
  if (actual_ < 0) {
    ImGui::TextDisabled("Click a cell to see its test images.");
    return;
  }
  const std::vector<size_t>& images = kept.details.cell(actual_, predicted_);
  const std::vector<float>& sure = kept.details.cell_confidences(actual_, predicted_);
  assert(images.size() == sure.size());
  const int total = static_cast<int>(images.size());
  const int pages = std::max(1, (total + kPageImages - 1) / kPageImages);
  page_ = std::clamp(page_, 0, pages - 1);
  ImGui::Separator();
  if (actual_ == predicted_)
    ImGui::Text("True %d, read right: %s", actual_, count_text(images.size(), "image").c_str());
  else
    ImGui::Text("True %d, answered %d: %s", actual_, predicted_,
                count_text(images.size(), "image").c_str());
  help_marker(
      "In the order of the test set. Under each image: the network's output for its answer "
      "(how sure it was). Click an image to put it into the pad.");
  if (total == 0) return;
  if (pages > 1) {
    const int first = page_ * kPageImages;
    const int last = std::min(total, first + kPageImages);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%d-%d, %d more", first + 1, last, total - (last - first));
    flow("<");
    ImGui::BeginDisabled(page_ == 0);
    if (ImGui::SmallButton("<")) --page_;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(page_ + 1 >= pages);
    if (ImGui::SmallButton(">")) ++page_;
    ImGui::EndDisabled();
    ctx.rects.note_last_item("eval:next");
  }
  const Dataset& test = ctx.session.data().test;
  const int first = page_ * kPageImages;
  const int count = std::min(kPageImages, total - first);
  const GalleryLayout g = gallery_layout(width, 1, "0.00");
  begin_gallery("cell images", g, count, width);
  for (int k = 0; k < count; ++k) {
    const size_t index = images[static_cast<size_t>(first + k)];
    // The details came as bytes from the training worker: an index past this test set (a
    // damaged or stale message) is skipped, not read.
    if (index >= test.size()) continue;
    next_item(g, k);
    ImGui::BeginGroup();
    char id[24];  // "image:" and any int: room for GCC's -Wformat-truncation under ASan
    std::snprintf(id, sizeof id, "image:%d", k);
    if (image_button(id, test.image(index), g.box)) {
      ctx.show_in_pad(test.image(index), test.labels[index]);
      in_pad_ = static_cast<long long>(index);
      in_pad_label_ = test.labels[index];
    }
    ctx.rects.note_last_item(id);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("test image #%zu: true %d, answered %d (output %.3f)\nclick: into the pad",
                        index, actual_, predicted_,
                        static_cast<double>(sure[static_cast<size_t>(first + k)]));
    ImGui::TextDisabled("%.2f", static_cast<double>(sure[static_cast<size_t>(first + k)]));
    ImGui::EndGroup();
    ++shown_;
  }
  ImGui::EndChild();
}

void EvaluationTab::draw_mistakes(const InsideContext& ctx, const TestEvaluation& kept,
                                  float width) {
  const std::vector<Mistake>& mistakes = kept.details.most_confident_mistakes();
  ImGui::Separator();
  ImGui::TextUnformatted("The surest mistakes");
  help_marker(
      "The wrong answers with the highest output for the answer, surest first: true label > "
      "answer, and that output. Often a badly written digit, sometimes a wrong label.");
  if (mistakes.empty()) {
    ImGui::TextDisabled("None: every test image was read right.");
    return;
  }
  const Dataset& test = ctx.session.data().test;
  const GalleryLayout g = gallery_layout(width, 2, "0.00");
  const int n = static_cast<int>(mistakes.size());
  begin_gallery("mistakes", g, n, width);
  for (int k = 0; k < n; ++k) {
    const Mistake& m = mistakes[static_cast<size_t>(k)];
    if (m.index >= test.size()) continue;  // as in draw_cell_gallery: not this test set's
    next_item(g, k);
    ImGui::BeginGroup();
    char id[24];
    std::snprintf(id, sizeof id, "mistake:%d", k);
    if (image_button(id, test.image(m.index), g.box)) {
      ctx.show_in_pad(test.image(m.index), m.actual);
      in_pad_ = static_cast<long long>(m.index);
      in_pad_label_ = m.actual;
    }
    ctx.rects.note_last_item(id);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("test image #%zu: true %d, answered %d (output %.3f)\nclick: into the pad",
                        m.index, m.actual, m.predicted, static_cast<double>(m.confidence()));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kErrorColor), "%d>%d", m.actual, m.predicted);
    ImGui::TextDisabled("%.2f", static_cast<double>(m.confidence()));
    ImGui::EndGroup();
  }
  ImGui::EndChild();
}

}  // namespace digitlab
