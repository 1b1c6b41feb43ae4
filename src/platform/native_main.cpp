// Desktop shell: a GLFW window with an OpenGL 3 context around the shared App.
//   digitlab-app [--assets DIR] [--data-dir DIR] [--frames N] [--screenshot out.png]
//                [--open FILE]... [--save FILE] [--print-state]
//                [--size WxH] [--sample N] [--inside TAB] [--model NAME]
//                [--augment SPEC] [--no-idle] [--train-on-main-thread]
// Training runs on its own thread (ThreadTrainingHost), which wakes the window when it has news;
// --train-on-main-thread trains between frames instead, as the page's fallback does (to compare).
// Idle (no input, nothing running) the app draws two frames a second (src/app/idle_gate.h);
// --no-idle draws every refresh, as does --frames, whose scripts count frames. --frames renders
// N frames and exits; --screenshot saves the last one (default 30 frames),
// which is how tests/app_smoke.sh looks at the real UI under xvfb; --print-state says at exit
// which model the app ended with (tests/app_restart.sh: the kept model survives a restart) and
// its last test-set evaluation's matrix (tests/app_evaluation.sh: the same as `digitlab eval`).
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
// glfw3.h brings the system's GL 1.x header, enough for the few calls made here; the ImGui
// backend loads the GL 3 functions it needs itself.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "app.h"
#include "app_frame.h"
#include "assets.h"
#include "data/crc32.h"
#include "data/formats.h"
#include "desktop_files.h"
#include "desktop_kept_model.h"
#include "gl_textures.h"
#include "idle_gate.h"
#include "image/augment_spec.h"
#include "key_taps.h"
#include "text_format.h"
#include "thread_training_host.h"
#include "wake_signal.h"

namespace {

struct Options {
  std::string assets = DIGITLAB_ASSETS_DIR;
  std::string data_dir = digitlab::desktop_data_dir();  // where the last model is kept
  long frames = 0;                                      // 0 = until the window is closed
  std::string screenshot;
  std::vector<std::string> open;  // files handed over as if dropped onto the window
  std::string save;  // typed into the Save field and pressed, once --open's files are read
  bool print_state = false;
  int width = 1100, height = 720;  // the window's size
  long sample = -1;                // a test digit in the pad from the start
  std::string inside;              // InsideView::tab_named: the Inside section opened on that tab
  std::string model;               // a bundled model's name (models.txt) to start with
  std::string augment;             // parse_augment's form: the panel's augmentation, shown
  bool idle = true;                // IdleGate on: frames only when something changes
  bool train_on_thread = true;     // false: --train-on-main-thread
};

struct Shell {
  GLFWwindow* window = nullptr;
  digitlab::App app;
  Options options;
  long frame_count = 0;
  bool screenshot_failed = false;
  bool save_pressed = false;
  digitlab::IdleGate gate;
};

const char* const kUsage =
    "usage: digitlab-app [--assets DIR] [--frames N] [--screenshot out.png]\n"
    "  --assets DIR      folder with pretrained.dlm, samples-images.idx, samples-labels.idx\n"
    "  --data-dir DIR    keep the last model in DIR/last-model.dlm (default:\n"
    "                    $XDG_DATA_HOME/digitlab, else ~/.local/share/digitlab)\n"
    "  --frames N        render N frames, then exit\n"
    "  --screenshot PNG  save the last frame as a PNG (with no --frames: after 30 frames)\n"
    "  --open FILE       load a model or dataset file as if dropped onto the window (repeatable)\n"
    "  --save FILE       type FILE into the Save field and press Save model (after --open);\n"
    "                    over an existing file the app asks first, as it does for a click\n"
    "  --size WxH        the window's size (default 1100x720), e.g. 400x844 for a phone\n"
    "  --model NAME      start with the bundled model NAME (the menu's names, as in the page's\n"
    "                    index.html?model=NAME; an unknown one: a message, and the default)\n"
    "  --sample N        put test digit N in the pad\n"
    "  --inside TAB      open the Inside section on a tab (weights, why, pictures, compare,\n"
    "                    ...: a tab's name in lower case, spaces as '-')\n"
    "  --augment SPEC    set the training panel's augmentation (the CLI's --augment form, e.g.\n"
    "                    rotate=12,elastic=34:4) and open its fold, scrolled to the preview\n"
    "  --no-idle         redraw every display refresh even when nothing changes (to compare:\n"
    "                    idle, the app draws two frames a second and wakes on input)\n"
    "  --train-on-main-thread  train between frames on the UI's thread, as the page does\n"
    "                    without its worker (default: on a thread of its own)\n"
    "  --print-state     at exit, print the model (layer sizes, the CRC-32 its .dlm stores),\n"
    "                    whether it is kept, the bundled model's name if one is in use, the\n"
    "                    panel's last notice and error, the questions Save and the model menu\n"
    "                    are asking, if any, and the last test-set evaluation's confusion matrix\n";

bool parse_options(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--assets" && has_value) {
      options.assets = argv[++i];
    } else if (arg == "--data-dir" && has_value) {
      options.data_dir = argv[++i];
    } else if (arg == "--frames" && has_value) {
      char* end = nullptr;
      options.frames = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || options.frames < 1) return false;
    } else if (arg == "--screenshot" && has_value) {
      options.screenshot = argv[++i];
    } else if (arg == "--open" && has_value) {
      options.open.push_back(argv[++i]);
    } else if (arg == "--save" && has_value) {
      options.save = argv[++i];
    } else if (arg == "--no-idle") {
      options.idle = false;
    } else if (arg == "--train-on-main-thread") {
      options.train_on_thread = false;
    } else if (arg == "--print-state") {
      options.print_state = true;
    } else if (arg == "--size" && has_value) {
      if (std::sscanf(argv[++i], "%dx%d", &options.width, &options.height) != 2 ||
          options.width < 200 || options.height < 200 || options.width > 8192 ||
          options.height > 8192)
        return false;
    } else if (arg == "--sample" && has_value) {
      char* end = nullptr;
      options.sample = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || options.sample < 0) return false;
    } else if (arg == "--model" && has_value) {
      options.model = argv[++i];
    } else if (arg == "--inside" && has_value) {
      options.inside = argv[++i];
      if (!digitlab::InsideView::tab_named(options.inside)) return false;
    } else if (arg == "--augment" && has_value) {
      options.augment = argv[++i];
      const digitlab::Result<digitlab::AugmentConfig> augment =
          digitlab::parse_augment(options.augment);
      if (!augment) {
        std::fprintf(stderr, "digitlab-app: --%s\n", augment.error().c_str());
        return false;
      }
    } else {
      return false;
    }
  }
  if (!options.screenshot.empty() && options.frames == 0) options.frames = 30;
  return true;
}

