// App: loading (model, samples), test digits into the pad and the one-window frame.
//   load_model_bytes / load_samples  - all-or-nothing, errors kept for the UI
//   frame                            - header, message line, then the columns (draw_panels.cpp)
//   update_keyboard_nav              - arrows for test digits, or ImGui's keyboard navigation
#include "app.h"

#include <imgui.h>
#include <imgui_internal.h>  // SetNextWindowScroll: the page's scroll applies in this frame

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "data/formats.h"
#include "network/evaluate.h"
#include "text_format.h"
#include "widgets.h"

namespace digitlab {
namespace {

void text_colored(ImU32 color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
}

}  // namespace

Status App::load_model_bytes(const uint8_t* data, size_t size) {
  Result<Model> loaded = load_digit_model(data, size);
  if (!loaded) {
    show_error("Cannot use this model: " + loaded.error());
    return fail(last_error_);
  }
  model_ = std::move(*loaded);
  training_.show_model_settings(*model_);
  last_error_.clear();
  classify();
  return Status::success();
}

Status App::load_samples(const uint8_t* images, size_t images_size, const uint8_t* labels,
                         size_t labels_size) {
  Result<Dataset> parsed = parse_idx(images, images_size, labels, labels_size);
  if (!parsed) {
    show_error("Cannot use these samples: " + parsed.error());
    return fail(last_error_);
  }
  samples_ = std::move(*parsed);
  index_ = 0;
  sample_version_ = ~uint64_t{0};  // a digit in the pad came from the old samples
  last_error_.clear();
  classify();
  return Status::success();
}

void App::show_error(std::string message) {
  last_error_ = std::move(message);
  training_.clear_notice();  // the message line shows one event: this one
}

bool App::set_ui_scale(float scale) {
  const float exact = pixel_exact_scale(scale);
  if (exact == ui_scale_) return false;
  ui_scale_ = exact;
  fonts_ = apply_ui_style(exact);
  return true;
}

void App::select_sample(size_t index) {
  if (samples_.size() == 0) return;
  index_ = std::min(index, samples_.size() - 1);
  show_image(samples_.image(index_), samples_.labels[index_]);
}

void App::show_image(const uint8_t* pixels, int label) {
  pad_.load_image(pixels, kImageSide);
  sample_version_ = pad_.version();
  shown_label_ = label;
  classify();
}

void App::step_sample(int delta) {
  const auto n = static_cast<long long>(samples_.size());
  if (n == 0) return;
  const long long next = (static_cast<long long>(index_) + delta % n + n) % n;
  select_sample(static_cast<size_t>(next));
}

int App::true_label() const {
  return pad_.version() == sample_version_ ? shown_label_ : -1;
}

int App::prediction() const {
  return has_outputs_ ? argmax(outputs_.data(), kClasses) : -1;
}

void App::handle_keys() {
  // Arrow keys load test digits into the pad and Delete (or Backspace) clears it, unless a
  // text field has the keyboard, or the arrows belong to ImGui's keyboard navigation.
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  handle_digit_keys();
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Delete)) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)))
    pad_.clear();
  if (io.ConfigFlags & ImGuiConfigFlags_NavEnableKeyboard) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) step_sample(-1);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) step_sample(+1);
}

void App::update_keyboard_nav() {
  // ImGui's keyboard navigation and the test-digit arrows want the same keys. Tab (which
  // ImGui always takes: it moves the focus to the next widget) starts navigating: from then on
  // the arrows move the focus and Space or Enter presses, until a mouse click or Escape gives
  // the arrows back to the test digits. Decided after the frame, for the next one.
  ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab), false) && !io.WantTextInput)
    keyboard_nav_ = true;
  if (ImGui::IsAnyMouseDown() || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
    keyboard_nav_ = false;
  if (keyboard_nav_)
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  else
    io.ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
}

void App::end_frame(double frame_seconds) {
  pacer_.note_frame(frame_seconds - training_.session().last_update_seconds());
}

