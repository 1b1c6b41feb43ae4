// TrainingPanel's ImGui side: data, settings, the run (controls, progress, curves, epochs) and
// the model file. Laid out for a narrow column: buttons flow onto the next line when the
// current one is full. Every section keeps its height whatever happens (data arriving, a run
// starting, a setting going wrong), so no button moves under the pointer: what comes and goes
// shows in lines and charts whose space is always there.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <vector>

#include "chart.h"
#include "text_format.h"
#include "training_panel.h"
#include "widgets.h"

namespace digitlab {
namespace {

std::string percent(double fraction) {
  char text[16];
  std::snprintf(text, sizeof text, "%.2f%%", fraction * 100.0);
  return text;
}

constexpr const char* kDataFilesHelp =
    "IDX images + labels (raw or .gz), or CSV (label, 784 pixels a line).\n"
    "A second set is the test set; without one, the last 10% is held out.";

}  // namespace

bool TrainingPanel::button(const char* label, const char* hook_name, float width) {
  const bool pressed = ImGui::Button(label, ImVec2(width, 0));
  buttons_.note_last_item(hook_name);
  return pressed;
}

void TrainingPanel::draw() {
  buttons_.clear();
  // The panel's own visible area, so a test knows where to scroll it with the mouse wheel.
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  buttons_.set("panel", ButtonRect{pos.x, pos.y, size.x, size.y});
  draw_data_section();
  draw_settings_section();
  draw_run_section();
  draw_model_section();
}

void TrainingPanel::draw_data_section() {
  heading("Training data");
  help_marker(
      "What the network learns from and is tested on: the bundled MNIST (60,000 training and "
      "10,000 test digits, fetched when asked) or your own files. Each image is scaled as the "
      "book does, pixel / 255 x 0.99 + 0.01, and its label becomes the target: 0.99 for the "
      "label's output, 0.01 for the others.");
  const TrainingDataView data = session_.data();
  // Two lines: what is loaded, and its size, or the half of an IDX pair that waits.
  if (session_.has_data())
    text_one_line(data.source);
  else
    ImGui::TextDisabled("None yet.");
  if (!router_.waiting_note().empty())
    text_one_line(router_.waiting_note() + ".", kAccentColor);
  else if (session_.has_data())
    text_one_line(thousands_text(data.train.size()) + " training / " +
                      thousands_text(data.test.size()) + " test images" +
                      (data.test_held_out ? " (held out)" : ""),
                  ImGui::GetColorU32(ImGuiCol_TextDisabled));
  else
    blank_line();

  // One row: the buttons, or while files load a progress bar as tall as the buttons were.
  const float row_top = ImGui::GetCursorPosY();
  const auto hold_row = [this, row_top] {
    const float drawn = ImGui::GetCursorPosY() - row_top;
    if (data_row_height_ > drawn)
      ImGui::Dummy(ImVec2(0.0f, data_row_height_ - drawn - ImGui::GetStyle().ItemSpacing.y));
  };
  if (!queued_.empty()) {
    size_t bytes = 0;
    for (const NamedFile& f : queued_) bytes += f.bytes.size();
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "reading %s (%.1f MB)...",
                  count_text(queued_.size(), "file").c_str(), static_cast<double>(bytes) / 1e6);
    ImGui::ProgressBar(1.0f, ImVec2(-FLT_MIN, 0), overlay);
    queued_shown_ = true;
    hold_row();
  } else if (fetch_active_) {
    const double fraction = fetch_fraction();
    char overlay[64];
    if (fraction < 0)  // a server that sends no sizes
      std::snprintf(overlay, sizeof overlay, "MNIST: %.1f MB", fetch_loaded_ / 1e6);
    else
      std::snprintf(overlay, sizeof overlay, "MNIST: %.1f of %.1f MB", fetch_loaded_ / 1e6,
                    fetch_total_ / 1e6);
    ImGui::ProgressBar(fraction < 0 ? 0.0f : static_cast<float>(fraction), ImVec2(-FLT_MIN, 0),
                       overlay);
    hold_row();
  } else {
    ImGui::BeginDisabled(session_.active());
    if (platform_.fetch_mnist && button("Load bundled MNIST", "mnist")) {
      fetch_active_ = true;
      fetch_loaded_ = fetch_total_ = 0;
      platform_.fetch_mnist();
    }
    if (platform_.open_picker) {
      flow("Upload files...");
      if (button("Upload files...", "upload")) platform_.open_picker();
    }
    ImGui::EndDisabled();
    data_row_height_ = ImGui::GetCursorPosY() - row_top;
  }
  // What files go (the desktop's Open field says it in its hint): one line, details on hover,
  // as the Training section below needs the column's height.
  if (platform_.paths) {
    draw_open_path();
  } else {
    text_one_line("IDX or CSV files, or drop them on the page",
                  ImGui::GetColorU32(ImGuiCol_TextDisabled));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kDataFilesHelp);
  }
}

