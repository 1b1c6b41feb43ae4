// App: the app's state and its ImGui UI, shared by the desktop and the web shells.
// It sees bytes and ImGui only: the shells read files (or the browser's preloaded FS), own the
// window and GL, and call frame() between ImGui::NewFrame() and ImGui::Render().
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "about_panel.h"
#include "data/dataset.h"
#include "data/model_file.h"
#include "draw_pad.h"
#include "inside_view.h"
#include "model_host.h"
#include "model_menu.h"
#include "my_digits_store.h"
#include "my_digits_view.h"
#include "picture_textures.h"
#include "recent_times.h"
#include "result.h"
#include "style.h"
#include "training_panel.h"

namespace digitlab {

class App {
 public:
  // A bad file leaves the current model/samples untouched; the message is returned and also
  // kept in last_error() for the UI. A good one clears last_error().
  Status load_model_bytes(const uint8_t* data, size_t size);
  Status load_samples(const uint8_t* images, size_t images_size, const uint8_t* labels,
                      size_t labels_size);

  // Shows a message the shell ran into (e.g. a file it could not read) like a load error.
  void show_error(std::string message);

  // Fonts and style for a UI scale (1 = 96 dpi). Call outside a frame; returns true when the
  // font atlas was rebuilt, so the renderer must re-upload its font texture.
  bool set_ui_scale(float scale);

  // Draws one frame of the UI into the current ImGui context. Its training slice gets what the
  // frame pacer's target frame length leaves after the rest of the frame (training_session.h),
  // shorter while the user draws or types.
  void frame();
  // The platform's GPU textures for the inside views' pictures (picture_textures.h); without
  // them (headless tests) pictures are drawn as rectangles. Set once, before the first frame.
  void set_texture_backend(std::unique_ptr<TextureBackend> backend);
  const PictureTextures* textures() const { return textures_.get(); }

  // Where training runs are carried out (training_host.h): the desktop shell gives a
  // ThreadTrainingHost, the page a worker's; without a call, the main thread between frames.
  // Call before the first run (a run under way is dropped).
  void use_training_host(std::unique_ptr<TrainingHost> host) {
    training_.session().use_host(std::move(host));
  }

  // After the shell has rendered the frame: its whole length in seconds (UI, training, GL; not
  // the wait for the display), for the pacer to size the next frame's training slice.
  void end_frame(double frame_seconds);

  // Scrolling by the page (the web shell): the window draws no scrollbar of its own; the page
  // is as tall as the window's content (scroll_max_y() + the window's height) and scrolls
  // natively, so a finger's swipe scrolls it. The shell passes the page's scroll position in
  // with scroll_to() (applied at the next frame) and reads the window's back with scroll_y()
  // after each frame, since the mouse wheel and keyboard navigation scroll it too.
  void set_page_scrolls(bool page_scrolls) { page_scrolls_ = page_scrolls; }
  void scroll_to(float y) { scroll_request_ = y; }
  float scroll_y() const { return scroll_y_; }
  float scroll_max_y() const { return scroll_max_y_; }

  // Load a test digit into the drawing pad (clamped to the samples at hand; step wraps around).
  void select_sample(size_t index);
  void step_sample(int delta);
  // Any 28x28 image into the drawing pad (an evaluation's test image, one of my digits), with
  // its true label (-1 if none) shown as a test digit's is, until the ink changes.
  void show_image(const uint8_t* pixels, int label);

  // The drawing pad; the network answers for its ink every frame (see classify()).
  DrawPad& pad() { return pad_; }
  const DrawPad& pad() const { return pad_; }
  // Every layer's activations for the drawing, input first; empty while there is no answer.
  const std::vector<std::vector<float>>& activations() const { return activations_; }

  // Read-only state, for tests and the web page's window.digitlab.state().
  const std::optional<Model>& model() const { return model_; }  // empty until one is loaded
  size_t sample_count() const { return samples_.size(); }
  size_t sample_index() const { return index_; }
  int true_label() const;  // the label of the test digit in the pad, -1 once drawn over
  int prediction() const;  // -1 without a model or with an empty pad
  const std::array<float, kClasses>& outputs() const { return outputs_; }
  const std::string& last_error() const { return last_error_; }
  // How long answering the drawing took, in ms: the forward pass (every frame that has ink)
  // and the MNIST preprocessing (after each change of the ink), over the last frames.
  // Read-only figures for the page's benchmark (state().query, tests/bench/page_bench.mjs).
  const RecentTimes& forward_times() const { return forward_ms_; }
  const RecentTimes& preprocess_times() const { return preprocess_ms_; }

