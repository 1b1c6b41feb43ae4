// The web shell's file glue: the C side of web/files.js. The page hands files over as bytes in
// wasm memory (digitlab_alloc, then digitlab_add_file per file and digitlab_files_done per
// batch); the panel's hooks call back into the page through the EM_JS functions below.
#include "web_files.h"

#include <emscripten.h>
#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "assets.h"
#include "data/formats.h"
#include "page_state.h"
#include "wake_signal.h"

namespace digitlab {
namespace {

constexpr const char* kKeptModel = "/persist/model.dlm";          // IDBFS, mounted by web/files.js
constexpr const char* kKeptMyDigits = "/persist/my-digits.dlmy";  // beside it, its own file

App* g_app = nullptr;
std::vector<NamedFile> g_batch;  // files of the batch the page is handing over

// clang-format off
EM_JS(void, files_js_open_picker, (), { Module['digitlabFiles'].openPicker(); });
EM_JS(void, files_js_fetch_mnist, (), { Module['digitlabFiles'].fetchMnist(); });
EM_JS(void, files_js_sync_persist, (), { Module['digitlabFiles'].syncPersist(); });
EM_JS(void, files_js_fetch_model, (const char* name, const char* file), {
  Module['digitlabFiles'].fetchModel(UTF8ToString(name), UTF8ToString(file));
});
// The page's ?model=NAME ("" without one), in memory from digitlab_alloc for the caller to free.
EM_JS(char*, files_js_model_in_link, (), {
  var name = new URLSearchParams(window.location.search).get('model') || "";
  var size = lengthBytesUTF8(name) + 1;
  var ptr = Module['_digitlab_alloc'](size);
  stringToUTF8(name, ptr, size);
  return ptr;
});
EM_JS(void, files_js_download, (const char* name, const uint8_t* data, size_t size), {
  Module['digitlabFiles'].download(UTF8ToString(name), HEAPU8.slice(data, data + size));
});
// clang-format on

Status keep_model(const std::vector<uint8_t>& bytes) {
  // The write lands in IDBFS's memory copy at once; syncfs carries it to IndexedDB.
  Status s = write_file(kKeptModel, bytes);
  if (s) files_js_sync_persist();
  return s;
}

Status forget_model() {
  std::remove(kKeptModel);  // nothing kept is no error
  files_js_sync_persist();
  return Status::success();
}

Status keep_my_digits(const std::vector<uint8_t>& bytes) {
  Status s = write_file(kKeptMyDigits, bytes);
  if (s) files_js_sync_persist();
  return s;
}

Result<std::string> download_files(const std::vector<FileToWrite>& files) {
  for (const FileToWrite& f : files)
    files_js_download(f.path.c_str(), f.bytes.data(), f.bytes.size());
  return std::string(files.size() > 1 ? "as two downloads" : "as a download");
}

// My digits kept from an earlier visit. One that does not load is dropped (as a kept model is),
// so the page starts cleanly; the message line says so.
void install_my_digits(App& app) {
  app.my_digits().set_files({keep_my_digits, download_files});
  Result<std::vector<uint8_t>> kept = read_file(kKeptMyDigits);
  if (!kept) return;  // nothing kept yet
  if (Status s = app.my_digits().restore(kept->data(), kept->size()); !s) {
    std::remove(kKeptMyDigits);
    files_js_sync_persist();
    app.show_error(s.error());
  }
}

}  // namespace

void install_web_files(App& app, const std::string& assets_dir) {
  g_app = &app;
  TrainingPanel& panel = app.training();
  PlatformFiles files;
  files.fetch_mnist = files_js_fetch_mnist;
  files.open_picker = files_js_open_picker;
  files.download = [](const std::string& name, const std::vector<uint8_t>& bytes) {
    files_js_download(name.c_str(), bytes.data(), bytes.size());
  };
  files.keep_model = keep_model;
  files.forget_model = forget_model;
  panel.set_platform(std::move(files));

  if (Result<std::vector<uint8_t>> pre = read_file(assets_dir + "/" + kModelFile); pre)
    panel.set_pretrained(std::move(*pre));
  // A kept model that no longer loads (another version, damaged storage) is dropped, so the
  // next visit starts cleanly from the pre-trained one.
  if (Result<std::vector<uint8_t>> kept = read_file(kKeptModel); kept) {
    if (!panel.restore_kept_model(kept->data(), kept->size())) forget_model();
  }
  install_my_digits(app);

  // The bundled models' menu: the default is in the preloaded assets, the others are fetched
  // from the site's models/ folder when chosen (not at start-up: see emscripten.cmake).
  char* link = files_js_model_in_link();
  const std::string choice = link;
  std::free(link);
  // The default again: read from the preloaded assets, not fetched a second time.
  const auto fetch = [&app, assets_dir](const BundledModel& model) {
    if (Result<std::vector<uint8_t>> preloaded = read_file(assets_dir + "/" + model.file);
        preloaded)
      return app.model_menu().receive(model.name, std::move(*preloaded));
    files_js_fetch_model(model.name.c_str(), model.file.c_str());
  };
  const std::string problem = install_model_menu(app, assets_dir, fetch, choice);
  if (!problem.empty()) std::fprintf(stderr, "digitlab: %s\n", problem.c_str());
}

}  // namespace digitlab