void TrainingPanel::draw_run_section() {
  // While a stop is on its way to the host's thread, its buttons stand still, greyed.
  switch (session_.phase()) {
    case RunPhase::Running:
      ImGui::BeginDisabled(session_.stopping());
      if (button("Pause", "pause")) pause();
      ImGui::SameLine();
      if (button("Stop", "stop")) stop();
      ImGui::EndDisabled();
      break;
    case RunPhase::Paused:
      ImGui::BeginDisabled(session_.stopping());
      if (button("Resume", "resume")) resume();
      ImGui::SameLine();
      if (button("Stop", "stop")) stop();
      ImGui::EndDisabled();
      break;
    default: {
      // Beside Start, why it is disabled: the settings' first problem in the core's words (the
      // CLI's), or the missing data. One line, whole on hover.
      const Result<TrainingConfig> run = run_config(host_.model(), shown_settings());
      ImGui::BeginDisabled(!session_.has_data() || !run);
      if (button("Start training", "start")) start();
      ImGui::EndDisabled();
      if (!run || !session_.has_data()) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        if (!run)
          text_one_line(run.error(), kErrorColor);
        else
          ImGui::TextDisabled("(load data first)");
      }
    }
  }
  draw_progress();
}

void TrainingPanel::draw_progress() {
  // Drawn before the first run too (empty), so that starting one moves nothing.
  const TrainingSession& s = session_;
  const bool idle = s.phase() == RunPhase::Idle;
  const size_t total = std::max<size_t>(1, s.samples_total());
  const float fraction = static_cast<float>(s.samples_seen()) / static_cast<float>(total);
  char overlay[64] = "";
  if (!idle)
    std::snprintf(overlay, sizeof overlay, "epoch %d of %d  %.0f%%",
                  std::min(s.epochs_done() + 1, s.config().epochs), s.config().epochs,
                  static_cast<double>(fraction) * 100.0);
  ImGui::ProgressBar(idle ? 0.0f : fraction, ImVec2(-FLT_MIN, 0), overlay);
  if (idle)
    ImGui::TextDisabled("No run yet.");
  else
    text_one_line(progress_text(s), s.phase() == RunPhase::Finished ? kTrueLabelColor
                                    : s.phase() == RunPhase::Failed
                                        ? kErrorColor
                                        : ImGui::GetColorU32(ImGuiCol_TextDisabled));
  // The host's own news (the page's worker failed, training goes on on the main thread).
  if (!s.host_note().empty()) text_one_line(s.host_note(), ImGui::GetColorU32(ImGuiCol_Text));
  draw_curves();
  draw_epoch_results();
}

namespace {

// A chart's legend: a short stroke in the line's colour, the name and the latest value.
void legend(ImU32 color, const char* name, const std::string& value) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeight();
  const float y = std::round(p.y + line * 0.5f);
  ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, y), ImVec2(p.x + line * 1.5f, y), color,
                                      std::max(1.0f, std::round(line / 7.0f)));
  ImGui::Dummy(ImVec2(line * 1.5f, line));
  ImGui::SameLine();
  ImGui::TextUnformatted(name);
  if (!value.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", value.c_str());
  }
}

constexpr ImU32 kLossColor = IM_COL32(235, 120, 90, 255);
constexpr ImU32 kAccuracyColor = IM_COL32(110, 200, 235, 255);

}  // namespace

void TrainingPanel::draw_curves() {
  const TrainingSession& s = session_;
  const float width = ImGui::GetContentRegionAvail().x;
  const float frame = ImGui::GetFrameHeight();
  ChartAxes axes;
  axes.x_per_unit = static_cast<double>(std::max<size_t>(1, s.epoch_samples()));
  const bool idle = s.phase() == RunPhase::Idle;
  axes.x_max = idle ? settings_.config.epochs : s.config().epochs;
  axes.label_width = ImGui::CalcTextSize("epoch").x;  // wider than "100%" and "0.05"
  char value[32] = "";
  if (!s.loss_curve().empty())
    std::snprintf(value, sizeof value, "%.4f", static_cast<double>(s.loss_curve().back().value));
  legend(kLossColor, "training loss", value);
  axes.x_labels = false;
  line_chart("loss", s.loss_curve(), axes, kLossColor, width, frame * 2.2f);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The training samples' loss (%s), averaged over each stretch",
                      loss_name((idle ? settings_.config : s.config()).architecture.loss));

  legend(kAccuracyColor, "test accuracy",
         s.accuracy_curve().empty()
             ? std::string()
             : percent(static_cast<double>(s.accuracy_curve().back().value)));
  axes.percent = true;
  axes.from_zero = false;
  axes.x_labels = true;
  line_chart("accuracy", s.accuracy_curve(), axes, kAccuracyColor, width,
             frame * 2.2f + ImGui::GetTextLineHeightWithSpacing());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Between epochs: the first %s test images; at each epoch's end: all",
                      thousands_text(s.check_images()).c_str());
}

