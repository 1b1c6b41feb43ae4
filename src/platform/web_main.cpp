// Web shell: Emscripten's built-in GLFW on a WebGL2 canvas around the shared App.
// The browser owns the loop (emscripten_set_main_loop calls frame() once per animation frame)
// and the page lives until the tab closes, so there is no teardown. web/index.html provides
// the canvas, the loading and error states; this file sizes the canvas for high-DPI screens,
// keeps the page's scrolling and the app's in step (follow_page_scroll, set_page_scroll), and
// publishes window.digitlab = { ready, state(), padRect(), framesDrawn(), frameTimes(),
// newTrainingHost() } once the first frame is drawn. Idle (src/app/idle_gate.h) it skips
// animation frames; index.html?idle=off never does.
// Training runs in a Web Worker (worker_training_host.h); index.html?worker=off keeps it on the
// main thread, between frames, as the fallback does.
#include <emscripten.h>
#include <emscripten/html5.h>
#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app.h"
#include "app_frame.h"
#include "assets.h"
#include "gl_textures.h"
#include "idle_gate.h"
#include "json_text.h"
#include "key_taps.h"
#include "page_state.h"
#include "wake_signal.h"
#include "web_files.h"
#include "worker_training_host.h"

namespace {

struct Shell {
  GLFWwindow* window = nullptr;
  digitlab::App app;
  long frame_count = 0;
  double page_y = 0;  // the page's scroll position after the last frame, in canvas pixels
  digitlab::FrameTimes frame_times;  // for state()'s frameMsMax and slowFrames
  digitlab::IdleGate gate;
  const digitlab::WorkerTrainingHost* trainer = nullptr;  // owned by the app's session
};
// emscripten_set_main_loop unwinds main()'s stack, so the shell must outlive it.
Shell g_shell;

// clang-format off
EM_JS(void, js_publish_ready, (), {
  window.digitlab = {
    ready: true,
    // Reading the state wakes an idle page: a test that reads it wants frames to follow.
    // state({ wake: false }) does not: a benchmark's readings add no frames to what it measures.
    state: function(options) {
      var wake = !(options && options.wake === false);
      return JSON.parse(UTF8ToString(_digitlab_state_json(wake ? 1 : 0)));
    },
    // The frames drawn so far, without waking the page (tests/web/idle.mjs).
    framesDrawn: function() { return _digitlab_frames_drawn(); },
    // A new training host in place of the page's (the session's use_host: the new one is made
    // before the old one ends), so a test can see each host end only its own worker.
    newTrainingHost: function() { _digitlab_new_training_host(); },
    // The app's own frame lengths (ms) since the last call (tests/bench/page_bench.mjs).
    frameTimes: function() { return JSON.parse(UTF8ToString(_digitlab_frame_times_json())); },
    // The drawing pad in the page's CSS pixels, from its framebuffer pixels and the canvas's
    // box, so a test can draw on it with real pointer events.
    padRect: function() {
      var pad = JSON.parse(UTF8ToString(_digitlab_pad_rect_json()));
      var canvas = Module['canvas'], box = canvas.getBoundingClientRect();
      var sx = box.width / canvas.width, sy = box.height / canvas.height;
      return { x: box.left + pad[0] * sx, y: box.top + pad[1] * sy,
               width: pad[2] * sx, height: pad[3] * sy };
    }
  };
  if (Module['onAppReady']) Module['onAppReady']();
});

EM_JS(void, js_show_error, (const char* message), {
  if (Module['showError']) Module['showError'](UTF8ToString(message));
});

// A moment of the start-up on the page's clock, for tests/bench/page_bench.mjs's breakdown of
// the first frame (performance marks cost nothing worth counting).
EM_JS(void, js_mark, (const char* name), { performance.mark('digitlab:' + UTF8ToString(name)); });

EM_JS(double, js_page_scroll_y, (), { return window.scrollY; });
EM_JS(int, js_idle_off, (), { return new URLSearchParams(location.search).get('idle') === 'off'; });
EM_JS(int, js_worker_off, (), {
  return new URLSearchParams(location.search).get('worker') === 'off';
});
EM_JS(void, js_scroll_page_to, (double y), { window.scrollTo(window.scrollX, y); });
EM_JS(void, js_set_page_extent, (double height), {
  if (Module['setPageExtent']) Module['setPageExtent'](height);
});

// Browser.setCanvasSize also tells Emscripten's GLFW, which then reports the new window and
// framebuffer size (glfwSetWindowSize would try fullscreen when the size equals the screen's).
EM_JS(void, js_set_canvas_size, (int width, int height), {
  Browser.setCanvasSize(width, height);
});
// clang-format on

// The page lays the canvas out in CSS pixels (the whole window); its backing store gets
// CSS size x devicePixelRatio pixels so nothing is upscaled, and ImGui draws in those pixels
// with fonts and style scaled to match. Returns the device pixel ratio.
double fit_canvas_to_page(Shell& s) {
  double css_width = 0, css_height = 0;
  emscripten_get_element_css_size("#canvas", &css_width, &css_height);
  const double ratio = std::max(emscripten_get_device_pixel_ratio(), 0.25);
  const int width = std::max(1, static_cast<int>(std::lround(css_width * ratio)));
  const int height = std::max(1, static_cast<int>(std::lround(css_height * ratio)));
  int current_width = 0, current_height = 0;
  glfwGetWindowSize(s.window, &current_width, &current_height);
  if (width != current_width || height != current_height) {
    js_set_canvas_size(width, height);  // which clears the canvas: draw it again
    digitlab::wake_next_frame();
  }
  return ratio;
}

// The page scrolls, not the app's window (index.html): a scroll of the page since the last
// frame (a swipe, the page's scrollbar) moves the app's content with it.
void follow_page_scroll(Shell& s, double ratio) {
  const double y = js_page_scroll_y() * ratio;
  if (std::abs(y - s.page_y) >= 1.0) {
    s.app.scroll_to(static_cast<float>(y));
    digitlab::wake_next_frame();  // no GLFW event for the page's own scrolling
  }
  s.page_y = y;
}

// After the frame: the page as long as the app's content, scrolled where the app's window is
// (the mouse wheel, which the canvas takes, and keyboard navigation scroll the window).
void set_page_scroll(Shell& s, double ratio) {
  double css_width = 0, css_height = 0;
  emscripten_get_element_css_size("#canvas", &css_width, &css_height);
  js_set_page_extent(std::ceil(css_height + s.app.scroll_max_y() / ratio));
  if (std::abs(s.app.scroll_y() - s.page_y) >= 1.0) {
    js_scroll_page_to(s.app.scroll_y() / ratio);
    s.page_y = js_page_scroll_y() * ratio;  // as the browser rounded it
  }
}

// The UI's scale: the device pixel ratio, doubled (tripled...) on a window so big that the
// layout at 1 would leave 13 px text in a sea of space (a 4K screen at 100%): a whole multiple
// per 1800 x 1000 CSS px, so a 3840 x 2160 window gets the layout of a 1920 x 1080 one.
double ui_scale(double ratio) {
  double css_width = 0, css_height = 0;
  emscripten_get_element_css_size("#canvas", &css_width, &css_height);
  return ratio * std::max(1.0, std::floor(std::min(css_width / 1800.0, css_height / 1000.0)));
}

void frame() {
  Shell& s = g_shell;
  const double start_ms = emscripten_get_now();  // for state().frameMsMax
  if (s.frame_count == 0) js_mark("frame");
  const double ratio = fit_canvas_to_page(s);
  follow_page_scroll(s, ratio);
  const double now = start_ms / 1e3;
  const bool input = digitlab::take_wake();
  if (input) s.gate.wake(now);
  const bool news = digitlab::take_draw_request();  // the training worker's: this frame only
  // Idle: skip this animation frame. Nothing is drawn, so the canvas keeps its last picture
  // and the browser composites nothing new.
  if (!news && !s.gate.should_draw(now)) return;
  digitlab::draw_app_frame(s.app, s.window, static_cast<float>(ui_scale(ratio)));
  set_page_scroll(s, ratio);
  // No swap: the browser presents the canvas when this callback returns.
  const double frame_ms = emscripten_get_now() - start_ms;
  s.app.end_frame(frame_ms / 1e3);
  s.frame_times.note(frame_ms);
  // A run in the worker draws a frame per message (draw_next_frame), not every refresh.
  s.gate.drew(digitlab::frame_signs(s.app, input, /*run_draws_on_news=*/true),
              emscripten_get_now() / 1e3);

  if (++s.frame_count == 1) {
    js_mark("first-frame");
    js_publish_ready();
  }
}

}  // namespace