// The back buffer of the frame just rendered (before the swap), top row first. Encoded in
// memory and saved with write_file, like every file the project writes (temporary + rename).
digitlab::Status write_screenshot(const std::string& path, int width, int height) {
  std::vector<unsigned char> rgba(static_cast<size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  // GL's rows run bottom-up; PNG's top-down. Alpha is dropped: the window is opaque.
  std::vector<unsigned char> rgb(static_cast<size_t>(width) * height * 3);
  for (int y = 0; y < height; ++y) {
    const unsigned char* src = &rgba[static_cast<size_t>(height - 1 - y) * width * 4];
    unsigned char* dst = &rgb[static_cast<size_t>(y) * width * 3];
    for (int x = 0; x < width; ++x) std::memcpy(dst + x * 3, src + x * 4, 3);
  }
  std::vector<uint8_t> png;
  auto append = [](void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    const auto* bytes = static_cast<const uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
  };
  if (!stbi_write_png_to_func(append, &png, width, height, 3, rgb.data(), width * 3))
    return digitlab::fail("cannot encode the screenshot as PNG");
  return digitlab::write_file(path, png);
}

void frame(Shell& s) {
  // Idle: sleep until an event or the next idle frame, instead of drawing every refresh.
  const double wait = s.gate.wait_seconds(glfwGetTime());
  if (wait > 0)
    glfwWaitEventsTimeout(wait);
  else
    glfwPollEvents();
  const bool input = digitlab::take_wake();
  digitlab::TrainingPanel& panel = s.app.training();
  if (!s.options.save.empty() && !s.save_pressed && !panel.files_waiting()) {
    s.save_pressed = true;
    panel.set_save_path(s.options.save);
    panel.save_to_path(s.options.save);
  }
  const double start = glfwGetTime();
  float scale_x = 1, scale_y = 1;
  glfwGetWindowContentScale(s.window, &scale_x, &scale_y);
  const digitlab::FramebufferSize size = digitlab::draw_app_frame(s.app, s.window, scale_x);
  s.app.end_frame(glfwGetTime() - start);  // before the swap, which waits for the display
  s.gate.drew(digitlab::frame_signs(s.app, input), glfwGetTime());

  ++s.frame_count;
  if (!s.options.screenshot.empty() && s.frame_count == s.options.frames) {
    if (digitlab::Status w = write_screenshot(s.options.screenshot, size.width, size.height); !w) {
      std::fprintf(stderr, "digitlab-app: %s\n", w.error().c_str());
      s.screenshot_failed = true;
    }
  }
  glfwSwapBuffers(s.window);
}

// One "key value" line each, for scripts.
void print_state(const digitlab::App& app) {
  if (app.model()) {
    const std::vector<uint8_t> bytes = digitlab::save_model(*app.model());
    // The CRC-32 of the bytes before the file's own CRC (a CRC over data and its CRC is the
    // same for every file): what the .dlm stores in its last four bytes.
    std::printf("model %s crc32 %08x\n", digitlab::layer_sizes_text(app.model()->network).c_str(),
                digitlab::crc32(bytes.data(), bytes.size() - 4));
  } else {
    std::printf("model none\n");
  }
  std::printf("kept %s\n", app.training().model_is_kept() ? "yes" : "no");
  std::printf("bundled %s\n", app.model_menu().current_name().c_str());
  std::printf("notice %s\n", app.training().notice().c_str());
  std::printf("error %s\n", app.last_error().c_str());
  std::printf("asking %s\n", app.training().save_question().c_str());
  std::printf("model-asking %s\n", app.model_menu().question().c_str());
  // The kept test-set evaluation's matrix, a row per true label, as `digitlab eval` counts it.
  if (const digitlab::TestEvaluation* kept = app.training().session().last_evaluation()) {
    for (int a = 0; a < digitlab::kClasses; ++a) {
      std::printf("confusion %d:", a);
      for (uint32_t n : kept->eval.confusion[a]) std::printf(" %u", n);
      std::printf("\n");
    }
  } else {
    std::printf("confusion none\n");
  }
}

void print_glfw_error(int code, const char* message) {
  std::fprintf(stderr, "digitlab-app: GLFW error %d: %s\n", code, message);
}

}  // namespace