void App::frame() {
  handle_keys();
  const bool interacting = ImGui::IsAnyMouseDown() || ImGui::GetIO().WantTextInput;
  // A host with its own thread or worker needs no share of the frame: update() only takes in
  // its messages then (and the frame is drawn at the display's pace).
  training_.frame_budget_seconds =
      training_.session().wants_frame_time() ? pacer_.budget_seconds(interacting) : 0.0;
  training_.session().set_extra_train(my_digits_.mix_into_training ? &my_digits_.digits().dataset()
                                                                   : nullptr);
  training_.update();  // a slice of training first, so this frame's answer uses the new weights
  use_picture_textures(textures_.get());

  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  if (scroll_request_ >= 0) ImGui::SetNextWindowScroll(ImVec2(-1.0f, scroll_request_));
  // Focused from the start, so the first Tab already moves to a widget (update_keyboard_nav).
  if (!ImGui::IsWindowFocused(ImGuiFocusedFlags_AnyWindow)) ImGui::SetNextWindowFocus();
  scroll_request_ = -1;
  // No background: the shells' clear paints it in the style's WindowBg (app_frame.cpp). A
  // window-sized quad on top of it would double the pixels a software renderer (a browser
  // without a GPU) fills every frame, on the cores a training worker needs.
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                           ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                           ImGuiWindowFlags_NoSavedSettings |
                           ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;
  if (page_scrolls_) flags |= ImGuiWindowFlags_NoScrollbar;  // the page's scrollbar instead
  ImGui::Begin("digitlab", nullptr, flags);

  rects_.clear();
  text_colored(kAccentColor, "digitlab");
  const char* tagline = "a neural network reading handwritten digits";
  const ImGuiStyle& style = ImGui::GetStyle();
  const float about_width = ImGui::CalcTextSize("About").x + style.FramePadding.x * 2.0f;
  ImGui::SameLine();
  // A narrow (phone) screen: the name and About alone.
  if (ImGui::CalcTextSize(tagline).x + about_width + style.ItemSpacing.x <=
      ImGui::GetContentRegionAvail().x)
    ImGui::TextDisabled("%s", tagline);
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - about_width);
  if (ImGui::SmallButton("About")) about_.open();
  rects_.note_last_item("about");
  draw_model_line();
  model_menu_.draw_question(rects_);  // "Replace the current model?" while asking
  draw_message_line();
  ImGui::Separator();
  ImGui::Spacing();

  draw_columns();
  about_.draw(model_ ? &*model_ : nullptr);
  scroll_y_ = ImGui::GetScrollY();
  scroll_max_y_ = ImGui::GetScrollMaxY();
  ImGui::End();
  update_keyboard_nav();
  if (textures_) textures_->end_frame();
  use_picture_textures(nullptr);
}

void App::set_texture_backend(std::unique_ptr<TextureBackend> backend) {
  textures_ = backend ? std::make_unique<PictureTextures>(std::move(backend)) : nullptr;
}

void App::draw_message_line() {
  // A line for the latest event: an error (red) or a notice of something that went well
  // (green). Its height is reserved whether or not a message shows, so nothing below it moves
  // when one appears: one line on a wide window (80 em: most messages fit), two on a narrow
  // one; a longer message is cut there and shown whole on hover.
  const bool error = !last_error_.empty();
  const std::string& text = error ? last_error_ : training_.notice();
  const bool wide = ImGui::GetContentRegionAvail().x >= 80.0f * ImGui::GetFontSize();
  const float height = (wide ? 1.0f : 2.0f) * ImGui::GetTextLineHeightWithSpacing();
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNav;
  ImGui::BeginChild("message", ImVec2(0.0f, height), false, flags);
  if (!text.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, error ? kErrorColor : kTrueLabelColor);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
  }
  const bool cut = ImGui::GetCursorPosY() > height + ImGui::GetStyle().ItemSpacing.y;
  ImGui::EndChild();
  if (cut) whole_text_on_hover(text);
}

void App::draw_model_line() {
  model_menu_.draw(rects_);  // its button, then the line goes on
  if (!model_) {
    ImGui::TextDisabled("No model loaded");
    return;
  }
  const TrainingProgress& p = model_->progress;
  const Network& net = model_->network;
  // The core's description ("784-256-128-10 relu, softmax-ce, biases"); the book's says so.
  const std::string what =
      describe(net.architecture()) + (net.architecture().is_book() ? " sigmoid (the book's)" : "");
  const std::string params =
      thousands_text(net.weights().size()) + " weights" +
      (net.has_bias() ? " + " + thousands_text(net.biases().size()) + " biases" : "");
  // Wrapped, so a narrow screen shows all of it.
  ImGui::TextWrapped("Model: %s  |  %s  |  lr %.3g  |  %s, %s samples seen", what.c_str(),
                     params.c_str(), static_cast<double>(model_->config.learning_rate),
                     count_text(p.epochs, "epoch").c_str(), thousands_text(p.samples).c_str());
}

// The right-hand column: data, training and the model file (training_panel.h).
void App::draw_side_panel() {
  training_.augment().preview().choose_digit(preprocessed(), training_.session().data().train);
  training_.draw();
}

}  // namespace digitlab