// What window.digitlab.state() returns (as JSON): enough for a test to see what is on screen.
// Built in page_state.cpp; frameMsMax is the longest frame since the previous call.
extern "C" EMSCRIPTEN_KEEPALIVE const char* digitlab_state_json(int wake) {
  Shell& s = g_shell;
  if (wake) digitlab::wake_next_frame();
  digitlab::ShellFacts facts;
  facts.frames = s.frame_count;
  glfwGetFramebufferSize(s.window, &facts.canvas_width, &facts.canvas_height);
  facts.keyboard_nav = (ImGui::GetIO().ConfigFlags & ImGuiConfigFlags_NavEnableKeyboard) != 0;
  facts.frame_ms_max = s.frame_times.max_ms();
  facts.slow_frames = s.frame_times.slow_frames();
  s.frame_times.reset_max();
  facts.trainer = s.trainer ? s.trainer->trainer() : "main";
  static std::string json;
  json = digitlab::page_state_json(s.app, facts);
  return json.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE void digitlab_new_training_host() {
  Shell& s = g_shell;
  auto trainer = std::make_unique<digitlab::WorkerTrainingHost>(!js_worker_off());
  s.trainer = trainer.get();
  s.app.use_training_host(std::move(trainer));
  digitlab::wake_next_frame();
}

extern "C" EMSCRIPTEN_KEEPALIVE double digitlab_frames_drawn() {
  return static_cast<double>(g_shell.frame_count);
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* digitlab_frame_times_json() {
  const std::vector<double> ms = g_shell.frame_times.take_recent();
  static std::string json;
  json.clear();
  digitlab::json_numbers(json, ms.data(), ms.size());
  return json.c_str();
}

// The pad's rectangle as [x, y, width, height] in framebuffer pixels (the canvas's own).
extern "C" EMSCRIPTEN_KEEPALIVE const char* digitlab_pad_rect_json() {
  const digitlab::PadRect r = g_shell.app.pad().rect();
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  const float values[4] = {r.x * scale.x, r.y * scale.y, r.width * scale.x, r.height * scale.y};
  static std::string json;
  json.clear();
  digitlab::json_numbers(json, values, 4);
  return json.c_str();
}

int main() {
  Shell& s = g_shell;
  js_mark("main");
  if (!glfwInit()) {
    js_show_error("The window system (GLFW) could not start.");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);  // WebGL2 (the build sets MIN_WEBGL_VERSION=2)
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  s.window = glfwCreateWindow(640, 480, "digitlab", nullptr, nullptr);
  if (!s.window) {
    js_show_error("WebGL2 is not available in this browser.");
    return 1;
  }
  glfwMakeContextCurrent(s.window);
  const double ratio = fit_canvas_to_page(s);
  js_mark("webgl");

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no file system worth writing to
  s.app.set_page_scrolls(true);          // index.html's #space: see set_page_scroll
  s.app.set_ui_scale(static_cast<float>(ui_scale(ratio)));  // before the renderer uploads the atlas
  ImGui_ImplGlfw_InitForOpenGL(s.window, true);
  digitlab::hold_back_quick_key_releases(s.window);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  s.app.set_texture_backend(digitlab::make_gl_textures());
  js_mark("imgui");

  // Preloaded into the virtual FS by the build (--preload-file ...@/assets).
  for (const std::string& problem : digitlab::load_assets(s.app, "/assets"))
    std::fprintf(stderr, "digitlab: %s\n", problem.c_str());
  js_mark("assets");
  digitlab::install_web_files(s.app, "/assets");  // uploads, MNIST, the kept model
  digitlab::install_wake_on_input(s.window);      // last: wraps every callback above
  // The page's training host; its worker is created with the first datasets
  // (worker_training_host.h), not during the start-up.
  digitlab_new_training_host();
  s.gate.set_enabled(!js_idle_off());
  js_mark("setup");

  emscripten_set_main_loop(frame, 0, true);
  return 0;
}
