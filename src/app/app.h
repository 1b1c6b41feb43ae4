// App: the digit viewer's state and its ImGui UI, shared by the desktop and the web shells.
// It sees bytes and ImGui only: the shells read files (or the browser's preloaded FS), own the
// window and GL, and call frame() between ImGui::NewFrame() and ImGui::Render().
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "dataset.h"
#include "model_file.h"
#include "result.h"
#include "style.h"

namespace digitlab {

class App {
 public:
  // A bad file leaves the current model/samples untouched; the message is returned and also
  // kept in last_error() for the UI. A good one clears last_error().
  Status load_model_bytes(const uint8_t* data, size_t size);
  Status load_samples(const uint8_t* images, size_t images_size, const uint8_t* labels,
                      size_t labels_size);

  // Shows a message the shell ran into (e.g. a file it could not read) like a load error.
  void show_error(std::string message) { last_error_ = std::move(message); }

  // Fonts and style for a UI scale (1 = 96 dpi). Call outside a frame; returns true when the
  // font atlas was rebuilt, so the renderer must re-upload its font texture.
  bool set_ui_scale(float scale);

  // Draws one frame of the UI into the current ImGui context.
  void frame();

  void select_sample(size_t index);  // clamped to the samples at hand
  void step_sample(int delta);       // wraps around

  // Read-only state, for tests and the web page's window.digitlab.state().
  bool has_model() const { return has_model_; }
  const Model& model() const { return model_; }
  size_t sample_count() const { return samples_.size(); }
  size_t sample_index() const { return index_; }
  int true_label() const;  // -1 without samples
  int prediction() const;  // -1 without a model or samples
  const std::array<float, kClasses>& outputs() const { return outputs_; }
  const std::string& last_error() const { return last_error_; }

 private:
  void classify();  // recomputes outputs_ for the current sample
  void handle_keys();
  void draw_sample_panel(float digit_side);
  void draw_result_panel(float height);  // 0 = natural height
  void draw_model_line();

  Model model_;
  bool has_model_ = false;
  Dataset samples_;
  size_t index_ = 0;
  std::array<float, kClasses> outputs_{};
  bool has_outputs_ = false;
  std::string last_error_;
  float ui_scale_ = 0;  // 0 = set_ui_scale() not called yet
  UiFonts fonts_;
};

}  // namespace digitlab