using digitlab::g_app;

extern "C" {

EMSCRIPTEN_KEEPALIVE void* digitlab_alloc(size_t size) {
  return std::malloc(size);
}

// Takes over name and data (both from digitlab_alloc).
EMSCRIPTEN_KEEPALIVE void digitlab_add_file(char* name, uint8_t* data, size_t size) {
  digitlab::g_batch.push_back({name, std::vector<uint8_t>(data, data + size)});
  std::free(name);
  std::free(data);
}

EMSCRIPTEN_KEEPALIVE void digitlab_files_done(int bundled) {
  std::vector<digitlab::NamedFile> batch;
  batch.swap(digitlab::g_batch);
  if (g_app) g_app->training().queue_files(std::move(batch), bundled != 0);
  digitlab::wake_next_frame();  // the page may be idle: the files are news
}

// Takes over message. The page could not read the files (or fetch the bundled MNIST).
EMSCRIPTEN_KEEPALIVE void digitlab_files_failed(char* message, int bundled) {
  const std::string text = message;
  std::free(message);
  digitlab::g_batch.clear();
  digitlab::wake_next_frame();
  if (!g_app) return;
  if (bundled)
    g_app->training().fetch_failed(text);
  else
    g_app->show_error("Upload failed: " + text);
}

// Takes over name and data (both from digitlab_alloc): a bundled model's file, fetched.
EMSCRIPTEN_KEEPALIVE void digitlab_model_fetched(char* name, uint8_t* data, size_t size) {
  const std::string model = name;
  std::vector<uint8_t> bytes(data, data + size);
  std::free(name);
  std::free(data);
  if (g_app) g_app->model_menu().receive(model, std::move(bytes));
  digitlab::wake_next_frame();
}

// Takes over name and message: the bundled model's file could not be fetched.
EMSCRIPTEN_KEEPALIVE void digitlab_model_fetch_failed(char* name, char* message) {
  const std::string model = name, text = message;
  std::free(name);
  std::free(message);
  if (g_app) g_app->model_menu().fetch_failed(model, text);
  digitlab::wake_next_frame();
}

EMSCRIPTEN_KEEPALIVE void digitlab_fetch_progress(double loaded, double total) {
  if (g_app) g_app->training().fetch_progress(loaded, total);
  digitlab::wake_next_frame();
}

// {"name": [x, y, width, height], ...} in framebuffer pixels, for window.digitlab.buttonRect.
EMSCRIPTEN_KEEPALIVE const char* digitlab_button_rects_json() {
  static std::string json;
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  json = g_app ? digitlab::button_rects_json(*g_app, scale.x, scale.y) : "{}";
  return json.c_str();
}

}  // extern "C"