  // The training and model-file panel (training_panel.h): it trains model_ in place, takes
  // uploads and drops, and reports on last_error_, through PanelHost. The shells plug their
  // file glue into it.
  TrainingPanel& training() { return training_; }
  const TrainingPanel& training() const { return training_; }

  // The "Inside the network" section under the network column (inside_view.h).
  InsideView& inside() { return inside_; }
  const InsideView& inside() const { return inside_; }
  // The bundled models' menu at the start of the model line (model_menu.h).
  ModelMenu& model_menu() { return model_menu_; }
  const ModelMenu& model_menu() const { return model_menu_; }
  AboutPanel& about() { return about_; }
  const AboutPanel& about() const { return about_; }
  // Where the App's own named items (the About button) were drawn in the last frame.
  const ItemRects& item_rects() const { return rects_; }

  // "My digits" (my_digits_store.h, app_my_digits.cpp): the drawing as the network sees it
  // (the pad's preprocessing), added with a label by a button under the pad or a digit key.
  // A message on the error line when refused (an empty pad, the cap) or not kept.
  Status add_to_my_digits(int label);
  MyDigitsStore& my_digits() { return my_digits_; }
  const MyDigitsStore& my_digits() const { return my_digits_; }
  const MyDigitsView& my_digits_view() const { return my_digits_view_; }

 private:
  // Re-queries the network for the pad's ink. Run every frame, not only when the ink changes,
  // because training changes the weights under it. In draw_panels.cpp, like the three columns.
  void classify();
  // The pad's preprocessing (redone by the pad after a change of the ink), timed when redone.
  const Preprocessed& preprocessed();
  void handle_keys();
  void handle_digit_keys();  // app_my_digits.cpp
  void draw_columns();       // pad | network | side panel, or stacked on a narrow screen
  void draw_pad_column(float width);
  void draw_network_column(float width, float height);
  // The open Inside section, a screen's height below the columns (the window scrolls to it).
  void draw_inside_body(float width, float height);
  // The right-hand column: the training and model-file panel (training_panel.h); width is
  // fixed by draw_columns(), height is the window's.
  void draw_side_panel();
  void draw_model_line();
  void draw_message_line();
  void update_keyboard_nav();

  // What the training panel sees of the App (model_host.h): the model and the error line.
  class PanelHost final : public ModelHost {
   public:
    explicit PanelHost(App& app) : app_(app) {}
    Model* model() override { return app_.model_ ? &*app_.model_ : nullptr; }
    const Model* model() const override { return app_.model_ ? &*app_.model_ : nullptr; }
    // The drawing is answered again at once: nothing drawn later in this frame may pair the
    // old network's activations with the new network.
    Model& adopt(Model model) override {
      Model& adopted = app_.model_.emplace(std::move(model));
      app_.classify();
      return adopted;
    }
    void report(std::string message) override { app_.last_error_ = std::move(message); }
    const std::string& error() const override { return app_.last_error_; }

   private:
    App& app_;
  };

  std::optional<Model> model_;
  Dataset samples_;
  size_t index_ = 0;
  DrawPad pad_;
  uint64_t sample_version_ = ~uint64_t{0};  // pad_.version() right after a test digit loaded
  int shown_label_ = -1;                    // that digit's label (select_sample, show_image)
  std::vector<std::vector<float>> activations_;
  std::array<float, kClasses> outputs_{};
  bool has_outputs_ = false;
  std::string last_error_;
  RecentTimes forward_ms_, preprocess_ms_;
  uint64_t timed_version_ = ~uint64_t{0};  // pad_.version() when preprocessing was last timed
  float ui_scale_ = 0;                     // 0 = set_ui_scale() not called yet
  bool page_scrolls_ = false;
  bool keyboard_nav_ = false;  // update_keyboard_nav()
  float scroll_request_ = -1;  // -1: none
  float scroll_y_ = 0, scroll_max_y_ = 0;
  UiFonts fonts_;
  InsideView inside_;
  AboutPanel about_;
  ItemRects rects_;
  std::unique_ptr<PictureTextures> textures_;
  MyDigitsStore my_digits_;
  MyDigitsView my_digits_view_{my_digits_};
  PanelHost panel_host_{*this};
  TrainingPanel training_{panel_host_};  // after what it refers to
  ModelMenu model_menu_{panel_host_, training_};
  FramePacer pacer_;  // how long each frame trains
};

}  // namespace digitlab