void TrainingPanel::draw_epoch_results() {
  // One line, cut when long (the whole list on hover): the accuracy before and after each
  // epoch on the whole test set.
  std::string line;
  for (const EpochResult& r : session_.epoch_results())
    line += (line.empty() ? "" : "   ") +
            (r.epoch == 0 ? std::string("before: ") : "epoch " + std::to_string(r.epoch) + ": ") +
            percent(r.accuracy);
  if (line.empty())
    blank_line();
  else
    text_one_line(line);
}

// The desktop's Open field: data or a model, by path. Its own field, apart from Save's, so a
// dataset's path is never where the model gets saved.
void TrainingPanel::draw_open_path() {
  const PathField open{"##open-path", "path to an IDX, CSV or .dlm file",
                       "A .dlm model, or training data (files dropped onto the window go too).\n"
                       "Data: IDX images + labels (raw or .gz), or CSV (label, 784 pixels a "
                       "line).\nA second set is the test set; without one, the last 10% is held "
                       "out.",
                       "Open##path", "path-load"};
  if (path_field(open, open_path_, sizeof open_path_, !session_.active()))
    load_from_path(open_path_);
}

// A path field with its button on the same line, the field taking the width the button leaves.
// True when the button is pressed or Enter is typed in the field, while `enabled`.
bool TrainingPanel::path_field(const PathField& f, char* path, size_t size, bool enabled) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float button_width =
      ImGui::CalcTextSize(f.button, nullptr, true).x + style.FramePadding.x * 2;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - button_width - style.ItemSpacing.x);
  const bool enter =
      ImGui::InputTextWithHint(f.id, f.hint, path, size, ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.tooltip);
  ImGui::SameLine();
  ImGui::BeginDisabled(!enabled);
  const bool pressed = button(f.button, f.hook);
  ImGui::EndDisabled();
  return (pressed || enter) && enabled;
}

void TrainingPanel::draw_model_section() {
  heading("Model file");
  const bool pretrained = pretrained_loaded();
  // One line whatever the state, so the buttons below never move; a long desktop path is cut
  // and shown whole on hover.
  const ImU32 quiet = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  if (pretrained)
    text_one_line("The pre-trained network is loaded.", quiet);
  else if (kept_ && platform_.keep_model)
    text_one_line("Kept " + platform_.kept_where + " for next time.", quiet);
  else
    blank_line();
  const bool active = session_.active();
  bool first = true;
  const auto next = [&first](const char* label) {
    if (!first) flow(label);
    first = false;
  };
  if (platform_.download) {
    next("Download .dlm");
    if (button("Download .dlm", "download")) download_model();
  }
  if (platform_.open_picker) {
    next("Load model...");
    ImGui::BeginDisabled(active);
    if (button("Load model...", "load-model")) platform_.open_picker();
    ImGui::EndDisabled();
  }
  next("Back to pre-trained");
  ImGui::BeginDisabled(pretrained);
  if (button("Back to pre-trained", "reset")) back_to_pretrained();
  ImGui::EndDisabled();
  if (platform_.paths) draw_save_path();
}

// The desktop's Save field and its question. The field starts at a file that does not exist;
// over an existing file, Save asks in a modal and writes nothing until Overwrite or Replace.
void TrainingPanel::draw_save_path() {
  const PathField save{"##save-path", "file to save the model to (.dlm)",
                       "Where Save model writes; an existing file is replaced only if you say so",
                       "Save model##path", "path-save"};
  if (path_field(save, save_path_, sizeof save_path_, host_.model() != nullptr))
    save_to_path(save_path_);

  const char* title =
      asked_calm_ ? "Replace the model file?###save-question" : "Overwrite a file?###save-question";
  if (!save_question_.empty() && !ImGui::IsPopupOpen("###save-question")) ImGui::OpenPopup(title);
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
  ImGui::TextUnformatted(save_question_.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  if (button(asked_calm_ ? "Replace" : "Overwrite", "save-overwrite")) {
    confirm_save();
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  const bool cancel = button("Cancel", "save-cancel");
  // Escape leaves the file alone too; an answer given outside the modal (a test) closes it.
  if (cancel || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) ||
      save_question_.empty()) {
    cancel_save();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace digitlab