int main(int argc, char** argv) {
  // Past a file-size limit (ulimit -f) the kernel would kill the app with SIGXFSZ in the middle
  // of a write (Save, the kept model), losing the unsaved model and leaving write_file's
  // temporary file behind; ignored, the write fails with EFBIG, write_file cleans up, and the
  // app says so like a full disk and goes on.
  std::signal(SIGXFSZ, SIG_IGN);
  Shell s;
  if (!parse_options(argc, argv, s.options)) {
    std::fputs(kUsage, stderr);
    return 2;
  }

  glfwSetErrorCallback(print_glfw_error);
  if (!glfwInit()) return 1;
  // GL 3.0 and GLSL 130, as ImGui's own GLFW example: the oldest that the backend supports
  // fully, so old drivers and Mesa's software renderer (xvfb) work too.
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  s.window = glfwCreateWindow(s.options.width, s.options.height, "digitlab", nullptr, nullptr);
  if (!s.window) {
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(s.window);
  glfwSwapInterval(1);

  // The training thread's news (progress, weights, a run's end) wakes a sleeping window:
  // glfwPostEmptyEvent may be called from any thread. Training is in app_is_busy, so a running
  // run keeps the window awake anyway; this brings in a pause's or an end's last message.
  if (s.options.train_on_thread)
    s.app.use_training_host(std::make_unique<digitlab::ThreadTrainingHost>(
        digitlab::RunnerOptions{}, [] { glfwPostEmptyEvent(); }));

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // one fixed full-window panel: nothing to remember
  float scale_x = 1, scale_y = 1;
  glfwGetWindowContentScale(s.window, &scale_x, &scale_y);
  s.app.set_ui_scale(scale_x);  // before the renderer exists, so it uploads this atlas once
  ImGui_ImplGlfw_InitForOpenGL(s.window, true);
  digitlab::hold_back_quick_key_releases(s.window);
  ImGui_ImplOpenGL3_Init("#version 130");
  s.app.set_texture_backend(digitlab::make_gl_textures());

  for (const std::string& problem : digitlab::load_assets(s.app, s.options.assets))
    std::fprintf(stderr, "digitlab-app: %s\n", problem.c_str());
  // Drops, the bundled MNIST, "back to pre-trained", the kept model (desktop_files.cpp).
  digitlab::install_desktop_files(s.window, s.app, s.options.assets, DIGITLAB_MNIST_DIR,
                                  s.options.data_dir);
  // The bundled models' menu, its files read from the assets folder when chosen.
  const std::string assets = s.options.assets;
  digitlab::App& app = s.app;
  const std::string menu_problem = digitlab::install_model_menu(
      s.app, assets,
      [assets, &app](const digitlab::BundledModel& model) {
        auto bytes = digitlab::read_file(assets + "/" + model.file);
        if (bytes)
          app.model_menu().receive(model.name, std::move(*bytes));
        else
          app.model_menu().fetch_failed(model.name, bytes.error());
      },
      s.options.model);
  if (!menu_problem.empty()) std::fprintf(stderr, "digitlab-app: %s\n", menu_problem.c_str());
  if (!s.options.open.empty()) digitlab::open_files(s.app, s.options.open);
  if (s.options.sample >= 0) s.app.select_sample(static_cast<size_t>(s.options.sample));
  if (!s.options.inside.empty()) {
    s.app.inside().show(*digitlab::InsideView::tab_named(s.options.inside));
  }
  if (!s.options.augment.empty()) {
    s.app.training().settings().config.augment = *digitlab::parse_augment(s.options.augment);
    s.app.training().augment().reveal();
  }

  // Last, so that every callback installed above also wakes the idle app.
  digitlab::install_wake_on_input(s.window);
  s.gate.set_enabled(s.options.idle && s.options.frames == 0);
  while (!glfwWindowShouldClose(s.window) &&
         (s.options.frames == 0 || s.frame_count < s.options.frames))
    frame(s);

  if (s.options.print_state) print_state(s.app);
  // The training thread (which posts GLFW events) goes before GLFW: a main-thread host in its
  // place joins it.
  s.app.use_training_host(
      std::make_unique<digitlab::MainThreadTrainingHost>(digitlab::steady_seconds));
  // Reverse order of creation; the pictures' textures while their GL context is there.
  s.app.set_texture_backend(nullptr);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(s.window);
  glfwTerminate();
  return s.screenshot_failed ? 1 : 0;
}
